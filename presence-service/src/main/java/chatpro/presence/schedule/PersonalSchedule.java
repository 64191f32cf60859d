package chatpro.presence.schedule;

import chatpro.common.json.Fields;
import chatpro.common.time.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What presence keeps of one person, for their subject-access export: their own schedule (working hours and leave)
 * and when they saved it, the org's default that applies without one, a manual off-duty or back-on in effect, their
 * status now (online, offline or off duty, until when, since when) and when they were last seen. This is all of the
 * off-duty record ChatPro keeps: past changes live on only in the presence topic for its retention.
 */
public final class PersonalSchedule {
  static final String READ = "SELECT s.schedule AS own, s.updated_at AS own_updated, o.schedule AS org_default,"
      + " v.kind, v.set_at, v.until AS override_until, d.status, d.status_until, d.status_at, l.last_seen"
      + " FROM (SELECT $1::uuid AS user_id, $2::uuid AS org_id) p"
      + " LEFT JOIN schedules s ON s.user_id = p.user_id AND s.org_id = p.org_id"
      + " LEFT JOIN org_schedules o ON o.org_id = p.org_id"
      + " LEFT JOIN overrides v ON v.user_id = p.user_id AND v.org_id = p.org_id"
      + " LEFT JOIN duty d ON d.user_id = p.user_id AND d.org_id = p.org_id"
      + " LEFT JOIN last_seen l ON l.user_id = p.user_id AND l.org_id = p.org_id";

  private final Pool pool;

  public PersonalSchedule(Pool pool) {
    this.pool = pool;
  }

  /** {@code {orgId, userId}} → {@code {schedule?, scheduleSavedAt?, orgDefault?, override?, status?, lastSeen?}}. */
  public Future<JsonObject> describe(JsonObject request) {
    UUID org = UUID.fromString(Fields.id(request, "orgId"));
    UUID user = UUID.fromString(Fields.id(request, "userId"));
    return pool.preparedQuery(READ).execute(Tuple.of(user, org))
        .map(rows -> describe(rows.iterator().next()));
  }

  private static JsonObject describe(Row r) {
    JsonObject json = new JsonObject();
    if (r.getValue("own") != null) {
      json.put("schedule", r.getJsonObject("own")).put("scheduleSavedAt", time(r.getOffsetDateTime("own_updated")));
    }
    if (r.getValue("org_default") != null) {
      json.put("orgDefault", r.getJsonObject("org_default"));
    }
    if (r.getString("kind") != null) {
      JsonObject override = new JsonObject().put("kind", r.getString("kind"))
          .put("setAt", time(r.getOffsetDateTime("set_at")));
      if (r.getOffsetDateTime("override_until") != null) {
        override.put("until", time(r.getOffsetDateTime("override_until")));
      }
      json.put("override", override);
    }
    if (r.getString("status") != null) {
      JsonObject status = new JsonObject().put("status", r.getString("status"));
      if (r.getOffsetDateTime("status_until") != null) {
        status.put("until", time(r.getOffsetDateTime("status_until")));
      }
      if (r.getOffsetDateTime("status_at") != null) {
        status.put("since", time(r.getOffsetDateTime("status_at")));
      }
      json.put("status", status);
    }
    if (r.getOffsetDateTime("last_seen") != null) {
      json.put("lastSeen", time(r.getOffsetDateTime("last_seen")));
    }
    return json;
  }

  private static String time(OffsetDateTime t) {
    return Times.format(t.toInstant());
  }
}
