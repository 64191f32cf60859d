package chatpro.common.audit;

import chatpro.common.kafka.CloudEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Records audited actions: each call writes rows into the calling service's own {@code audit_outbox} table, on the
 * connection of the action's transaction, so an action and its record commit (or roll back) together. The
 * service's outbox relay then carries them to {@link chatpro.common.kafka.Topics#AUDIT_RECORDS}, and message-service
 * appends them to the org's hash chain (docs/architecture.md, "Audit").
 *
 * <p>Use it inside {@code pool.withTransaction(conn -> ... .compose(x -> audit.record(conn, record)))}: called on a
 * pool outside a transaction, the record would commit even when the action fails.
 */
public final class Audit {
  /** The table every service schema has (the pool's search path names the schema). */
  public static final String TABLE = "audit_outbox";
  /** The CloudEvents type of a record on the internal topic. */
  public static final String RECORDED = "audit.recorded";
  static final String INSERT = "INSERT INTO " + TABLE + " (record_key, record_id, payload) VALUES ($1, $2, $3)";

  private final Clock clock;

  public Audit(Clock clock) {
    this.clock = clock;
  }

  /** Writes one record in the caller's transaction. */
  public Future<Void> record(SqlClient conn, AuditRecord r) {
    return conn.preparedQuery(INSERT).execute(row(r, now())).mapEmpty();
  }

  /** Writes many records in the caller's transaction (one round trip), in list order. */
  public Future<Void> recordAll(SqlClient conn, List<AuditRecord> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant at = now();
    return conn.preparedQuery(INSERT).executeBatch(records.stream().map(r -> row(r, at)).toList()).mapEmpty();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The outbox row: keyed by org (one partition per org keeps its records in order), with a source id that the
   * chain writer de-duplicates on.
   */
  private static Tuple row(AuditRecord r, Instant at) {
    String sourceId = UUID.randomUUID().toString();
    String org = r.orgId().toString();
    JsonObject data = toJson(r, sourceId, at);
    String payload = new CloudEvent(RECORDED, org, sourceId, at, data).toJson().encode();
    return Tuple.of(org, sourceId, payload);
  }

  /** A record as it travels on the internal topic ({@code data} of its CloudEvent). */
  public static JsonObject toJson(AuditRecord r, String sourceId, Instant at) {
    JsonObject json = new JsonObject().put("sourceId", sourceId).put("orgId", r.orgId().toString())
        .put("action", r.action()).put("at", CanonicalJson.time(at)).put("details", r.details());
    if (r.actorId() != null) {
      json.put("actorId", r.actorId().toString());
    }
    if (r.targetType() != null) {
      json.put("targetType", r.targetType());
    }
    if (r.targetId() != null) {
      json.put("targetId", r.targetId());
    }
    return json;
  }
}
