package chatpro.presence.schedule;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.time.Times;
import chatpro.common.bus.Directory;
import chatpro.presence.duty.Duty;
import chatpro.presence.duty.ManualOverride;
import chatpro.presence.duty.Schedule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The event-bus API of working hours and the off-duty switch. Every change to a person is evaluated before they
 * are answered, so it is in effect (stored and in the off-duty map) when the answer arrives.
 */
public final class ScheduleApi {
  private final Pool pool;
  private final DutyRepository repository;
  private final DutyEvaluator evaluator;
  private final Directory directory;
  private final Clock clock;
  private final Audit audit;

  public ScheduleApi(Pool pool, DutyRepository repository, DutyEvaluator evaluator, Directory directory,
      Clock clock, Audit audit) {
    this.audit = audit;
    this.pool = pool;
    this.repository = repository;
    this.evaluator = evaluator;
    this.directory = directory;
    this.clock = clock;
  }

  /** {@code {caller}} → the caller's schedule or {@code {"workingHours":[],"leave":[]}}. */
  public Future<JsonObject> get(JsonObject request) {
    Caller caller = Caller.from(request);
    return repository.schedule(pool, caller.userUuid()).map(ScheduleApi::orEmpty);
  }

  /** {@code {caller, schedule}} → the saved schedule; an empty workingHours removes it. Clears the override. */
  public Future<JsonObject> put(JsonObject request) {
    Caller caller = Caller.from(request);
    Optional<Schedule> schedule = parse(request);
    UUID user = caller.userUuid();
    Instant now = now();
    return evaluator.change(user, caller.orgUuid(), conn -> repository.putSchedule(conn, user, caller.orgUuid(),
                schedule, now)
            .compose(v -> repository.dropOverrides(conn, java.util.List.of(user))))
        .map(duty -> saved(schedule));
  }

  /** {@code {caller}} → the org's default schedule or the empty shape. */
  public Future<JsonObject> orgGet(JsonObject request) {
    Caller caller = Caller.from(request);
    return repository.orgSchedule(pool, caller.orgUuid()).map(ScheduleApi::orEmpty);
  }

  /** Admin: {@code {caller, schedule}} → the saved org default; everyone who follows it is evaluated again. */
  public Future<JsonObject> orgPut(JsonObject request) {
    Caller caller = Caller.from(request);
    Optional<Schedule> schedule = parse(request);
    return directory.requireAdmin(caller)
        .compose(v -> pool.withTransaction(conn -> repository.putOrgSchedule(conn, caller.orgUuid(), schedule,
                now())
            .compose(x -> audit.record(conn, scheduleChanged(caller, schedule)))))
        .onSuccess(v -> evaluator.sweep())
        .map(v -> saved(schedule));
  }

  /** {@code {caller, until}} → {@code {"status":"off_duty","offDutyUntil"}}. */
  public Future<JsonObject> offDuty(JsonObject request) {
    Caller caller = Caller.from(request);
    ManualOverride override = offDutyOverride(request);
    return evaluator.change(caller.userUuid(), caller.orgUuid(),
            conn -> repository.putOverride(conn, caller.userUuid(), caller.orgUuid(), override))
        .map(ScheduleApi::offDutyAnswer);
  }

  /** {@code {caller}} → {@code {}}: back on duty until the schedule's next start or end. */
  public Future<JsonObject> backOn(JsonObject request) {
    Caller caller = Caller.from(request);
    ManualOverride override = ManualOverride.backOn(now());
    return evaluator.change(caller.userUuid(), caller.orgUuid(),
            conn -> repository.putOverride(conn, caller.userUuid(), caller.orgUuid(), override))
        .map(duty -> new JsonObject());
  }

  /** Counts only: the org's default hours are not personal, but the entry needs no more to say what happened. */
  private static AuditRecord scheduleChanged(Caller caller, Optional<Schedule> schedule) {
    JsonObject details = new JsonObject().put("cleared", schedule.isEmpty())
        .put("workingHours", schedule.map(s -> s.workingHours().size()).orElse(0))
        .put("leave", schedule.map(s -> s.leave().size()).orElse(0));
    return new AuditRecord(caller.orgUuid(), caller.userUuid(), "org.schedule_changed", "org", caller.orgId(),
        details);
  }

  private ManualOverride offDutyOverride(JsonObject request) {
    try {
      return ManualOverride.offDuty(request, now());
    } catch (IllegalArgumentException e) {
      throw ChatproException.badRequest(e.getMessage());
    }
  }

  private static JsonObject offDutyAnswer(Duty duty) {
    JsonObject answer = new JsonObject().put("status", "off_duty");
    if (duty.offDutyUntil() != null) {
      answer.put("offDutyUntil", Times.format(duty.offDutyUntil()));
    }
    return answer;
  }

  private static Optional<Schedule> parse(JsonObject request) {
    Object body = request.getValue("schedule");
    try {
      return Schedule.fromJson(body instanceof JsonObject json ? json : null);
    } catch (IllegalArgumentException e) {
      throw ChatproException.badRequest(e.getMessage());
    }
  }

  private static JsonObject saved(Optional<Schedule> schedule) {
    return schedule.map(Schedule::toJson).orElseGet(ScheduleApi::empty);
  }

  private static JsonObject orEmpty(Optional<JsonObject> stored) {
    return stored.orElseGet(ScheduleApi::empty);
  }

  static JsonObject empty() {
    return new JsonObject().put("workingHours", new JsonArray()).put("leave", new JsonArray());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
