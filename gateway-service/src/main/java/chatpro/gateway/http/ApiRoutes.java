package chatpro.gateway.http;

import static chatpro.common.bus.Addresses.AUTH_LOGIN;
import static chatpro.common.bus.Addresses.AUTH_LOGOUT;
import static chatpro.common.bus.Addresses.AUTH_REFRESH;
import static chatpro.common.bus.Addresses.CHAT_CREATE;
import static chatpro.common.bus.Addresses.CHAT_EVENTS;
import static chatpro.common.bus.Addresses.CHAT_GET;
import static chatpro.common.bus.Addresses.MESSAGE_SEND;
import static chatpro.common.bus.Addresses.ORG_CREATE;
import static chatpro.common.bus.Addresses.ORG_GET;
import static chatpro.common.bus.Addresses.USER_CREATE;
import static chatpro.common.bus.Addresses.USER_GET;

import chatpro.common.bus.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The public HTTP API: one block per resource, one line per route, who may call it visible on the line. */
public final class ApiRoutes {
  private final Api api;
  private final SessionEnder sessions;

  /** Ends open sockets when a login ends. */
  public interface SessionEnder {
    void end(JsonObject ended);
  }

  public ApiRoutes(Api api, SessionEnder sessions) {
    this.api = api;
    this.sessions = sessions;
  }

  public void mount(Router router) {
    // organisations
    router.post("/api/v1/orgs").handler(api.operator(ctx -> api.call(ORG_CREATE, Api.body(ctx)).map(Reply::created)));
    router.get("/api/v1/orgs/me").handler(api.member((ctx, c) -> api.call(ORG_GET, Api.as(c)).map(Reply::ok)));

    // authentication
    router.post("/api/v1/auth/login").handler(api.open(this::login));
    router.post("/api/v1/auth/refresh").handler(api.open(ctx -> api.call(AUTH_REFRESH, Api.body(ctx)).map(Reply::ok)));
    router.post("/api/v1/auth/logout").handler(api.member(this::logout));

    // people
    router.get("/api/v1/me").handler(api.member((ctx, c) -> user(c, c.userId())));
    router.post("/api/v1/users").handler(api.admin((ctx, c) -> api.call(USER_CREATE, Api.as(c)
        .put("user", Api.body(ctx))).map(Reply::created)));
    router.get("/api/v1/users/:id").handler(api.member((ctx, c) -> user(c, ctx.pathParam("id"))));

    // chats and messages
    router.post("/api/v1/chats").handler(api.member(this::createChat));
    router.get("/api/v1/chats/:id").handler(api.member((ctx, c) -> api.call(CHAT_GET, chat(ctx, c)).map(Reply::ok)));
    router.get("/api/v1/chats/:id/events").handler(api.member(this::events));
    router.post("/api/v1/chats/:id/messages").handler(api.member(this::send));
  }

  private Future<Reply> login(RoutingContext ctx) {
    JsonObject request = Api.body(ctx).put("clientAddress", ctx.request().remoteAddress().hostAddress());
    return api.call(AUTH_LOGIN, request).map(Reply::ok);
  }

  private Future<Reply> logout(RoutingContext ctx, Caller caller) {
    boolean all = ctx.body().length() > 0 && Boolean.TRUE.equals(Api.body(ctx).getValue("all"));
    return api.call(AUTH_LOGOUT, Api.as(caller).put("all", all))
        .onSuccess(sessions::end)
        .map(v -> Reply.noContent());
  }

  private Future<Reply> user(Caller caller, String userId) {
    return api.call(USER_GET, Api.as(caller).put("userId", userId)).map(Reply::ok);
  }

  private Future<Reply> createChat(RoutingContext ctx, Caller caller) {
    return api.call(CHAT_CREATE, Api.as(caller).put("chat", Api.body(ctx)))
        .map(r -> new Reply(r.getBoolean("created") ? 201 : 200, r.getJsonObject("chat")));
  }

  private Future<Reply> events(RoutingContext ctx, Caller caller) {
    JsonObject request = chat(ctx, caller)
        .put("after", Api.longParam(ctx, "after", 0))
        .put("limit", Api.longParam(ctx, "limit", 100));
    return api.call(CHAT_EVENTS, request).map(Reply::ok);
  }

  private Future<Reply> send(RoutingContext ctx, Caller caller) {
    return api.call(MESSAGE_SEND, chat(ctx, caller).put("message", Api.body(ctx))).map(ack -> {
      boolean repeated = Boolean.TRUE.equals(ack.remove("repeated"));
      return new Reply(repeated ? 200 : 201, ack);
    });
  }

  private static JsonObject chat(RoutingContext ctx, Caller caller) {
    return Api.as(caller).put("chatId", ctx.pathParam("id"));
  }
}
