package chatpro.gateway.http;

import static chatpro.common.bus.Addresses.AUDIT_LIST;
import static chatpro.common.bus.Addresses.AUDIT_VERIFICATION_GET;
import static chatpro.common.bus.Addresses.AUDIT_VERIFICATION_START;
import static chatpro.common.bus.Addresses.AUDIT_VERIFY;
import static chatpro.common.bus.Addresses.AUTH_CODE;
import static chatpro.common.bus.Addresses.AUTH_LOGIN;
import static chatpro.common.bus.Addresses.AUTH_LOGOUT;
import static chatpro.common.bus.Addresses.AUTH_REFRESH;
import static chatpro.common.bus.Addresses.CHAT_ADD_MEMBERS;
import static chatpro.common.bus.Addresses.CHAT_CREATE;
import static chatpro.common.bus.Addresses.CHAT_EVENTS;
import static chatpro.common.bus.Addresses.CHAT_GET;
import static chatpro.common.bus.Addresses.CHAT_LIST;
import static chatpro.common.bus.Addresses.CHAT_REMOVE_MEMBER;
import static chatpro.common.bus.Addresses.CHAT_RENAME;
import static chatpro.common.bus.Addresses.CHAT_SET_ROLE;
import static chatpro.common.bus.Addresses.EXPORT_CREATE;
import static chatpro.common.bus.Addresses.SAR_CREATE_FOR;
import static chatpro.common.bus.Addresses.SAR_CREATE_OWN;
import static chatpro.common.bus.Addresses.SAR_GET_OWN;
import static chatpro.common.bus.Addresses.SAR_LIST_OWN;
import static chatpro.common.bus.Addresses.EXPORT_GET;
import static chatpro.common.bus.Addresses.EXPORT_LIST;
import static chatpro.common.bus.Addresses.HOLD_LIFT;
import static chatpro.common.bus.Addresses.HOLD_LIST;
import static chatpro.common.bus.Addresses.HOLD_PLACE;
import static chatpro.common.bus.Addresses.KEYS_ROTATE;
import static chatpro.common.bus.Addresses.MESSAGE_DELETE;
import static chatpro.common.bus.Addresses.MESSAGE_RECEIPTS;
import static chatpro.common.bus.Addresses.MESSAGE_SEND;
import static chatpro.common.bus.Addresses.ORG_CREATE;
import static chatpro.common.bus.Addresses.PRESENCE_GET;
import static chatpro.common.bus.Addresses.RETENTION_SWEEP_NOW;
import static chatpro.common.bus.Addresses.PRESENCE_GET_MANY;
import static chatpro.common.bus.Addresses.PRESENCE_OFF_DUTY_CLEAR;
import static chatpro.common.bus.Addresses.PRESENCE_OFF_DUTY_SET;
import static chatpro.common.bus.Addresses.PRESENCE_ORG_SCHEDULE_GET;
import static chatpro.common.bus.Addresses.PRESENCE_ORG_SCHEDULE_PUT;
import static chatpro.common.bus.Addresses.PRESENCE_SCHEDULE_GET;
import static chatpro.common.bus.Addresses.PRESENCE_SCHEDULE_PUT;
import static chatpro.common.bus.Addresses.ORG_GET;
import static chatpro.common.bus.Addresses.ORG_UPDATE;
import static chatpro.common.bus.Addresses.URGENT_USES;
import static chatpro.common.bus.Addresses.USER_CHANGE_PASSWORD;
import static chatpro.common.bus.Addresses.USER_CREATE;
import static chatpro.common.bus.Addresses.USER_GET;
import static chatpro.common.bus.Addresses.USER_GROUPS;
import static chatpro.common.bus.Addresses.USER_IMPORT;
import static chatpro.common.bus.Addresses.USER_SEARCH;
import static chatpro.common.bus.Addresses.USER_ERASE;
import static chatpro.common.bus.Addresses.USER_SET_ACTIVE;
import static chatpro.common.bus.Addresses.USER_SET_PASSWORD;
import static chatpro.common.bus.Addresses.USER_SIGN_IN_CODE;
import static chatpro.common.bus.Addresses.USER_UPDATE;
import static chatpro.common.bus.Addresses.USERS_DEPARTMENTS;
import static chatpro.common.bus.Addresses.USERS_GET;
import static chatpro.common.bus.Addresses.USERS_SIGN_IN_CODES;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The public HTTP API: one block per resource, one line per route, who may call it visible on the line.
 * {@code member} routes need any valid token; {@code admin} and {@code compliance} routes are checked again by the
 * service against the caller's current roles.
 */
