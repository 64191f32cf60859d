package chatpro.presence.schedule;

import chatpro.presence.duty.Duty;
import chatpro.presence.duty.ManualOverride;
import chatpro.presence.duty.Schedule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The presence schema's schedules, org defaults, overrides and duty rows: all the SQL of duty, in one place. */
public final class DutyRepository {
  static final String ENSURE = "INSERT INTO duty (user_id, org_id, next_change) VALUES ($1, $2, $3)"
      + " ON CONFLICT (user_id) DO NOTHING";
  static final String ENSURE_MANY = "INSERT INTO duty (user_id, org_id, next_change)"
      + " SELECT u, o, $3::timestamptz FROM unnest($1::uuid[], $2::uuid[]) AS t(u, o)"
      + " ON CONFLICT (user_id) DO NOTHING RETURNING user_id";
  static final String LOCK = "SELECT user_id FROM duty WHERE user_id = $1 FOR UPDATE";
  static final String INPUTS = "SELECT d.user_id, d.org_id, d.off_duty, d.until, s.schedule AS own,"
      + " g.schedule AS org_default, o.kind, o.set_at, o.until AS override_until FROM duty d"
      + " LEFT JOIN schedules s ON s.user_id = d.user_id LEFT JOIN org_schedules g ON g.org_id = d.org_id"
      + " LEFT JOIN overrides o ON o.user_id = d.user_id";
  static final String INPUTS_OF_ONE = INPUTS + " WHERE d.user_id = $1";
  /** Claims due rows; other replicas skip the ones claimed here. */
  static final String CLAIM_DUE = INPUTS + " WHERE d.next_change <= $1 ORDER BY d.next_change LIMIT $2"
      + " FOR UPDATE OF d SKIP LOCKED";
  static final String STORE = "UPDATE duty SET off_duty = $2, until = $3, next_change = $4 WHERE user_id = $1";
  static final String DROP_OVERRIDE = "DELETE FROM overrides WHERE user_id = $1";
  static final String PUT_OVERRIDE = "INSERT INTO overrides (user_id, org_id, kind, set_at, until)"
      + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET org_id = excluded.org_id,"
      + " kind = excluded.kind, set_at = excluded.set_at, until = excluded.until";
  static final String GET_SCHEDULE = "SELECT schedule FROM schedules WHERE user_id = $1";
  static final String PUT_SCHEDULE = "INSERT INTO schedules (user_id, org_id, schedule, updated_at)"
      + " VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET org_id = excluded.org_id,"
      + " schedule = excluded.schedule, updated_at = excluded.updated_at";
  static final String DELETE_SCHEDULE = "DELETE FROM schedules WHERE user_id = $1";
  static final String GET_ORG_SCHEDULE = "SELECT schedule FROM org_schedules WHERE org_id = $1";
  static final String PUT_ORG_SCHEDULE = "INSERT INTO org_schedules (org_id, schedule, updated_at)"
      + " VALUES ($1, $2, $3) ON CONFLICT (org_id) DO UPDATE SET schedule = excluded.schedule,"
      + " updated_at = excluded.updated_at";
  static final String DELETE_ORG_SCHEDULE = "DELETE FROM org_schedules WHERE org_id = $1";
  /** Everyone of the org who follows its default is due for evaluation now. */
  static final String ORG_DUE = "UPDATE duty SET next_change = $2 WHERE user_id IN (SELECT d.user_id FROM duty d"
      + " WHERE d.org_id = $1 AND NOT EXISTS (SELECT 1 FROM schedules s WHERE s.user_id = d.user_id)"
      + " ORDER BY d.user_id FOR UPDATE)";
  static final String OFF_DUTY_NOW = "SELECT user_id, until FROM duty WHERE off_duty";
  static final String DUTIES_OF = "SELECT user_id, off_duty, until FROM duty WHERE user_id = ANY($1)";

