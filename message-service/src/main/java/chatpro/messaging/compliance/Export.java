package chatpro.messaging.compliance;

import chatpro.common.time.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One investigation export: what was asked, by whom, and how far its job is. */
public record Export(UUID id, UUID orgId, UUID createdBy, String scope, UUID targetId, Instant from, Instant to,
    String reason, String status, int progress, Long size, String sha256, String objectKey, String uploadId,
    Instant createdAt, Instant expiresAt) {

  public static final String PENDING = "pending";
  public static final String RUNNING = "running";
  public static final String READY = "ready";
  public static final String FAILED = "failed";

  static Export from(Row r) {
    return new Export(r.getUUID("id"), r.getUUID("org_id"), r.getUUID("created_by"), r.getString("scope"),
        r.getUUID("target_id"), instant(r.getOffsetDateTime("from_at")), instant(r.getOffsetDateTime("to_at")),
        r.getString("reason"), r.getString("status"), r.getInteger("progress"), r.getLong("size"),
        r.getString("sha256"), r.getString("object_key"), r.getString("upload_id"),
        instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("expires_at")));
  }

  /**
   * The status as the protocol shows it: a running job is still {@code pending} (with its progress); scope,
   * target, range, creation and expiry are this project's additions.
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id.toString())
        .put("status", RUNNING.equals(status) ? PENDING : status)
        .put("progress", progress)
        .put("scope", scope)
        .put("targetId", targetId.toString())
        .put("createdAt", Times.format(createdAt));
    if (from != null) {
      json.put("from", Times.format(from));
    }
    if (to != null) {
      json.put("to", Times.format(to));
    }
    if (READY.equals(status)) {
      json.put("size", size).put("sha256", sha256);
    }
    if (expiresAt != null) {
      json.put("expiresAt", Times.format(expiresAt));
    }
    return json;
  }

  /** The file name a download offers. */
  public String fileName() {
    return (ExportRequest.SAR.equals(scope) ? "chatpro-data-" : "chatpro-export-") + id + ".zip";
  }

  /** The range's start as the log's queries take it (null: open). */
  OffsetDateTime fromUtc() {
    return from == null ? null : from.atOffset(java.time.ZoneOffset.UTC);
  }

  /** The range's end as the log's queries take it (null: open). */
  OffsetDateTime toUtc() {
    return to == null ? null : to.atOffset(java.time.ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