public final class ApiRoutes {
  /** A bulk import hashes one password per row (about 50 ms each on a core): up to 5,000 rows take minutes. */
  static final io.vertx.core.eventbus.DeliveryOptions IMPORT = new io.vertx.core.eventbus.DeliveryOptions()
      .setSendTimeout(java.time.Duration.ofMinutes(15).toMillis());
  /** An erasure takes a person's whole history through several services: minutes for a long one. */
  static final io.vertx.core.eventbus.DeliveryOptions ERASE = new io.vertx.core.eventbus.DeliveryOptions()
      .setSendTimeout(java.time.Duration.ofMinutes(5).toMillis());
  /** Verifying a chain reads all of it: a million entries take tens of seconds (the job route reports progress). */
  static final io.vertx.core.eventbus.DeliveryOptions VERIFY = new io.vertx.core.eventbus.DeliveryOptions()
      .setSendTimeout(java.time.Duration.ofMinutes(10).toMillis());

  private final Api api;
  private final ClientAddress clientAddress;
  private final PeopleExport export;

  public ApiRoutes(Api api, ClientAddress clientAddress) {
    this.api = api;
    this.clientAddress = clientAddress;
    this.export = new PeopleExport(api);
  }

  public void mount(Router router) {
    // organisations
    router.post("/api/v1/orgs").handler(api.operator(ctx -> api.call(ORG_CREATE, api.asOperator(Api.body(ctx))).map(Reply::created)));
    router.get("/api/v1/orgs/me").handler(api.member((ctx, c) -> api.call(ORG_GET, Api.as(c)).map(Reply::ok)));
    router.patch("/api/v1/orgs/me").handler(api.admin((ctx, c) -> patch(ORG_UPDATE, Api.as(c), ctx)));
    router.post("/api/v1/operator/signing-keys/rotate").handler(api.operator(ctx -> api.call(KEYS_ROTATE,
        api.asOperator(new JsonObject())).map(Reply::ok)));
    router.post("/api/v1/operator/retention/sweep").handler(api.operator(ctx -> api.call(RETENTION_SWEEP_NOW,
        api.asOperator(new JsonObject())).map(Reply::accepted)));

    // authentication
    router.post("/api/v1/auth/login").handler(api.open(this::login));
    router.post("/api/v1/auth/code").handler(api.open(this::redeemCode));
    router.post("/api/v1/auth/refresh").handler(api.open(ctx -> api.call(AUTH_REFRESH, Api.body(ctx)).map(Reply::ok)));
    router.post("/api/v1/auth/logout").handler(api.member(this::logout));

    // people
    router.get("/api/v1/me").handler(api.member((ctx, c) -> user(c, c.userId())));
    router.put("/api/v1/me/password").handler(api.member((ctx, c) -> api.call(USER_CHANGE_PASSWORD,
        Api.as(c).mergeIn(passwords(ctx))).map(v -> Reply.noContent())));
    router.get("/api/v1/users").handler(api.member(this::search));
    router.post("/api/v1/users").handler(api.admin((ctx, c) -> api.call(USER_CREATE, Api.as(c)
        .put("user", Api.body(ctx))).map(Reply::created)));
    router.post("/api/v1/users/import").handler(api.admin(this::importCsv));
    router.get("/api/v1/users/departments").handler(api.member((ctx, c) -> api.call(USERS_DEPARTMENTS, Api.as(c))
        .map(Reply::ok)));
    router.get("/api/v1/users/export.csv").handler(api.adminDownload(export::send));
    router.post("/api/v1/users/sign-in-codes").handler(api.admin((ctx, c) -> api.call(USERS_SIGN_IN_CODES, Api.as(c)
        .put("userIds", Api.body(ctx).getValue("userIds"))).map(Reply::created)));
    router.get("/api/v1/users/:id").handler(api.member((ctx, c) -> user(c, ctx.pathParam("id"))));
    router.patch("/api/v1/users/:id").handler(api.member((ctx, c) -> patch(USER_UPDATE, target(ctx, c), ctx)));
    router.post("/api/v1/users/:id/deactivate").handler(api.admin((ctx, c) -> active(ctx, c, false)));
    router.post("/api/v1/users/:id/reactivate").handler(api.admin((ctx, c) -> active(ctx, c, true)));
    // erasure: admins and compliance officers (message-service checks the roles as they are now)
    router.post("/api/v1/users/:id/erase").handler(api.member((ctx, c) -> api.call(USER_ERASE, target(ctx, c)
        .put("reason", Api.body(ctx).getValue("reason")), ERASE).map(v -> Reply.noContent())));
    router.post("/api/v1/users/:id/sign-in-code").handler(api.admin((ctx, c) -> api.call(USER_SIGN_IN_CODE,
        target(ctx, c)).map(Reply::created)));
    router.post("/api/v1/users/:id/password").handler(api.admin((ctx, c) -> api.call(USER_SET_PASSWORD,
        target(ctx, c).put("password", Api.body(ctx).getValue("password"))).map(v -> Reply.noContent())));
    router.get("/api/v1/users/:id/groups").handler(api.admin(this::groupsOf));

    // chats and messages
    router.post("/api/v1/chats").handler(api.member(this::createChat));
    router.get("/api/v1/chats").handler(api.member((ctx, c) -> api.call(CHAT_LIST, Api.as(c)).map(Reply::ok)));
    router.get("/api/v1/chats/:id").handler(api.member((ctx, c) -> api.call(CHAT_GET, chat(ctx, c)).map(Reply::ok)));
    router.patch("/api/v1/chats/:id").handler(api.member((ctx, c) -> patch(CHAT_RENAME, chat(ctx, c), ctx)));
    router.post("/api/v1/chats/:id/members").handler(api.member((ctx, c) -> api.call(CHAT_ADD_MEMBERS, chat(ctx, c)
        .put("userIds", Api.body(ctx).getValue("userIds"))).map(Reply::ok)));
    router.delete("/api/v1/chats/:id/members/:userId").handler(api.member((ctx, c) -> api.call(CHAT_REMOVE_MEMBER,
        chat(ctx, c).put("userId", ctx.pathParam("userId"))).map(v -> Reply.noContent())));
    router.patch("/api/v1/chats/:id/members/:userId").handler(api.member((ctx, c) -> patch(CHAT_SET_ROLE,
        chat(ctx, c).put("userId", ctx.pathParam("userId")), ctx)));
    router.get("/api/v1/chats/:id/events").handler(api.member(this::events));
    router.post("/api/v1/chats/:id/messages").handler(api.member(this::send));
    router.delete("/api/v1/chats/:id/messages/:messageId").handler(api.member((ctx, c) -> api.call(MESSAGE_DELETE,
        chat(ctx, c).put("messageId", ctx.pathParam("messageId"))).map(v -> Reply.noContent())));
    // legal holds
    router.post("/api/v1/holds").handler(api.compliance((ctx, c) -> api.call(HOLD_PLACE, Api.as(c)
        .put("hold", Api.body(ctx))).map(Reply::created)));
    router.get("/api/v1/holds").handler(api.compliance((ctx, c) -> api.call(HOLD_LIST, Api.as(c)).map(Reply::ok)));
    router.delete("/api/v1/holds/:id").handler(api.compliance((ctx, c) -> api.call(HOLD_LIFT, Api.as(c)
        .put("holdId", ctx.pathParam("id"))).map(v -> Reply.noContent())));

    // presence and the off-duty timer
    router.get("/api/v1/presence").handler(api.member((ctx, c) -> api.call(PRESENCE_GET_MANY, Api.as(c)
        .put("ids", Api.listParam(ctx, "ids"))).map(Reply::ok)));
    router.get("/api/v1/presence/:userId").handler(api.member((ctx, c) -> api.call(PRESENCE_GET, Api.as(c)
        .put("userId", ctx.pathParam("userId"))).map(Reply::ok)));
    router.get("/api/v1/me/schedule").handler(api.member((ctx, c) -> api.call(PRESENCE_SCHEDULE_GET, Api.as(c))
        .map(Reply::ok)));
    router.put("/api/v1/me/schedule").handler(api.member((ctx, c) -> api.call(PRESENCE_SCHEDULE_PUT, Api.as(c)
        .put("schedule", Api.body(ctx))).map(Reply::ok)));
    router.get("/api/v1/orgs/me/schedule").handler(api.member((ctx, c) -> api.call(PRESENCE_ORG_SCHEDULE_GET,
        Api.as(c)).map(Reply::ok)));
    router.put("/api/v1/orgs/me/schedule").handler(api.admin((ctx, c) -> api.call(PRESENCE_ORG_SCHEDULE_PUT,
        Api.as(c).put("schedule", Api.body(ctx))).map(Reply::ok)));
    router.get("/api/v1/orgs/me/urgent-uses").handler(api.admin((ctx, c) -> api.call(URGENT_USES, Api.as(c)
        .put("before", ctx.request().getParam("before")).put("limit", Api.longParam(ctx, "limit", 100)))
        .map(Reply::ok)));
    router.post("/api/v1/me/off-duty").handler(api.member((ctx, c) -> api.call(PRESENCE_OFF_DUTY_SET, Api.as(c)
        .put("until", Api.body(ctx).getValue("until"))).map(Reply::ok)));
    router.delete("/api/v1/me/off-duty").handler(api.member((ctx, c) -> api.call(PRESENCE_OFF_DUTY_CLEAR,
        Api.as(c)).map(v -> Reply.noContent())));

    // investigation exports (compliance, checked by message-service against current roles; the download is in
    // MediaRoutes, which streams stored files)
    router.post("/api/v1/exports").handler(api.compliance((ctx, c) -> api.call(EXPORT_CREATE, Api.as(c)
        .put("export", Api.body(ctx))).map(Reply::accepted)));
    router.get("/api/v1/exports").handler(api.compliance((ctx, c) -> api.call(EXPORT_LIST, Api.as(c)).map(Reply::ok)));
    router.get("/api/v1/exports/:id").handler(api.compliance((ctx, c) -> api.call(EXPORT_GET, Api.as(c)
        .put("exportId", ctx.pathParam("id"))).map(Reply::ok)));

    // subject-access exports: a person's own (theirs alone), and compliance's for anyone of their org; the
    // downloads are in MediaRoutes
    router.post("/api/v1/me/export").handler(api.member((ctx, c) -> api.call(SAR_CREATE_OWN, Api.as(c))
        .map(Reply::accepted)));
    router.get("/api/v1/me/exports").handler(api.member((ctx, c) -> api.call(SAR_LIST_OWN, Api.as(c))
        .map(Reply::ok)));
    router.get("/api/v1/me/exports/:id").handler(api.member((ctx, c) -> api.call(SAR_GET_OWN, Api.as(c)
        .put("exportId", ctx.pathParam("id"))).map(Reply::ok)));
    router.post("/api/v1/users/:id/export").handler(api.compliance((ctx, c) -> api.call(SAR_CREATE_FOR,
        target(ctx, c).put("reason", Api.optionalBody(ctx).getValue("reason"))).map(Reply::accepted)));

    // the audit log: admins and compliance officers (message-service checks their current roles)
    router.get("/api/v1/audit").handler(api.admin(this::auditEntries));
    router.get("/api/v1/audit/verify").handler(api.admin((ctx, c) -> api.call(AUDIT_VERIFY, Api.as(c), VERIFY)
        .map(Reply::ok)));
    router.post("/api/v1/audit/verifications").handler(api.admin((ctx, c) -> api.call(AUDIT_VERIFICATION_START,
        Api.as(c)).map(job -> new Reply(202, job))));
    router.get("/api/v1/audit/verifications/:id").handler(api.admin((ctx, c) -> api.call(AUDIT_VERIFICATION_GET,
        Api.as(c).put("id", ctx.pathParam("id"))).map(Reply::ok)));

    router.get("/api/v1/chats/:id/messages/:messageId/receipts").handler(api.member((ctx, c) -> api.call(
        MESSAGE_RECEIPTS, chat(ctx, c).put("messageId", ctx.pathParam("messageId"))).map(Reply::ok)));
  }

