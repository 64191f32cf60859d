package chatpro.common.bus;

import chatpro.common.auth.AccessToken;
import chatpro.common.error.ChatproException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * Who a request is made for, as the gateway verified it; every service request carries it under "caller", sealed by
 * {@link CallerSeals} so that a service can tell a caller the gateway vouched for from one written into a body.
 *
 * @param seal the seal this caller arrived with (kept, so a service passing the caller on to another passes the
 *     gateway's seal with it); null for a caller not sealed yet
 */
public record Caller(String userId, String orgId, List<String> roles, String sessionId, Seal seal) {

  /** The gateway's (or a service's own) MAC over the caller's fields and the time it stops being accepted. */
  public record Seal(long expiresAtMillis, String mac) {}

  public Caller(String userId, String orgId, List<String> roles, String sessionId) {
    this(userId, orgId, roles, sessionId, null);
  }

  public static Caller of(AccessToken token) {
    return new Caller(token.userId(), token.orgId(), token.roles(), token.sessionId());
  }

  /**
   * The caller of a request body; a request without one is a programming error, answered 401. The seal is checked
   * before the handler runs ({@link Handlers}), not here.
   */
  public static Caller from(JsonObject request) {
    JsonObject c = request.getJsonObject("caller");
    if (c == null) {
      throw ChatproException.unauthorized();
    }
    List<String> roles = c.getJsonArray("roles", new JsonArray()).stream().map(String::valueOf).toList();
    Object exp = c.getValue("exp");
    Object mac = c.getValue("seal");
    Seal seal = exp instanceof Number n && mac instanceof String m ? new Seal(n.longValue(), m) : null;
    return new Caller(c.getString("userId"), c.getString("orgId"), roles, c.getString("sessionId"), seal);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("userId", userId).put("orgId", orgId).put("roles", new JsonArray(roles))
        .put("sessionId", sessionId);
    if (seal != null) {
      json.put("exp", seal.expiresAtMillis()).put("seal", seal.mac());
    }
    return json;
  }

  public Caller withSeal(Seal seal) {
    return new Caller(userId, orgId, roles, sessionId, seal);
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
