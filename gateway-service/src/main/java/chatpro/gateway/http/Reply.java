package chatpro.gateway.http;

import io.vertx.core.json.JsonObject;

/** An HTTP answer: a status and a JSON body (none for 204). */
public record Reply(int status, JsonObject body) {
  public static Reply ok(JsonObject body) {
    return new Reply(200, body);
  }

  public static Reply created(JsonObject body) {
    return new Reply(201, body);
  }

  /** Work accepted and going on in the background (an export). */
  public static Reply accepted(JsonObject body) {
    return new Reply(202, body);
  }

  public static Reply noContent() {
    return new Reply(204, null);
  }
}