  /** A page of the audit chain: {@code after}, {@code before}, {@code limit} and the admin screen's filters. */
  private Future<Reply> auditEntries(RoutingContext ctx, Caller caller) {
    JsonObject request = Api.as(caller);
    for (String number : new String[] {"after", "before", "limit"}) {
      Api.putLong(ctx, request, number);
    }
    for (String text : new String[] {"action", "actorId", "targetId", "from", "to"}) {
      request.put(text, ctx.request().getParam(text));
    }
    return api.call(AUDIT_LIST, request).map(Reply::ok);
  }

  private Future<Reply> login(RoutingContext ctx) {
    JsonObject request = Api.body(ctx).put("clientAddress", clientAddress.of(ctx.request()))
        .put("device", DeviceName.of(ctx.request().getHeader("User-Agent")));
    return api.call(AUTH_LOGIN, request).map(Reply::ok);
  }

  /** A sign-in code and a new password; failures count against the client address, as for login. */
  private Future<Reply> redeemCode(RoutingContext ctx) {
    JsonObject body = Api.body(ctx);
    JsonObject request = new JsonObject().put("code", body.getValue("code")).put("password", body.getValue("password"))
        .put("clientAddress", clientAddress.of(ctx.request()))
        .put("device", DeviceName.of(ctx.request().getHeader("User-Agent")));
    return api.call(AUTH_CODE, request).map(Reply::ok);
  }

