package chatpro.presence.schedule;

import chatpro.common.presence.OffDuty;
import chatpro.presence.duty.Duty;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes who is off duty to the cluster's {@link OffDuty#MAP}, which gateways and message-service read locally.
 * A write waits for the entry's owner member, so writes run on worker threads, in order (ordered blocking tasks of
 * this verticle's context), so a later answer for a person never lands before an earlier one.
 */
public final class OffDutyMap {
  private static final Logger LOG = LoggerFactory.getLogger(OffDutyMap.class);

  private final Context context;
  private final ReplicatedMap<String, Long> map;

  public OffDutyMap(Context context, ReplicatedMap<String, Long> map) {
    this.context = context;
    this.map = map;
  }

  /** Puts the person in the map while off duty, takes them out when on. */
  public Future<Void> publish(String userId, Duty duty) {
    return context.executeBlocking(() -> {
      write(userId, duty.onDuty(), duty.offDutyUntil());
      return null;
    }, true);
  }

  /** Makes the map hold exactly the people the database says are off duty (at start, after a cluster restart). */
  public Future<Void> replaceAll(Map<String, Instant> offDuty) {
    return context.executeBlocking(() -> {
      Set<String> stale = new HashSet<>(map.keySet());
      stale.removeAll(offDuty.keySet());
      stale.forEach(map::remove);
      offDuty.forEach((user, until) -> write(user, false, until));
      LOG.info("off-duty map holds {} people ({} stale entries removed)", offDuty.size(), stale.size());
      return null;
    }, true);
  }

  private void write(String userId, boolean onDuty, Instant until) {
    if (onDuty) {
      map.remove(userId);
    } else {
      map.put(userId, until == null ? OffDuty.UNKNOWN_UNTIL : until.toEpochMilli());
    }
  }
}
