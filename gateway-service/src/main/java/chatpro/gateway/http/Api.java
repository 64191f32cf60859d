package chatpro.gateway.http;

import chatpro.common.bus.Caller;
import chatpro.common.bus.CallerSeals;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.gateway.auth.Authenticator;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** The building blocks of routes: who may call, how a request reaches a service, how the answer goes back. */
public final class Api {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Api.class);
  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(15_000);

  private final Vertx vertx;
  private final Authenticator auth;
  private final byte[] operatorToken;
  private final CallerSeals seals;

  public Api(Vertx vertx, Authenticator auth, String operatorToken) {
    this.vertx = vertx;
    this.auth = auth;
    this.seals = CallerSeals.of(vertx);
    this.operatorToken = operatorToken.getBytes(StandardCharsets.UTF_8);
  }

  /** Anyone (login, refresh). */
  public Handler<RoutingContext> open(Function<RoutingContext, Future<Reply>> handler) {
    return ctx -> respond(ctx, invoke(() -> handler.apply(ctx)));
  }

  /** Any signed-in person; the handler gets the verified caller. */
  public Handler<RoutingContext> member(BiFunction<RoutingContext, Caller, Future<Reply>> handler) {
    return ctx -> respond(ctx, invoke(() -> auth.verify(Authenticator.bearer(ctx.request().getHeader("Authorization"))))
        .compose(token -> handler.apply(ctx, seals.seal(Caller.of(token)))));
  }

  /**
   * Org admins only. The service checks the role against the directory's current data (403 otherwise): the roles in
   * a token may be up to a token's lifetime old, so the gateway does not decide on them.
   */
  public Handler<RoutingContext> admin(BiFunction<RoutingContext, Caller, Future<Reply>> handler) {
    return member(handler);
  }

  /**
   * Compliance officers only; as for {@link #admin}, the service checks the role against the directory's current
   * data (403 otherwise).
   */
  public Handler<RoutingContext> compliance(BiFunction<RoutingContext, Caller, Future<Reply>> handler) {
    return member(handler);
  }

  /**
   * Org admins, for a route that writes its own answer (a download). A failure before the answer started becomes
   * the error shape; one after it started closes the connection, so the client sees a broken download, not a short
   * one.
   */
  public Handler<RoutingContext> adminDownload(BiFunction<RoutingContext, Caller, Future<Void>> handler) {
    return ctx -> invoke(() -> auth.verify(Authenticator.bearer(ctx.request().getHeader("Authorization"))))
        .compose(token -> handler.apply(ctx, seals.seal(Caller.of(token))))
        .onFailure(e -> {
          if (!ctx.response().headWritten()) {
            respond(ctx, Future.failedFuture(e));
          } else {
            LOG.warn("{} broke off after it started: {}", ctx.normalizedPath(), e.toString());
            ctx.request().connection().close();
          }
        });
  }

  /**
   * The operator (the CHATPRO_OPERATOR_TOKEN setting); an empty setting turns these routes off. The handler's
   * service request must carry {@link #asOperator}: the service checks that seal, not this node's word.
   */
  public Handler<RoutingContext> operator(Function<RoutingContext, Future<Reply>> handler) {
    return ctx -> respond(ctx, invoke(() -> {
      byte[] given = Authenticator.bearer(ctx.request().getHeader("Authorization")).getBytes(StandardCharsets.UTF_8);
      if (operatorToken.length == 0 || !MessageDigest.isEqual(operatorToken, given)) {
        throw ChatproException.unauthorized();
      }
      return handler.apply(ctx);
    }));
  }

  /** Sends a request to a service and answers its JSON reply. */
  public Future<JsonObject> call(String address, JsonObject request) {
    return call(address, request, REQUEST);
  }

  /** The same, for work known to take longer than an ordinary request (a bulk import). */
  public Future<JsonObject> call(String address, JsonObject request, DeliveryOptions options) {
    return vertx.eventBus().<JsonObject>request(address, request, options).map(reply -> reply.body());
  }

  /** A request for an operator action, sealed as one, once {@link #operator} has checked the operator token. */
  public JsonObject asOperator(JsonObject request) {
    return seals.asOperator(request);
  }

  /** A request for a service on behalf of the caller. */
  public static JsonObject as(Caller caller) {
    return new JsonObject().put("caller", caller.toJson());
  }

  /** The request body as a JSON object, or a 400. */
  public static JsonObject body(RoutingContext ctx) {
    try {
      Object parsed = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().asJsonObject();
      if (parsed instanceof JsonObject o) {
        return o;
      }
    } catch (DecodeException | ClassCastException e) {
      // falls through to the 400 below
    }
    throw ChatproException.badRequest("the body must be a JSON object");
  }

  /** The body as a JSON object, or an empty one when there is no body at all (optional bodies). */
  public static JsonObject optionalBody(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().length() <= 0 ? new JsonObject() : body(ctx);
  }

  /** A query parameter that must be a whole number when present. */
  public static long longParam(RoutingContext ctx, String name, long fallback) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ChatproException.badRequest(name + " must be a whole number");
    }
  }

  /** A query parameter that must be {@code true} or {@code false} when present; null when absent. */
  public static Boolean boolParam(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return null;
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.valueOf(v);
    }
    throw ChatproException.badRequest(name + " must be true or false");
  }

  /** Copies a query parameter into the request as a whole number when it is present (a 400 when it is not one). */
  public static JsonObject putLong(RoutingContext ctx, JsonObject request, String name) {
    if (ctx.request().getParam(name) != null) {
      request.put(name, longParam(ctx, name, 0));
    }
    return request;
  }

  /**
   * A comma-separated query parameter as a list of strings (every occurrence of the parameter, in order): null when
   * absent, an empty list when empty. The service checks what the strings are.
   */
  public static JsonArray listParam(RoutingContext ctx, String name) {
    if (ctx.request().getParam(name) == null) {
      return null;
    }
    String joined = String.join(",", ctx.queryParam(name));
    return joined.isEmpty() ? new JsonArray() : new JsonArray(java.util.Arrays.asList(joined.split(",", -1)));
  }

  /** Runs a step that may throw before it returns a future; a throw becomes a failed future. */
  private static <T> Future<T> invoke(Supplier<Future<T>> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static void respond(RoutingContext ctx, Future<Reply> reply) {
    reply.onSuccess(r -> {
      if (ctx.response().ended()) {
        return;
      }
      ctx.response().setStatusCode(r.status());
      if (r.body() == null) {
        ctx.response().end();
      } else {
        ctx.response().putHeader("Content-Type", "application/json").end(r.body().encode());
      }
    }).onFailure(e -> {
      ChatproException ce = ChatproException.from(e);
      if (ce.code() == ErrorCode.INTERNAL) {
        ctx.fail(e);
      } else {
        Errors.send(ctx.response(), ce);
      }
    });
  }
}