  private Future<Reply> logout(RoutingContext ctx, Caller caller) {
    boolean all = ctx.body().length() > 0 && Boolean.TRUE.equals(Api.body(ctx).getValue("all"));
    return api.call(AUTH_LOGOUT, Api.as(caller).put("all", all)).map(v -> Reply.noContent());
  }

  private Future<Reply> user(Caller caller, String userId) {
    return api.call(USER_GET, Api.as(caller).put("userId", userId)).map(Reply::ok);
  }

  /**
   * Search and the admin area's listing ({@code role}, {@code department}, {@code active}), or with {@code ids} the
   * people of those ids (then the other parameters are unused).
   */
  private Future<Reply> search(RoutingContext ctx, Caller caller) {
    if (ctx.request().getParam("ids") != null) {
      return api.call(USERS_GET, Api.as(caller).put("ids", Api.listParam(ctx, "ids"))).map(Reply::ok);
    }
    JsonObject request = Api.as(caller).put("q", ctx.request().getParam("q"))
        .put("cursor", ctx.request().getParam("cursor"))
        .put("role", ctx.request().getParam("role"))
        .put("department", ctx.request().getParam("department"))
        .put("active", Api.boolParam(ctx, "active"));
    return api.call(USER_SEARCH, Api.putLong(ctx, request, "limit")).map(Reply::ok);
  }

