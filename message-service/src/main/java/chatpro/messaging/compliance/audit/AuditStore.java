package chatpro.messaging.compliance.audit;

import chatpro.common.audit.AuditEntry;
import chatpro.common.kafka.CloudEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** All the SQL of the audit schema: the chain, its outbox of heads and the verification jobs. */
public final class AuditStore {
  static final String COLUMNS = "seq, at, actor_id, action, target_type, target_id, details, prev_hash, hash";
  /** One writer per org at a time, in the database itself: overlapping consumers during a rebalance cannot fork it. */
  static final String LOCK_ORG = "SELECT pg_advisory_xact_lock(hashtext('chatpro.audit'), hashtext($1::text))";
  static final String HEAD = "SELECT seq, hash FROM audit.entries WHERE org_id = $1 ORDER BY seq DESC LIMIT 1";
  static final String KNOWN = "SELECT source_id FROM audit.entries WHERE source_id = ANY($1)";
  static final String INSERT = "INSERT INTO audit.entries (org_id, seq, at, actor_id, action, target_type, target_id,"
      + " details, prev_hash, hash, source_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
  static final String OUTBOX = "INSERT INTO audit.outbox (record_key, record_id, payload) VALUES ($1, $2, $3)";
  /** A page of the chain in seq order, from a keyset: never an offset, so page n costs what page 1 costs. */
  static final String PAGE = "SELECT " + COLUMNS + " FROM audit.entries WHERE org_id = $1 AND seq > $2"
      + " ORDER BY seq LIMIT $3";
  /** A person's part of the chain (entries about them or by them), a page at a time in seq order. */
  static final String CONCERNING = "SELECT " + COLUMNS + " FROM audit.entries WHERE org_id = $1"
      + " AND (target_id = $2 OR actor_id = $3) AND seq > $4 ORDER BY seq LIMIT $5";
  static final String LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM audit.entries WHERE org_id = $1";
  static final String NEW_JOB = "INSERT INTO audit.verifications (id, org_id, created_by, status, total, created_at,"
      + " updated_at) VALUES ($1, $2, $3, 'running', $4, $5, $5)";
  static final String JOB_PROGRESS = "UPDATE audit.verifications SET checked = $2, updated_at = $3 WHERE id = $1";
  static final String JOB_DONE = "UPDATE audit.verifications SET status = $2, checked = $3, result = $4,"
      + " updated_at = $5 WHERE id = $1";
  static final String JOB = "SELECT id, status, checked, total, result, updated_at FROM audit.verifications"
      + " WHERE id = $1 AND org_id = $2";

  /** A record to append, as a service recorded it. */
  public record Pending(UUID sourceId, UUID orgId, Instant at, String actorId, String action, String targetType,
                        String targetId, JsonObject details) {}

  /** The last entry of an org's chain: its seq and hash (0 and the genesis hash for an empty chain). */
  public record Head(long seq, String hash) {
    static final Head EMPTY = new Head(0, AuditEntry.GENESIS);
  }

  /** A verification job as stored. */
  public record Job(UUID id, String status, long checked, long total, JsonObject result, Instant updatedAt) {}

  public Future<Void> lockOrg(SqlClient conn, UUID orgId) {
    return conn.preparedQuery(LOCK_ORG).execute(Tuple.of(orgId.toString())).mapEmpty();
  }

  public Future<Head> head(SqlClient conn, UUID orgId) {
    return conn.preparedQuery(HEAD).execute(Tuple.of(orgId)).map(rows -> rows.size() == 0 ? Head.EMPTY
        : new Head(rows.iterator().next().getLong("seq"), rows.iterator().next().getString("hash")));
  }

  /** Which of these source ids the chain already holds. */
  public Future<Set<UUID>> known(SqlClient conn, List<UUID> sourceIds) {
    return conn.preparedQuery(KNOWN).execute(Tuple.of(sourceIds.toArray(UUID[]::new))).map(rows -> {
      Set<UUID> known = new HashSet<>();
      rows.forEach(r -> known.add(r.getUUID(0)));
      return known;
    });
  }

