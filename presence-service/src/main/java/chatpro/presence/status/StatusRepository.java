package chatpro.presence.status;

import static chatpro.presence.schedule.DutyRepository.instant;
import static chatpro.presence.schedule.DutyRepository.utc;

import chatpro.presence.status.Transition.Stored;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The SQL of published status: the status columns of duty rows, last seen, and the presence outbox. */
public final class StatusRepository {
  static final String LOCK_ROWS = "SELECT user_id, org_id, off_duty, until, online, status, status_until,"
      + " status_version FROM duty WHERE user_id = ANY($1) ORDER BY user_id FOR UPDATE";
  static final String WRITE = "UPDATE duty SET online = $2, status = $3, status_until = $4, status_version = $5,"
      + " status_at = coalesce($6, status_at) WHERE user_id = $1";
  static final String SEEN_NOW = "INSERT INTO last_seen (user_id, org_id, last_seen)"
      + " SELECT user_id, org_id, $2 FROM duty WHERE user_id = ANY($1)"
      + " ON CONFLICT (user_id) DO UPDATE SET last_seen = greatest(last_seen.last_seen, excluded.last_seen)";
  static final String LAST_SEEN_OF = "SELECT user_id, last_seen FROM last_seen WHERE user_id = ANY($1)";
  static final String INSERT_OUTBOX = "INSERT INTO outbox (record_key, record_id, payload) VALUES ($1, $2, $3)";

  /** Holds the rows (in id order, so batches never deadlock each other) and reads them. */
  public Future<List<Stored>> lock(SqlClient client, List<UUID> users) {
    return client.preparedQuery(LOCK_ROWS).execute(Tuple.of(users.toArray(UUID[]::new))).map(rows -> {
      List<Stored> stored = new ArrayList<>(rows.size());
      rows.forEach(r -> stored.add(stored(r)));
      return stored;
    });
  }

  /** Stores that these people were last seen at {@code now} (people without a duty row yet are skipped). */
  public Future<Void> seenNow(SqlClient client, List<UUID> users, Instant now) {
    return client.preparedQuery(SEEN_NOW).execute(Tuple.of(users.toArray(UUID[]::new), utc(now))).mapEmpty();
  }

  /**
   * Writes the rows whose status or connection changed, and one outbox record per change, except a change between
   * online and offline of a person whose org is in {@code hidingLastSeen}.
   */
  public Future<List<StatusChange>> record(SqlClient client, List<Stored> rows, List<Transition> transitions,
      Instant now, java.util.Set<UUID> hidingLastSeen) {
    List<Tuple> writes = new ArrayList<>();
    List<Tuple> outbox = new ArrayList<>();
    List<StatusChange> changes = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Transition t = transitions.get(i);
      if (!t.writes(rows.get(i))) {
        continue;
      }
      writes.add(Tuple.of(t.userId(), t.online(), t.status().status(), utc(t.status().offDutyUntil()), t.version(),
          t.changed() ? utc(now) : null));
      if (t.changed()) {
        StatusChange change = new StatusChange(t.userId().toString(), t.orgId().toString(), t.status(), t.version(),
            now);
        changes.add(change);
        if (hidingLastSeen.contains(t.orgId()) && t.onlyConnection(rows.get(i))) {
          continue;
        }
        outbox.add(Tuple.of(change.userId(), change.recordId(), change.cloudEvent().toJson().encode()));
      }
    }
    return batch(client, WRITE, writes)
        .compose(v -> batch(client, INSERT_OUTBOX, outbox))
        .map(v -> changes);
  }

  /** When these people were last seen ({@code userId → time}); people never seen are absent. */
  public Future<Map<UUID, Instant>> lastSeen(SqlClient client, List<UUID> users) {
    return client.preparedQuery(LAST_SEEN_OF).execute(Tuple.of(users.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, Instant> seen = new HashMap<>();
      rows.forEach(r -> seen.put(r.getUUID("user_id"), instant(r, "last_seen")));
      return seen;
    });
  }

  private static Future<Void> batch(SqlClient client, String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : client.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }

  private static Stored stored(Row r) {
    PresenceStatus status = new PresenceStatus(r.getString("status"), instant(r, "status_until"));
    return new Stored(r.getUUID("user_id"), r.getUUID("org_id"), r.getBoolean("off_duty"), instant(r, "until"),
        r.getBoolean("online"), status, r.getLong("status_version"));
  }
}
