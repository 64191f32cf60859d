package chatpro.directory.auth;

import chatpro.common.auth.Revocation;
import chatpro.common.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Ending logins. A login (session) is a refresh-token family; its access tokens carry its id as {@code sid}. Ending
 * logins marks them revoked (so their refresh tokens stop) and, in the same transaction, adds a numbered change to
 * the revocation list ({@link Revocation}); after the commit the change is published to every gateway node, which
 * refuses those tokens from then on and closes their sockets with 4403. A node that missed the publish finds the
 * change when it next asks for what came after its version ({@link #changesAfter}), within seconds.
 */
public final class Sessions {
  static final String REVOKE_ONE = "UPDATE sessions SET revoked_at = now() WHERE family_id = $1"
      + " AND revoked_at IS NULL RETURNING family_id, user_id";
  static final String REVOKE_USER = "UPDATE sessions SET revoked_at = now() WHERE user_id = $1"
      + " AND revoked_at IS NULL AND family_id <> $2 RETURNING family_id, user_id";
  /** The next number, held (the head row locked) until this transaction commits: numbers commit in order. */
  static final String RECORD = "WITH head AS (UPDATE revocation_head SET version = version + 1 RETURNING version)"
      + " INSERT INTO revocations (version, user_id, session_ids, not_before)"
      + " SELECT version, $1, $2, $3 FROM head RETURNING version";
  /** One statement, one snapshot: every change up to the head it reads has committed. */
  static final String CHANGES = "SELECT h.version AS head, r.version, r.user_id, r.session_ids, r.not_before"
      + " FROM revocation_head h LEFT JOIN revocations r ON r.version > $1 AND r.version <= h.version AND r.at > $2"
      + " ORDER BY r.version LIMIT $3";
  static final String PURGE = "DELETE FROM revocations WHERE at < $1";
  static final int PAGE = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final Duration accessTtl;
  private final Clock clock;

  public Sessions(Vertx vertx, Pool pool, Duration accessTtl, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.accessTtl = accessTtl;
    this.clock = clock;
  }

  /** Ends one login in the caller's transaction. Answers what was ended, to announce after the commit. */
  public Future<Ended> endOne(SqlClient tx, UUID sessionId) {
    return tx.preparedQuery(REVOKE_ONE).execute(Tuple.of(sessionId))
        .compose(rows -> record(tx, rows, null, null));
  }

  /** Ends every login of a user except {@code keep} (null: all of them), in the caller's transaction. */
  public Future<Ended> endAll(SqlClient tx, UUID userId, UUID keep) {
    UUID except = keep == null ? new UUID(0, 0) : keep;
    return tx.preparedQuery(REVOKE_USER).execute(Tuple.of(userId, except))
        .compose(rows -> record(tx, rows, userId, null));
  }

  /**
   * A deactivation or erasure, in the caller's transaction (which holds the user's row lock, so no login of theirs
   * starts meanwhile): every login ends, and every token issued to them before now is refused, whatever its login.
   */
  public Future<Ended> endForDeactivation(SqlClient tx, UUID userId) {
    return tx.preparedQuery(REVOKE_USER).execute(Tuple.of(userId, new UUID(0, 0)))
        .compose(rows -> record(tx, rows, userId, clock.instant()));
  }

  /** Tells every gateway node; call after the transaction that ended them committed. */
  public void announce(Ended ended) {
    if (ended.change() != null) {
      vertx.eventBus().publish(Addresses.GATEWAY_SESSIONS_END, ended.change().toJson());
    }
  }

  /**
   * {@code {after}} → {@link Revocation.Changes}: the changes after that version that can still refuse a token
   * (made within an access token's lifetime), a page at a time, and the version the asker holds once applied.
   */
  public Future<JsonObject> changesAfter(JsonObject request) {
    long after = request.getValue("after") instanceof Number n ? Math.max(0, n.longValue()) : 0;
    return pool.preparedQuery(CHANGES).execute(Tuple.of(after, stillInEffect(), PAGE + 1))
        .map(rows -> changes(rows).toJson());
  }

  /** Drops changes that can no longer refuse any token. */
  public Future<Void> purge() {
    return pool.preparedQuery(PURGE).execute(Tuple.of(stillInEffect())).mapEmpty();
  }

  private OffsetDateTime stillInEffect() {
    return OffsetDateTime.ofInstant(clock.instant().minus(accessTtl).minusSeconds(60), ZoneOffset.UTC);
  }

  private static Revocation.Changes changes(RowSet<Row> rows) {
    long head = 0;
    List<Revocation> changes = new ArrayList<>();
    for (Row row : rows) {
      head = row.getLong("head");
      if (row.getValue("version") != null && changes.size() < PAGE) {
        OffsetDateTime notBefore = row.getOffsetDateTime("not_before");
        changes.add(new Revocation(row.getLong("version"), row.getUUID("user_id").toString(),
            Arrays.stream(row.getArrayOfUUIDs("session_ids")).map(UUID::toString).toList(),
            notBefore == null ? null : notBefore.toInstant()));
      }
    }
    boolean more = rows.size() > PAGE;
    return new Revocation.Changes(changes, more ? changes.get(changes.size() - 1).version() : head, more);
  }

  /** Adds the change to the list, when there is one: logins ended, or a user whose earlier tokens all end. */
  private Future<Ended> record(SqlClient tx, RowSet<Row> revoked, UUID userId, Instant notBefore) {
    List<UUID> ids = new ArrayList<>();
    UUID user = userId;
    for (Row row : revoked) {
      ids.add(row.getUUID("family_id"));
      user = row.getUUID("user_id");
    }
    if (user == null || ids.isEmpty() && notBefore == null) {
      return Future.succeededFuture(Ended.NONE);
    }
    UUID owner = user;
    OffsetDateTime before = notBefore == null ? null : OffsetDateTime.ofInstant(notBefore, ZoneOffset.UTC);
    return tx.preparedQuery(RECORD).execute(Tuple.of(owner, ids.toArray(UUID[]::new), before))
        .map(rows -> new Ended(new Revocation(rows.iterator().next().getLong("version"), owner.toString(),
            ids.stream().map(UUID::toString).toList(), notBefore)));
  }

  /** Logins that were ended, to announce to the gateways (no change: nothing ended). */
  public record Ended(Revocation change) {
    public static final Ended NONE = new Ended(null);

    public List<String> sessionIds() {
      return change == null ? List.of() : change.sessionIds();
    }
  }
}
