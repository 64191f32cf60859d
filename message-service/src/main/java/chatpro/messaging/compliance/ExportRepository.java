package chatpro.messaging.compliance;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code exports} table: requests, job state and finished files. One place for its SQL. */
public final class ExportRepository {
  static final String INSERT = "INSERT INTO exports (id, org_id, created_by, scope, target_id, from_at, to_at, reason,"
      + " status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9)";
  /** Only its maker sees an export, and nobody once it has expired. */
  static final String OWN = "SELECT * FROM exports WHERE id = $1 AND org_id = $2 AND created_by = $3"
      + " AND (expires_at IS NULL OR expires_at > $4)";
  static final String LIST = "SELECT * FROM exports WHERE created_by = $1 AND org_id = $2"
      + " AND (expires_at IS NULL OR expires_at > $3) ORDER BY created_at DESC LIMIT $4";
  static final String UNFINISHED = "SELECT count(*) FROM exports WHERE created_by = $1"
      + " AND status IN ('pending', 'running')";
  /** A person's own subject-access export (made by them, about them), unless it has expired. */
  static final String OWN_SAR = "SELECT * FROM exports WHERE id = $1 AND org_id = $2 AND created_by = $3"
      + " AND target_id = $3 AND scope = 'sar' AND (expires_at IS NULL OR expires_at > $4)";
  static final String LIST_OWN_SAR = "SELECT * FROM exports WHERE created_by = $1 AND target_id = $1"
      + " AND org_id = $2 AND scope = 'sar' AND (expires_at IS NULL OR expires_at > $3)"
      + " ORDER BY created_at DESC LIMIT $4";
  static final String MADE_SINCE = "SELECT count(*) FROM exports WHERE created_by = $1 AND created_at > $2";
  /** Every subject-access export about a person, whoever made it (erasure deletes them). */
  static final String ABOUT = "SELECT * FROM exports WHERE org_id = $1 AND target_id = $2 AND scope = 'sar'";
  /** The oldest waiting export, taken by one replica only. */
  static final String CLAIM = "UPDATE exports SET status = 'running', started_at = $1, heartbeat_at = $1"
      + " WHERE id = (SELECT id FROM exports WHERE status = 'pending' ORDER BY created_at"
      + " FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING *";
  static final String UPLOADING = "UPDATE exports SET object_key = $2, upload_id = $3 WHERE id = $1";
  static final String PROGRESS = "UPDATE exports SET progress = $2, heartbeat_at = $3 WHERE id = $1"
      + " AND status = 'running'";
  static final String READY = "UPDATE exports SET status = 'ready', progress = 100, size = $2, sha256 = $3,"
      + " upload_id = NULL, finished_at = $4, expires_at = $5 WHERE id = $1 AND status = 'running'";
  /** The upload id stays: the sweeper drops whatever the upload left when the row goes. */
  static final String FAIL = "UPDATE exports SET status = 'failed', finished_at = $2, expires_at = $3"
      + " WHERE id = $1 AND status IN ('pending', 'running')";
  /** Jobs whose replica stopped renewing them (it died or restarted): failed, with what their upload left. */
  static final String ABANDONED = "UPDATE exports SET status = 'failed', finished_at = $2, expires_at = $3"
      + " WHERE status = 'running' AND heartbeat_at < $1 RETURNING *";
  static final String EXPIRED = "SELECT * FROM exports WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2";
  static final String DELETE = "DELETE FROM exports WHERE id = $1";

  public Future<Void> insert(SqlClient client, Export e) {
    Tuple args = Tuple.tuple().addValue(e.id()).addValue(e.orgId()).addValue(e.createdBy()).addValue(e.scope())
        .addValue(e.targetId()).addValue(nullable(e.from())).addValue(nullable(e.to())).addValue(e.reason())
        .addValue(utc(e.createdAt()));
    return client.preparedQuery(INSERT).execute(args).mapEmpty();
  }

