package chatpro.common.presence;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A reader's copy of {@link OffDuty}'s map, kept by its entry events: asking whether someone is off duty is a plain
 * hash lookup (it is asked for every delivered event), and going back on duty is told to a callback on the
 * owner's context.
 */
public final class OffDutyView {
  private final Map<String, Long> offDuty = new ConcurrentHashMap<>();
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
        }
      });
      replicated.forEach(offDuty::putIfAbsent);
      map = replicated;
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

  public boolean nobodyOffDuty() {
    return offDuty.isEmpty();
  }

  public Future<Void> stop(Vertx vertx) {
    ReplicatedMap<String, Long> watched = map;
    UUID id = listener;
    if (watched == null || id == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> watched.removeEntryListener(id)).mapEmpty();
  }
}
