package chatpro.common.presence;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A reader's copy of {@link OffDuty}'s map, kept by its entry events: asking whether someone is off duty is a plain
 * hash lookup (it is asked for every delivered event), and going back on duty is told to a callback on the
 * owner's context.
 */
public final class OffDutyView {
  /** The running views of each cluster member in this JVM, by member id: what {@link OffDuty.Seen} waits on. */
  private static final Map<UUID, Set<OffDutyView>> BY_MEMBER = new ConcurrentHashMap<>();

  private final Map<String, Long> offDuty = new ConcurrentHashMap<>();
  private volatile UUID member;
  private volatile ReplicatedMap<String, Long> map;
  private volatile UUID listener;

  /**
   * Starts watching on a worker thread (creating the proxy and the listener may wait on the cluster).
   * @param backOnDuty told of each user leaving the map, on the caller's context
   */
  public Future<OffDutyView> start(Vertx vertx, HazelcastInstance hazelcast, Consumer<String> backOnDuty) {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      ReplicatedMap<String, Long> replicated = OffDuty.map(hazelcast);
      listener = replicated.addEntryListener(new EntryAdapter<>() {
        @Override
        public void onEntryEvent(EntryEvent<String, Long> event) {
          switch (event.getEventType()) {
            case ADDED, UPDATED, MERGED -> offDuty.put(event.getKey(), event.getValue());
            case REMOVED, EVICTED, EXPIRED -> {
              if (offDuty.remove(event.getKey()) != null) {
                context.runOnContext(v -> backOnDuty.accept(event.getKey()));
              }
            }
            default -> { }
          }
          changed();
        }
      });
      replicated.forEach(offDuty::putIfAbsent);
      map = replicated;
      register(hazelcast);
      return this;
    });
  }

  public boolean isOffDuty(String userId) {
    return offDuty.containsKey(userId);
  }

  /** Epoch millis of the user's offDutyUntil ({@link OffDuty#UNKNOWN_UNTIL} if unknown), or null while on duty. */
  public Long until(String userId) {
    return offDuty.get(userId);
  }

  /** The id of the cluster member a Hazelcast instance is. */
  static UUID memberOf(HazelcastInstance hazelcast) {
    return hazelcast.getCluster().getLocalMember().getUuid();
  }

  /**
   * Counted among its member's views until stopped, or until the member leaves the cluster (a Vert.x instance closed
   * without stopping its verticles must not leave a view behind that no change reaches).
   */
  private void register(HazelcastInstance hazelcast) {
    UUID id = memberOf(hazelcast);
    member = id;
    BY_MEMBER.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(this);
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
        unregister();
      }
    });
  }

  private void unregister() {
    UUID id = member;
    if (id != null) {
      BY_MEMBER.computeIfPresent(id, (k, views) -> {
        views.remove(this);
        return views.isEmpty() ? null : views;
      });
    }
  }

  /**
   * Waits (blocking: never on an event loop) until every view of the member holds {@code until} for the user (null:
   * on duty), or the deadline passes; true when they all do. A replicated map's copies follow a write a moment
   * later: presence-service asks every member this before answering a change, so the change is in effect for
   * delivery when answered.
   */
  static boolean awaitOn(UUID member, String userId, Long until, long deadlineNanos) throws InterruptedException {
    for (OffDutyView view : BY_MEMBER.getOrDefault(member, Set.of())) {
      if (!view.await(userId, until, deadlineNanos)) {
        return false;
      }
    }
    return true;
  }

  private synchronized boolean await(String userId, Long until, long deadlineNanos) throws InterruptedException {
    while (!Objects.equals(offDuty.get(userId), until)) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private synchronized void changed() {
    notifyAll();
  }

  public boolean nobodyOffDuty() {
    return offDuty.isEmpty();
  }

  public Future<Void> stop(Vertx vertx) {
    unregister();
    ReplicatedMap<String, Long> watched = map;
    UUID id = listener;
    if (watched == null || id == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> watched.removeEntryListener(id)).mapEmpty();
  }
}
