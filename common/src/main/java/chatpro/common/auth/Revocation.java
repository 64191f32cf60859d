package chatpro.common.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * One numbered change to the list of ended logins, as directory-service stores it and every gateway node applies it:
 * the logins (session ids) of one user that ended, and for a deactivation the time before which every access token
 * of that user is refused. Versions grow by one per change, in commit order, so a node that holds version n and
 * hears of n + 2 knows it missed one.
 */
public record Revocation(long version, String userId, List<String> sessionIds, Instant notBefore) {

  public Revocation {
    sessionIds = List.copyOf(sessionIds);
  }

  /** True when the token was issued to this change's logins, or to its user before {@link #notBefore}. */
  public boolean ends(AccessToken token) {
    return sessionIds.contains(token.sessionId())
        || notBefore != null && userId.equals(token.userId()) && issuedBefore(token, notBefore);
  }

  /** Whole seconds, as a token's {@code iat} is: a token issued in the second of the deactivation stays good. */
  public static boolean issuedBefore(AccessToken token, Instant notBefore) {
    return token.issuedAt().getEpochSecond() < notBefore.getEpochSecond();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("version", version).put("userId", userId)
        .put("sessionIds", new JsonArray(sessionIds));
    if (notBefore != null) {
      json.put("notBefore", notBefore.toEpochMilli());
    }
    return json;
  }

  public static Revocation fromJson(JsonObject json) {
    Long notBefore = json.getLong("notBefore");
    return new Revocation(json.getLong("version"), json.getString("userId"),
        json.getJsonArray("sessionIds", new JsonArray()).stream().map(String::valueOf).toList(),
        notBefore == null ? null : Instant.ofEpochMilli(notBefore));
  }

  /**
   * What directory answers a node asking for the changes after its version: the changes still in effect, in
   * version order, and the version the node holds once it has applied them; {@code more} asks it to ask again.
   */
  public record Changes(List<Revocation> changes, long head, boolean more) {
    public JsonObject toJson() {
      return new JsonObject().put("changes", new JsonArray(changes.stream().map(Revocation::toJson).toList()))
          .put("head", head).put("more", more);
    }

    public static Changes fromJson(JsonObject json) {
      List<Revocation> changes = json.getJsonArray("changes", new JsonArray()).stream()
          .map(c -> Revocation.fromJson((JsonObject) c)).toList();
      return new Changes(changes, json.getLong("head", 0L), json.getBoolean("more", false));
    }
  }
}
