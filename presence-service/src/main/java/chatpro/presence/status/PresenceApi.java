package chatpro.presence.status;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.time.Times;
import chatpro.common.bus.Directory;
import chatpro.presence.duty.Duty;
import chatpro.presence.online.Locations;
import chatpro.presence.schedule.DutyEvaluator;
import chatpro.presence.schedule.DutyRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code presence.get}: a person's status as the caller may see it. Duty comes from the stored evaluation (in effect
 * once a change is answered), connections live from the locations map, last seen only when offline and the org
 * does not hide it (a person always sees their own).
 */
public final class PresenceApi {
  private final Pool pool;
  private final DutyRepository duties;
  private final DutyEvaluator evaluator;
  private final StatusRepository statuses;
  private final Locations locations;
  private final Directory directory;

  /** The caller and the person asked about, once directory has said the caller may see them. */
  private record Asked(Caller caller, UUID userId, UUID orgId) {
    boolean self() {
      return caller.userId().equals(userId.toString());
    }
  }

  public PresenceApi(Pool pool, DutyRepository duties, DutyEvaluator evaluator, StatusRepository statuses,
      Locations locations, Directory directory) {
    this.pool = pool;
    this.duties = duties;
    this.evaluator = evaluator;
    this.statuses = statuses;
    this.locations = locations;
    this.directory = directory;
  }

  /** {@code {caller, userId}} → {@code {userId, status, lastSeen?, offDutyUntil?}}; 404 outside the caller's org. */
  public Future<JsonObject> get(JsonObject request) {
    Caller caller = Caller.from(request);
    String userId = request.getString("userId");
    return directory.user(caller, userId)
        .map(user -> asked(caller, user))
        .compose(this::answer);
  }

  private static Asked asked(Caller caller, JsonObject user) {
    try {
      return new Asked(caller, UUID.fromString(user.getString("id")), UUID.fromString(user.getString("orgId")));
    } catch (RuntimeException e) {
      throw ChatproException.notFound("user");
    }
  }

  private Future<JsonObject> answer(Asked asked) {
    Future<Duty> duty = duty(asked);
    Future<Boolean> online = locations.online(List.of(asked.userId().toString()))
        .map(set -> !set.isEmpty());
    return Future.all(duty, online)
        .compose(v -> withLastSeen(asked, PresenceStatus.of(!duty.result().onDuty(), duty.result().offDutyUntil(),
            online.result())));
  }

  /** The stored duty; a person with no row yet (not heard of from the directory) is evaluated now. */
  private Future<Duty> duty(Asked asked) {
    return duties.dutyOf(pool, asked.userId())
        .compose(row -> row.map(PresenceApi::storedDuty)
            .orElseGet(() -> evaluator.change(asked.userId(), asked.orgId(), conn -> Future.succeededFuture())));
  }

  private static Future<Duty> storedDuty(Row row) {
    boolean off = row.getBoolean("off_duty");
    return Future.succeededFuture(new Duty(!off, off ? DutyRepository.instant(row, "until") : null, null));
  }

  private Future<JsonObject> withLastSeen(Asked asked, PresenceStatus status) {
    JsonObject answer = status.addTo(new JsonObject().put("userId", asked.userId().toString()));
    if (!PresenceStatus.OFFLINE.equals(status.status())) {
      return Future.succeededFuture(answer);
    }
    return lastSeenVisible(asked)
        .compose(visible -> visible ? statuses.lastSeen(pool, asked.userId()) : Future.succeededFuture(
            Optional.<Instant>empty()))
        .map(lastSeen -> {
          lastSeen.ifPresent(t -> answer.put("lastSeen", Times.format(t)));
          return answer;
        });
  }

  private Future<Boolean> lastSeenVisible(Asked asked) {
    if (asked.self()) {
      return Future.succeededFuture(true);
    }
    return directory.orgSettings(asked.caller()).map(settings -> !settings.getBoolean("hideLastSeen", false));
  }
}