  /** The caller's own export, unless it has expired; null otherwise. */
  public Future<Export> own(SqlClient client, UUID id, UUID orgId, UUID creator, Instant now) {
    return client.preparedQuery(OWN).execute(Tuple.of(id, orgId, creator, utc(now))).map(ExportRepository::first);
  }

  public Future<List<Export>> list(SqlClient client, UUID creator, UUID orgId, Instant now, int limit) {
    return client.preparedQuery(LIST).execute(Tuple.of(creator, orgId, utc(now), limit)).map(ExportRepository::all);
  }

  /** The person's own subject-access export, unless it has expired; null otherwise. */
  public Future<Export> ownSar(SqlClient client, UUID id, UUID orgId, UUID person, Instant now) {
    return client.preparedQuery(OWN_SAR).execute(Tuple.of(id, orgId, person, utc(now)))
        .map(ExportRepository::first);
  }

  public Future<List<Export>> ownSars(SqlClient client, UUID person, UUID orgId, Instant now, int limit) {
    return client.preparedQuery(LIST_OWN_SAR).execute(Tuple.of(person, orgId, utc(now), limit))
        .map(ExportRepository::all);
  }

  /** How many exports the person asked for since then. */
  public Future<Long> madeSince(SqlClient client, UUID creator, Instant since) {
    return client.preparedQuery(MADE_SINCE).execute(Tuple.of(creator, utc(since)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<List<Export>> about(SqlClient client, UUID orgId, UUID person) {
    return client.preparedQuery(ABOUT).execute(Tuple.of(orgId, person)).map(ExportRepository::all);
  }

  public Future<Long> unfinished(SqlClient client, UUID creator) {
    return client.preparedQuery(UNFINISHED).execute(Tuple.of(creator))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The next waiting export, now running here; null when none waits. */
  public Future<Export> claim(SqlClient client, Instant now) {
    return client.preparedQuery(CLAIM).execute(Tuple.of(utc(now))).map(ExportRepository::first);
  }

  public Future<Void> uploading(SqlClient client, UUID id, String key, String uploadId) {
    return client.preparedQuery(UPLOADING).execute(Tuple.of(id, key, uploadId)).mapEmpty();
  }

  public Future<Void> progress(SqlClient client, UUID id, int percent, Instant now) {
    return client.preparedQuery(PROGRESS).execute(Tuple.of(id, percent, utc(now))).mapEmpty();
  }

  /** Answers false when the export is gone (deleted while it ran): then nothing names its file. */
  public Future<Boolean> ready(SqlClient client, UUID id, long size, String sha256, Instant now, Instant expires) {
    return client.preparedQuery(READY).execute(Tuple.of(id, size, sha256, utc(now), utc(expires)))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<Void> fail(SqlClient client, UUID id, Instant now, Instant expires) {
    return client.preparedQuery(FAIL).execute(Tuple.of(id, utc(now), utc(expires))).mapEmpty();
  }

  public Future<List<Export>> failAbandoned(SqlClient client, Instant silentSince, Instant now, Instant expires) {
    return client.preparedQuery(ABANDONED).execute(Tuple.of(utc(silentSince), utc(now), utc(expires)))
        .map(ExportRepository::all);
  }

  public Future<List<Export>> expired(SqlClient client, Instant now, int limit) {
    return client.preparedQuery(EXPIRED).execute(Tuple.of(utc(now), limit)).map(ExportRepository::all);
  }

  public Future<Void> delete(SqlClient client, UUID id) {
    return client.preparedQuery(DELETE).execute(Tuple.of(id)).mapEmpty();
  }

  private static Object nullable(Instant instant) {
    return instant == null ? null : utc(instant);
  }

  /** Times are kept to the millisecond, as the API shows them, so an {@code expiresAt} read is the one compared. */
  private static OffsetDateTime utc(Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
  }

  private static Export first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : Export.from(rows.iterator().next());
  }

  private static List<Export> all(RowSet<Row> rows) {
    List<Export> list = new ArrayList<>(rows.size());
    rows.forEach(r -> list.add(Export.from(r)));
    return list;
  }
}