  /** A person's groups with their members, for the admin area: membership only, paged by {@code cursor}. */
  private Future<Reply> groupsOf(RoutingContext ctx, Caller caller) {
    JsonObject request = target(ctx, caller).put("cursor", ctx.request().getParam("cursor"));
    return api.call(USER_GROUPS, Api.putLong(ctx, request, "limit")).map(Reply::ok);
  }

  private Future<Reply> importCsv(RoutingContext ctx, Caller caller) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("text/csv")) {
      throw new ChatproException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be text/csv");
    }
    String dryRun = ctx.request().getParam("dryRun");
    JsonObject request = Api.as(caller).put("csv", ctx.body().asString("UTF-8"))
        .put("dryRun", "true".equalsIgnoreCase(dryRun));
    return api.call(USER_IMPORT, request, IMPORT).map(Reply::ok);
  }

  private Future<Reply> active(RoutingContext ctx, Caller caller, boolean active) {
    return api.call(USER_SET_ACTIVE, target(ctx, caller).put("active", active)).map(v -> Reply.noContent());
  }

  private Future<Reply> patch(String address, JsonObject request, RoutingContext ctx) {
    return api.call(address, request.put("patch", Api.body(ctx))).map(Reply::ok);
  }

  private static JsonObject passwords(RoutingContext ctx) {
    JsonObject body = Api.body(ctx);
    return new JsonObject().put("current", body.getValue("current")).put("new", body.getValue("new"));
  }

  private static JsonObject target(RoutingContext ctx, Caller caller) {
    return Api.as(caller).put("userId", ctx.pathParam("id"));
  }

  private Future<Reply> createChat(RoutingContext ctx, Caller caller) {
    return api.call(CHAT_CREATE, Api.as(caller).put("chat", Api.body(ctx)))
        .map(r -> new Reply(r.getBoolean("created") ? 201 : 200, r.getJsonObject("chat")));
  }

  private Future<Reply> events(RoutingContext ctx, Caller caller) {
    JsonObject request = chat(ctx, caller);
    Api.putLong(ctx, request, "after");
    Api.putLong(ctx, request, "before");
    Api.putLong(ctx, request, "limit");
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
