package chatpro.gateway.http;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place failures become the protocol's error shape; nothing else reaches a client. */
public final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  public static JsonObject body(ErrorCode code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code.code()).put("message", message));
  }

  /** Router failure handler: known failures keep their code, the rest are a 500 without details. */
  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    ChatproException e;
    if (failure != null) {
      e = ChatproException.from(failure);
      if (e.code() == ErrorCode.INTERNAL) {
        LOG.error("{} {} failed", ctx.request().method(), ctx.normalizedPath(), failure);
      }
    } else {
      e = fromStatus(ctx.statusCode());
    }
    send(ctx.response(), e);
  }

  public static void send(HttpServerResponse response, ChatproException e) {
    if (response.ended()) {
      return;
    }
    if (e.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    String message = e.code() == ErrorCode.INTERNAL ? "internal error" : e.getMessage();
    response.setStatusCode(e.code().status())
        .putHeader("Content-Type", "application/json")
        .end(body(e.code(), message).encode());
  }

  private static ChatproException fromStatus(int status) {
    return switch (status) {
      case 400 -> ChatproException.badRequest("bad request");
      case 401 -> ChatproException.unauthorized();
      case 403 -> ChatproException.forbidden("forbidden");
      case 404 -> ChatproException.notFound("resource");
      case 405 -> new ChatproException(ErrorCode.NOT_FOUND, "no such method for this resource");
      case 413 -> new ChatproException(ErrorCode.PAYLOAD_TOO_LARGE, "the body is too large");
      case 415 -> new ChatproException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "unsupported content type");
      default -> new ChatproException(ErrorCode.INTERNAL, "internal error");
    };
  }
}
