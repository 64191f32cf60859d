package chatpro.presence.status;

import chatpro.common.bus.Directory;
import chatpro.presence.online.Locations;
import chatpro.presence.status.Transition.Stored;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns "this person's status may have changed" into published changes. Touches are gathered per person and looked
 * at together a moment later; a lost last device is looked at only after {@link #OFFLINE_DELAY_MS}, so a quick
 * reconnect publishes nothing (last seen is stored at once all the same). Each look holds the duty rows, reads the live connections, and stores, in one
 * transaction, the new status with its outbox record, so replicas never publish a change twice or a repeat. An org
 * that hides last seen gets no record of a change between online and offline (its time is a last seen).
 */
public final class StatusChanges {
  private static final Logger LOG = LoggerFactory.getLogger(StatusChanges.class);
  static final long OFFLINE_DELAY_MS = 1_500;
  static final long TICK_MS = 200;
  static final int BATCH = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final StatusRepository repository;
  private final Locations locations;
  private final PresenceFrames frames;
  private final Runnable outboxWritten;
  private final Clock clock;
  private final LastSeenPrivacy privacy;
  /** Person → when to look (epoch millis). */
  private final Map<String, Long> due = new HashMap<>();
  private boolean looking;
  private long timer = -1;

  public StatusChanges(Vertx vertx, Pool pool, StatusRepository repository, Locations locations,
      PresenceFrames frames, Runnable outboxWritten, Directory directory, Clock clock) {
    this.privacy = new LastSeenPrivacy(directory);
    this.vertx = vertx;
    this.pool = pool;
    this.repository = repository;
    this.locations = locations;
    this.frames = frames;
    this.outboxWritten = outboxWritten;
    this.clock = clock;
  }

  public void start() {
    timer = vertx.setPeriodic(TICK_MS, id -> look());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** Their duty changed or a device connected: look at the next tick. */
  public void touch(Collection<String> users) {
    long now = clock.millis();
    users.forEach(u -> due.merge(u, now, Math::min));
  }

  /**
   * Their last device anywhere went away (closed, or its gateway node left the cluster): they were last seen now,
   * and their status is looked at a little later, in case a device comes back.
   */
  public void lastDeviceLeft(List<String> users) {
    repository.seenNow(pool, users.stream().map(UUID::fromString).toList(), clock.instant())
        .onFailure(e -> LOG.warn("last seen of {} people not stored: {}", users.size(), e.toString()));
    long later = clock.millis() + OFFLINE_DELAY_MS;
    users.forEach(u -> due.put(u, later));
  }

  private void look() {
    if (looking || due.isEmpty()) {
      return;
    }
    long now = clock.millis();
    List<String> batch = due.entrySet().stream().filter(e -> e.getValue() <= now).limit(BATCH)
        .map(Map.Entry::getKey).toList();
    if (batch.isEmpty()) {
      return;
    }
    batch.forEach(due::remove);
    looking = true;
    apply(batch)
        .onFailure(e -> retryLater(batch, e))
        .onComplete(r -> looking = false);
  }

  private void retryLater(List<String> batch, Throwable failure) {
    LOG.warn("status of {} people not settled, retrying: {}", batch.size(), failure.toString());
    long later = clock.millis() + 1_000;
    batch.forEach(u -> due.putIfAbsent(u, later));
  }

  /** Settles these people's status now; people without a duty row are left until it is created. */
  Future<List<StatusChange>> apply(List<String> users) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    List<UUID> ids = users.stream().map(UUID::fromString).sorted().toList();
    return pool.withTransaction(conn -> settle(conn, ids, now))
        .onSuccess(this::published);
  }

  private Future<List<StatusChange>> settle(SqlConnection conn, List<UUID> ids, Instant now) {
    return repository.lock(conn, ids)
        .compose(rows -> decide(rows)
            .compose(transitions -> hidingLastSeen(rows, transitions)
                .compose(hiding -> repository.record(conn, rows, transitions, now, hiding))));
  }

  /** The orgs, among those with a change between online and offline in this batch, that hide last seen. */
  private Future<Set<UUID>> hidingLastSeen(List<Stored> rows, List<Transition> transitions) {
    Set<UUID> orgs = new java.util.HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      if (transitions.get(i).onlyConnection(rows.get(i))) {
        orgs.add(rows.get(i).orgId());
      }
    }
    return privacy.hiding(orgs);
  }

  /** Reads the live connections while the rows are held, so the last look at a person sees the latest state. */
  private Future<List<Transition>> decide(List<Stored> rows) {
    List<String> users = rows.stream().map(r -> r.userId().toString()).toList();
    return locations.online(users).map(online -> transitions(rows, online));
  }

  private static List<Transition> transitions(List<Stored> rows, Set<String> online) {
    List<Transition> transitions = new ArrayList<>(rows.size());
    rows.forEach(r -> transitions.add(Transition.of(r, online.contains(r.userId().toString()))));
    return transitions;
  }

  private void published(List<StatusChange> changes) {
    if (!changes.isEmpty()) {
      outboxWritten.run();
      frames.push(changes);
    }
  }
}
