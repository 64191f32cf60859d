package chatpro.gateway.ws;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import io.vertx.core.json.JsonObject;

/** The shapes of server frames. */
final class Frames {
  private Frames() {}

  static JsonObject ack(String id) {
    return new JsonObject().put("type", "ack").put("id", id);
  }

  static JsonObject error(String id, ErrorCode code, String message) {
    JsonObject frame = new JsonObject().put("type", "error");
    if (id != null) {
      frame.put("id", id);
    }
    return frame.put("code", code.code()).put("message", message);
  }

  static JsonObject error(String id, Throwable failure) {
    ChatproException e = ChatproException.from(failure);
    String message = e.code() == ErrorCode.INTERNAL ? "internal error" : e.getMessage();
    JsonObject frame = error(id, e.code(), message);
    if (e.retryAfterSeconds() > 0) {
      frame.put("retryAfter", e.retryAfterSeconds());
    }
    return frame;
  }
}