  /** What one evaluation needs, read from a locked duty row and its joins. */
  public record Inputs(UUID userId, UUID orgId, boolean offDuty, Instant until, Schedule own, Schedule orgDefault,
      ManualOverride override) {

    static Inputs from(Row row) {
      return new Inputs(row.getUUID("user_id"), row.getUUID("org_id"), row.getBoolean("off_duty"),
          instant(row, "until"), schedule(row.getJsonObject("own")), schedule(row.getJsonObject("org_default")),
          DutyRepository.override(row));
    }
  }

  /**
   * People whose duty row this instance knows exists (it made it or saw it there), at most {@value #MAX_KNOWN}: every
   * connect of a device ensures the row, and in a reconnect storm those inserts queued behind each other for seconds
   * while every device waited for its auth answer. A row goes only by erasure ({@link #forget}), after which the
   * person never connects again.
   */
  static final int MAX_KNOWN = 200_000;
  private final Set<UUID> known = Collections.synchronizedSet(Collections.newSetFromMap(
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
          return size() > MAX_KNOWN;
        }
      }));

  /** Creates the person's duty row if missing, due for evaluation at {@code now}. */
  public Future<Void> ensure(SqlClient client, UUID user, UUID org, Instant now) {
    if (known.contains(user)) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(ENSURE).execute(Tuple.of(user, org, utc(now)))
        .onSuccess(rows -> known.add(user))
        .mapEmpty();
  }

  /** {@link #ensure} for many ({@code user → org}); answers the users whose rows are new. */
  /** Erased people: their working hours, leave, duty state and last seen go (they cannot come back). */
  public Future<Void> forget(SqlClient client, List<UUID> users) {
    UUID[] ids = users.toArray(UUID[]::new);
    known.removeAll(users);
    return client.preparedQuery("DELETE FROM overrides WHERE user_id = ANY($1)").execute(Tuple.of((Object) ids))
        .compose(v -> client.preparedQuery("DELETE FROM schedules WHERE user_id = ANY($1)")
            .execute(Tuple.of((Object) ids)))
        .compose(v -> client.preparedQuery("DELETE FROM duty WHERE user_id = ANY($1)").execute(Tuple.of((Object) ids)))
        .compose(v -> client.preparedQuery("DELETE FROM last_seen WHERE user_id = ANY($1)")
            .execute(Tuple.of((Object) ids)))
        .mapEmpty();
  }

  public Future<List<UUID>> ensureAll(SqlClient client, Map<UUID, UUID> orgByUser, Instant now) {
    UUID[] users = orgByUser.keySet().toArray(UUID[]::new);
    UUID[] orgs = orgByUser.values().toArray(UUID[]::new);
    return client.preparedQuery(ENSURE_MANY).execute(Tuple.of(users, orgs, utc(now)))
        .onSuccess(rows -> known.addAll(orgByUser.keySet()))
        .map(rows -> {
          List<UUID> created = new ArrayList<>();
          rows.forEach(r -> created.add(r.getUUID("user_id")));
          return created;
        });
  }

  /** Waits for and holds the person's duty row until the transaction ends. */
  public Future<Void> lock(SqlClient client, UUID user) {
    return client.preparedQuery(LOCK).execute(Tuple.of(user)).mapEmpty();
  }

  public Future<Optional<Inputs>> inputs(SqlClient client, UUID user) {
    return client.preparedQuery(INPUTS_OF_ONE).execute(Tuple.of(user))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Inputs.from(rows.iterator().next())));
  }

  /** Locks up to {@code limit} rows due at {@code now} that no other transaction holds. */
  public Future<List<Inputs>> claimDue(SqlClient client, Instant now, int limit) {
    return client.preparedQuery(CLAIM_DUE).execute(Tuple.of(utc(now), limit)).map(DutyRepository::inputsOf);
  }

  public Future<Void> store(SqlClient client, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture()
        : client.preparedQuery(STORE).executeBatch(rows).mapEmpty();
  }

  /** A row for {@link #store}: the evaluation's answer for one person. */
  public static Tuple stored(UUID user, Evaluation evaluation) {
    return Tuple.of(user, !evaluation.duty().onDuty(), utc(evaluation.duty().offDutyUntil()),
        utc(evaluation.duty().nextChange()));
  }

  public Future<Void> dropOverrides(SqlClient client, List<UUID> users) {
    return users.isEmpty() ? Future.succeededFuture()
        : client.preparedQuery(DROP_OVERRIDE).executeBatch(users.stream().map(Tuple::of).toList()).mapEmpty();
  }

  public Future<Void> putOverride(SqlClient client, UUID user, UUID org, ManualOverride override) {
    String kind = override.kind() == ManualOverride.Kind.OFF_DUTY ? "off_duty" : "back_on";
    return client.preparedQuery(PUT_OVERRIDE)
        .execute(Tuple.of(user, org, kind, utc(override.setAt()), utc(override.until()))).mapEmpty();
  }

  public Future<Optional<JsonObject>> schedule(SqlClient client, UUID user) {
    return client.preparedQuery(GET_SCHEDULE).execute(Tuple.of(user)).map(DutyRepository::firstSchedule);
  }

  /** Saves the person's schedule, or removes it when empty. */
  public Future<Void> putSchedule(SqlClient client, UUID user, UUID org, Optional<Schedule> schedule, Instant now) {
    Future<RowSet<Row>> done = schedule.isEmpty()
        ? client.preparedQuery(DELETE_SCHEDULE).execute(Tuple.of(user))
        : client.preparedQuery(PUT_SCHEDULE).execute(Tuple.of(user, org, schedule.get().toJson(), utc(now)));
    return done.mapEmpty();
  }

  public Future<Optional<JsonObject>> orgSchedule(SqlClient client, UUID org) {
    return client.preparedQuery(GET_ORG_SCHEDULE).execute(Tuple.of(org)).map(DutyRepository::firstSchedule);
  }

  /** Saves the org's default, or removes it when empty, and makes everyone who follows it due at {@code now}. */
  public Future<Void> putOrgSchedule(SqlClient client, UUID org, Optional<Schedule> schedule, Instant now) {
    Future<RowSet<Row>> done = schedule.isEmpty()
        ? client.preparedQuery(DELETE_ORG_SCHEDULE).execute(Tuple.of(org))
        : client.preparedQuery(PUT_ORG_SCHEDULE).execute(Tuple.of(org, schedule.get().toJson(), utc(now)));
    return done.compose(v -> client.preparedQuery(ORG_DUE).execute(Tuple.of(org, utc(now)))).mapEmpty();
  }

  /** Everyone off duty now: {@code userId → until} (null when unknown). */
  public Future<Map<String, Instant>> offDutyNow(SqlClient client) {
    return client.query(OFF_DUTY_NOW).execute().map(rows -> {
      Map<String, Instant> off = new java.util.HashMap<>();
      rows.forEach(r -> off.put(r.getUUID("user_id").toString(), instant(r, "until")));
      return off;
    });
  }

  /** The stored duty of these people ({@code userId → duty}); people with no row yet are absent. */
  public Future<Map<UUID, Duty>> dutiesOf(SqlClient client, List<UUID> users) {
    return client.preparedQuery(DUTIES_OF).execute(Tuple.of(users.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, Duty> duties = new java.util.HashMap<>();
      rows.forEach(r -> {
        boolean off = r.getBoolean("off_duty");
        duties.put(r.getUUID("user_id"), new Duty(!off, off ? instant(r, "until") : null, null));
      });
      return duties;
    });
  }

  private static List<Inputs> inputsOf(RowSet<Row> rows) {
    List<Inputs> all = new ArrayList<>(rows.size());
    rows.forEach(r -> all.add(Inputs.from(r)));
    return all;
  }

  private static Optional<JsonObject> firstSchedule(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getJsonObject("schedule"));
  }

  private static Schedule schedule(JsonObject json) {
    return json == null ? null : Schedule.fromJson(json).orElse(null);
  }

  private static ManualOverride override(Row row) {
    String kind = row.getString("kind");
    if (kind == null) {
      return null;
    }
    return new ManualOverride("off_duty".equals(kind) ? ManualOverride.Kind.OFF_DUTY : ManualOverride.Kind.BACK_ON,
        instant(row, "set_at"), instant(row, "override_until"));
  }

  public static Instant instant(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  public static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
