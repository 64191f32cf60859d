package chatpro.common.bus;

import chatpro.common.auth.AccessToken;
import chatpro.common.error.ChatproException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** Who a request is made for, as the gateway verified it; every service request carries it under "caller". */
public record Caller(String userId, String orgId, List<String> roles, String sessionId) {

  public static Caller of(AccessToken token) {
    return new Caller(token.userId(), token.orgId(), token.roles(), token.sessionId());
  }

  /** The caller of a request body; a request without one is a programming error, answered 401. */
  public static Caller from(JsonObject request) {
    JsonObject c = request.getJsonObject("caller");
    if (c == null) {
      throw ChatproException.unauthorized();
    }
    List<String> roles = c.getJsonArray("roles", new JsonArray()).stream().map(String::valueOf).toList();
    return new Caller(c.getString("userId"), c.getString("orgId"), roles, c.getString("sessionId"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("orgId", orgId).put("roles", new JsonArray(roles))
        .put("sessionId", sessionId);
  }

  public UUID userUuid() {
    return UUID.fromString(userId);
  }

  public UUID orgUuid() {
    return UUID.fromString(orgId);
  }

  public boolean isAdmin() {
    return roles.contains("admin");
  }
}
