package chatpro.common.presence;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * Who is off duty now, as presence-service publishes it to every cluster member: a Hazelcast ReplicatedMap from user
 * id to the epoch milliseconds of their {@code offDutyUntil} ({@link #UNKNOWN_UNTIL} when no return time is known).
 * A user is in the map exactly while off duty. Reads are local to each member and do not block; only
 * presence-service writes it.
 */
public final class OffDuty {
  /** The ReplicatedMap's name. */
  public static final String MAP = "chatpro.presence.off-duty";
  /** The value of a user who is off duty with no known return time. */
  public static final long UNKNOWN_UNTIL = -1L;

  private OffDuty() {}

  public static ReplicatedMap<String, Long> map(HazelcastInstance hazelcast) {
    return hazelcast.getReplicatedMap(MAP);
  }

  /**
   * The map's value for the user: null while on duty, else epoch millis of offDutyUntil or UNKNOWN_UNTIL. Each read
   * of the map costs a configuration lookup: on a hot path read {@link OffDutyView} instead.
   */
  public static Long untilMillis(HazelcastInstance hazelcast, String userId) {
    return map(hazelcast).get(userId);
  }
}
