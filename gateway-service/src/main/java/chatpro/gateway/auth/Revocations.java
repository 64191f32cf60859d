package chatpro.gateway.auth;

import io.vertx.core.json.JsonArray;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins (session ids) that ended before their access tokens expire. Tokens of these sessions are refused on this
 * node. Entries are dropped once every token of the session has expired, so the set stays small.
 */
public final class Revocations {
  private final Map<String, Long> until = new ConcurrentHashMap<>();
  private final long keepMillis;

  public Revocations(long keepMillis) {
    this.keepMillis = keepMillis;
  }

  public void add(JsonArray sessionIds, long now) {
    for (Object id : sessionIds) {
      until.put((String) id, now + keepMillis);
    }
  }

  public boolean isRevoked(String sessionId) {
    return until.containsKey(sessionId);
  }

  public void prune(long now) {
    until.values().removeIf(t -> t < now);
  }

  public int size() {
    return until.size();
  }
}
