package chatpro.directory.user;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.common.time.Times;
import chatpro.directory.org.Orgs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What the directory keeps of one person, for their subject-access export (protocol.md "Subject access"): their
 * profile and when it was made and last changed, their organisation and the settings that decide how their data is
 * handled (retention above all), every login with when it began, was last refreshed and ended, and whether a sign-in
 * card is waiting for them. Never a password hash, a code or a token: those are secrets, not information about them.
 *
 * <p>Asked by message-service's export job over the cluster's event bus, which only the services reach.
 */
public final class PersonalData {
  static final String PROFILE = "SELECT " + UserRepository.COLUMNS + ", created_at, updated_at FROM users"
      + " WHERE org_id = $1 AND id = $2";
  /** A login's refresh tokens are its refreshes: the newest says when it was last used to stay signed in. */
  static final String SESSIONS = "SELECT s.family_id, s.created_at, s.revoked_at, s.device,"
      + " max(t.created_at) AS refreshed_at"
      + " FROM sessions s LEFT JOIN refresh_tokens t ON t.family_id = s.family_id"
      + " WHERE s.user_id = $1 AND s.org_id = $2 GROUP BY s.family_id ORDER BY s.created_at";
  static final String CODE = "SELECT created_at, expires_at FROM sign_in_codes WHERE user_id = $1 AND org_id = $2";

  private final Pool pool;
  private final Orgs orgs;

  public PersonalData(Pool pool, Orgs orgs) {
    this.pool = pool;
    this.orgs = orgs;
  }

  /** {@code {orgId, userId}} → {@code {user, organisation, settings, sessions, signInCode?}}; 404 if unknown. */
  public Future<JsonObject> describe(JsonObject request) {
    UUID org = UUID.fromString(Fields.id(request, "orgId"));
    UUID user = UUID.fromString(Fields.id(request, "userId"));
    JsonObject asOrg = new JsonObject().put("caller", new Caller(user.toString(), org.toString(), List.of(), null)
        .toJson());
    JsonObject answer = new JsonObject();
    return pool.preparedQuery(PROFILE).execute(Tuple.of(org, user))
        .map(rows -> answer.put("user", profile(rows)))
        .compose(v -> orgs.get(asOrg))
        .map(found -> answer.put("organisation", found.getJsonObject("org"))
            .put("settings", found.getJsonObject("settings")))
        .compose(v -> pool.preparedQuery(SESSIONS).execute(Tuple.of(user, org)))
        .map(rows -> answer.put("sessions", sessions(rows)))
        .compose(v -> pool.preparedQuery(CODE).execute(Tuple.of(user, org)))
        .map(rows -> rows.size() == 0 ? answer : answer.put("signInCode", code(rows.iterator().next())));
  }

  private static JsonObject profile(io.vertx.sqlclient.RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw ChatproException.notFound("user");
    }
    Row row = rows.iterator().next();
    User user = User.from(row);
    JsonObject json = user.toJson();
    return user.erased() ? json : json.put("createdAt", time(row.getOffsetDateTime("created_at")))
        .put("updatedAt", time(row.getOffsetDateTime("updated_at")));
  }

  private static JsonArray sessions(io.vertx.sqlclient.RowSet<Row> rows) {
    JsonArray list = new JsonArray();
    for (Row r : rows) {
      JsonObject session = new JsonObject().put("id", r.getUUID("family_id").toString())
          .put("createdAt", time(r.getOffsetDateTime("created_at")));
      if (r.getString("device") != null) {
        session.put("device", r.getString("device"));
      }
      OffsetDateTime refreshed = r.getOffsetDateTime("refreshed_at");
      if (refreshed != null) {
        session.put("lastRefreshedAt", time(refreshed));
      }
      OffsetDateTime ended = r.getOffsetDateTime("revoked_at");
      if (ended != null) {
        session.put("endedAt", time(ended));
      }
      list.add(session);
    }
    return list;
  }

  private static JsonObject code(Row row) {
    return new JsonObject().put("createdAt", time(row.getOffsetDateTime("created_at")))
        .put("expiresAt", time(row.getOffsetDateTime("expires_at")));
  }

  private static String time(OffsetDateTime t) {
    return Times.format(t.toInstant());
  }
}