  /** Appends entries (already hashed, in seq order) and queues each for {@code chatpro.audit.v1}. */
  public Future<Void> append(SqlClient conn, UUID orgId, List<AuditEntry> entries, List<UUID> sourceIds) {
    List<Tuple> rows = new ArrayList<>(entries.size());
    List<Tuple> heads = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      AuditEntry e = entries.get(i);
      rows.add(Tuple.from(new Object[] {orgId, e.seq(), utc(e.at()), e.actorId() == null ? null
          : UUID.fromString(e.actorId()), e.action(), e.targetType(), e.targetId(), e.details(), e.prevHash(),
          e.hash(), sourceIds.get(i)}));
      String id = orgId + ":" + e.seq();
      String payload = new CloudEvent(AuditLog.APPENDED, orgId.toString(), id, e.at(), e.toJson()).toJson().encode();
      heads.add(Tuple.of(orgId.toString(), id, payload));
    }
    return conn.preparedQuery(INSERT).executeBatch(rows)
        .compose(v -> conn.preparedQuery(OUTBOX).executeBatch(heads))
        .mapEmpty();
  }

  /** Up to {@code limit} entries after {@code afterSeq}, in seq order. */
  public Future<List<AuditEntry>> page(SqlClient client, UUID orgId, long afterSeq, int limit) {
    return client.preparedQuery(PAGE).execute(Tuple.of(orgId, afterSeq, limit)).map(AuditStore::entries);
  }

  /** Entries matching a filter (see {@link AuditQuery}). */
  public Future<List<AuditEntry>> find(SqlClient client, AuditQuery query) {
    return client.preparedQuery(query.sql(COLUMNS)).execute(query.args()).map(AuditStore::entries);
  }

  /** Up to {@code limit} entries after {@code afterSeq} whose target or actor is the person, in seq order. */
  public Future<List<AuditEntry>> concerning(SqlClient client, UUID orgId, UUID userId, long afterSeq, int limit) {
    return client.preparedQuery(CONCERNING).execute(Tuple.of(orgId, userId.toString(), userId, afterSeq, limit))
        .map(AuditStore::entries);
  }

  public Future<Long> lastSeq(SqlClient client, UUID orgId) {
    return client.preparedQuery(LAST_SEQ).execute(Tuple.of(orgId)).map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Void> newJob(SqlClient client, UUID id, UUID orgId, UUID createdBy, long total, Instant now) {
    return client.preparedQuery(NEW_JOB).execute(Tuple.of(id, orgId, createdBy, total, utc(now))).mapEmpty();
  }

  public Future<Void> jobProgress(SqlClient client, UUID id, long checked, Instant now) {
    return client.preparedQuery(JOB_PROGRESS).execute(Tuple.of(id, checked, utc(now))).mapEmpty();
  }

  public Future<Void> jobDone(SqlClient client, UUID id, String status, long checked, JsonObject result,
      Instant now) {
    return client.preparedQuery(JOB_DONE).execute(Tuple.of(id, status, checked, result, utc(now))).mapEmpty();
  }

  public Future<Optional<Job>> job(SqlClient client, UUID id, UUID orgId) {
    return client.preparedQuery(JOB).execute(Tuple.of(id, orgId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new Job(r.getUUID("id"), r.getString("status"), r.getLong("checked"), r.getLong("total"),
          r.getJsonObject("result"), r.getOffsetDateTime("updated_at").toInstant()));
    });
  }

  static List<AuditEntry> entries(Iterable<Row> rows) {
    List<AuditEntry> entries = new ArrayList<>();
    for (Row r : rows) {
      UUID actor = r.getUUID("actor_id");
      entries.add(new AuditEntry(r.getLong("seq"), r.getOffsetDateTime("at").toInstant(),
          actor == null ? null : actor.toString(), r.getString("action"), r.getString("target_type"),
          r.getString("target_id"), r.getJsonObject("details"), r.getString("prev_hash"), r.getString("hash")));
    }
    return entries;
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
