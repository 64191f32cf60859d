package chatpro.presence.schedule;

import chatpro.common.presence.OffDuty;
import chatpro.presence.duty.Duty;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MultiExecutionCallback;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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

  private final Vertx vertx;
  private final Context context;
  private final ReplicatedMap<String, Long> map;
  private final IExecutorService members;

  public OffDutyMap(Vertx vertx, Context context, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.context = context;
    this.map = OffDuty.map(hazelcast);
    this.members = hazelcast.getExecutorService(OffDuty.SEEN_EXECUTOR);
  }

  /** Puts the person in the map while off duty, takes them out when on. */
  public Future<Void> publish(String userId, Duty duty) {
    return context.executeBlocking(() -> {
      write(userId, duty.onDuty(), duty.offDutyUntil());
      return null;
    }, true);
  }

  /**
   * {@link #publish}, completing once the readers on every live member of this cluster (gateways deciding delivery,
   * message-service's ack notice) hold the new value: a replicated map copies a write to the other members a moment
   * later, and a change a person asked for must be in effect when they are answered. One task per member, each
   * waiting at most {@link OffDuty#SEEN_WAIT_MS}; a member that lags is logged and the answer goes out anyway, and
   * the answer never waits longer than that bound plus a little, whatever the cluster does.
   */
  public Future<Void> publishSeen(String userId, Duty duty) {
    return publish(userId, duty).compose(v -> seenEverywhere(userId, value(duty.onDuty(), duty.offDutyUntil())));
  }

  private Future<Void> seenEverywhere(String userId, Long value) {
    Promise<Void> seen = Promise.promise();
    long bound = vertx.setTimer(OffDuty.SEEN_WAIT_MS + 500, id -> {
      if (seen.tryComplete()) {
        LOG.warn("not every member answered for {}'s duty change within {} ms", userId, OffDuty.SEEN_WAIT_MS + 500);
      }
    });
    members.submitToAllMembers(new OffDuty.Seen(userId, value), new MultiExecutionCallback() {
      @Override
      public void onResponse(Member member, Object caughtUp) {
        if (!Boolean.TRUE.equals(caughtUp)) {
          LOG.warn("member {} did not hold {}'s duty change within {} ms: {}", member.getUuid(), userId,
              OffDuty.SEEN_WAIT_MS, caughtUp);
        }
      }

      @Override
      public void onComplete(Map<Member, Object> values) {
        context.runOnContext(x -> {
          vertx.cancelTimer(bound);
          seen.tryComplete();
        });
      }
    });
    return seen.future();
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
    Long value = value(onDuty, until);
    if (value == null) {
      map.remove(userId);
    } else {
      map.put(userId, value);
    }
  }

  /** The map's value: null (absent) while on duty. */
  private static Long value(boolean onDuty, Instant until) {
    if (onDuty) {
      return null;
    }
    return until == null ? OffDuty.UNKNOWN_UNTIL : until.toEpochMilli();
  }
}
