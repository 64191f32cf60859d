package chatpro.presence.schedule;

import chatpro.presence.duty.Duty;
import chatpro.presence.schedule.DutyRepository.Inputs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every person's stored duty true: one person at once, inside the transaction of a change they asked for (so
 * it is in effect when they are answered), and every second the rows whose next change has come, claimed with
 * {@code SKIP LOCKED} so several replicas share the work. Changed answers go to the off-duty map and to status.
 */
public final class DutyEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(DutyEvaluator.class);
  static final int BATCH = 200;
  /** Full batches evaluated back to back in one sweep before the next tick. */
  static final int MAX_ROUNDS = 20;

  private final Vertx vertx;
  private final Pool pool;
  private final DutyRepository repository;
  private final OffDutyMap offDutyMap;
  private final Consumer<List<String>> statusMayHaveChanged;
  private final Clock clock;
  private long timer = -1;
  private boolean sweeping;
  private boolean sweepAgain;

  /** One person's evaluation: the answer, and whether it differs from what was stored before. */
  record Result(UUID userId, Duty duty, boolean changed) {}

  public DutyEvaluator(Vertx vertx, Pool pool, DutyRepository repository, OffDutyMap offDutyMap,
      Consumer<List<String>> statusMayHaveChanged, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.repository = repository;
    this.offDutyMap = offDutyMap;
    this.statusMayHaveChanged = statusMayHaveChanged;
    this.clock = clock;
  }

  public void start() {
    timer = vertx.setPeriodic(1_000, id -> sweep());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /**
   * Applies a change to one person's stored inputs (their schedule, their override) with their duty row held, then
   * evaluates and stores their duty; completes once the off-duty map says the same. Creates the row if missing.
   */
  public Future<Duty> change(UUID user, UUID org, Function<SqlConnection, Future<Void>> mutation) {
    Instant now = now();
    return pool.withTransaction(conn -> repository.ensure(conn, user, org, now)
            .compose(v -> repository.lock(conn, user))
            .compose(v -> mutation.apply(conn))
            .compose(v -> repository.inputs(conn, user))
            .compose(inputs -> evaluate(conn, List.of(inputs.orElseThrow()), now)))
        .compose(this::publishAll)
        .map(results -> results.get(0).duty());
  }

  /** Evaluates the due rows now rather than at the next tick (after an org default changed). */
  public void sweep() {
    if (sweeping) {
      sweepAgain = true;
      return;
    }
    sweeping = true;
    sweepRound(1);
  }

  private void sweepRound(int round) {
    Instant now = now();
    pool.withTransaction(conn -> repository.claimDue(conn, now, BATCH)
            .compose(due -> evaluate(conn, due, now)))
        .compose(this::publishChanged)
        .onFailure(e -> LOG.warn("duty sweep failed, retried next second: {}", e.toString()))
        .onComplete(r -> afterRound(round, r.succeeded() && r.result() == BATCH));
  }

  private void afterRound(int round, boolean full) {
    if (full && round < MAX_ROUNDS) {
      sweepRound(round + 1);
      return;
    }
    sweeping = false;
    if (sweepAgain) {
      sweepAgain = false;
      sweep();
    }
  }

  private Future<List<Result>> evaluate(SqlConnection conn, List<Inputs> due, Instant now) {
    List<Result> results = new ArrayList<>(due.size());
    List<Tuple> stored = new ArrayList<>(due.size());
    List<UUID> spentOverrides = new ArrayList<>();
    for (Inputs in : due) {
      Evaluation evaluation = Evaluation.of(now, in.own(), in.orgDefault(), in.override());
      results.add(new Result(in.userId(), evaluation.duty(), evaluation.differsFrom(in.offDuty(), in.until())));
      stored.add(DutyRepository.stored(in.userId(), evaluation));
      if (evaluation.dropOverride()) {
        spentOverrides.add(in.userId());
      }
    }
    return repository.store(conn, stored)
        .compose(v -> repository.dropOverrides(conn, spentOverrides))
        .map(v -> results);
  }

  /**
   * After a change someone asked for: the map is written even if unchanged (which also repairs it), and status is
   * looked at even if duty is unchanged (the row may be new, and a look that finds nothing new publishes nothing).
   */
  private Future<List<Result>> publishAll(List<Result> results) {
    return publish(results, results, true).map(v -> results);
  }

  /** After a sweep: only what changed; answers how many rows were evaluated. */
  private Future<Integer> publishChanged(List<Result> results) {
    List<Result> changed = results.stream().filter(Result::changed).toList();
    return publish(changed, changed, false).map(v -> results.size());
  }

  /** {@code seen}: wait until every member's readers hold the new entries (a change someone is answered for). */
  private Future<Void> publish(List<Result> toMap, List<Result> toStatus, boolean seen) {
    List<Future<Void>> writes = toMap.stream()
        .map(r -> seen ? offDutyMap.publishSeen(r.userId().toString(), r.duty())
            : offDutyMap.publish(r.userId().toString(), r.duty()))
        .toList();
    List<String> users = toStatus.stream().map(r -> r.userId().toString()).toList();
    return Future.all(writes)
        .onSuccess(v -> notifyStatus(users))
        .mapEmpty();
  }

  private void notifyStatus(List<String> changed) {
    if (!changed.isEmpty()) {
      statusMayHaveChanged.accept(changed);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
