package chatpro.gateway.auth;

import chatpro.common.auth.AccessToken;
import chatpro.common.auth.Revocation;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's copy of directory's list of ended logins: the session ids whose tokens are refused, and per user the
 * time before which their tokens are refused (a deactivation). Asking about a token is two hash lookups. The copy
 * holds every change up to {@link #version()}; a change heard out of turn is applied at once but leaves the
 * version where it was, so the next catch-up asks for the one missed. Entries are dropped once every token they
 * could refuse has expired, so the copy stays small.
 */
public final class RevocationList {
  private final Map<String, Long> sessions = new ConcurrentHashMap<>();
  private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
  private final long keepMillis;
  private long version;

  /** @param keepMillis how long an entry can still refuse a token: a token's lifetime plus clock slack */
  public RevocationList(long keepMillis) {
    this.keepMillis = keepMillis;
  }

  public synchronized long version() {
    return version;
  }

  /** Applies a published change; answers false when changes before it are missing (a catch-up should follow). */
  public synchronized boolean apply(Revocation change, long now) {
    add(change, now);
    if (change.version() == version + 1) {
      version = change.version();
    }
    return change.version() <= version;
  }

  /**
   * Applies a catch-up answer: every change after {@link #version()} up to {@code head}. A head below this copy's
   * version means directory's list started again (a new database): the copy follows it, keeping what it has.
   */
  public synchronized void catchUp(Revocation.Changes answer, long now) {
    answer.changes().forEach(change -> add(change, now));
    version = answer.head();
  }

  public boolean refuses(AccessToken token) {
    if (sessions.containsKey(token.sessionId())) {
      return true;
    }
    Instant before = notBefore.get(token.userId());
    return before != null && Revocation.issuedBefore(token, before);
  }

  public void prune(long now) {
    sessions.values().removeIf(until -> until < now);
    notBefore.values().removeIf(before -> before.toEpochMilli() + keepMillis < now);
  }

  public int size() {
    return sessions.size() + notBefore.size();
  }

  private void add(Revocation change, long now) {
    change.sessionIds().forEach(id -> sessions.put(id, now + keepMillis));
    if (change.notBefore() != null) {
      notBefore.merge(change.userId(), change.notBefore(), (a, b) -> a.isAfter(b) ? a : b);
    }
  }
}
