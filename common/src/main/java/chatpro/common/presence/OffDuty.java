package chatpro.common.presence;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * Who is off duty now, for every member of the cluster: a Hazelcast replicated map (each member holds a full copy,
 * so reads are local and never block) from user id to the epoch millisecond they are next on duty ({@code -1} when
 * unknown). presence-service is its only writer; a user is in it exactly while off duty.
 */
public final class OffDuty {
  public static final String MAP = "chatpro.presence.off-duty";

  private OffDuty() {}

  public static ReplicatedMap<String, Long> map(HazelcastInstance hazelcast) {
    return hazelcast.getReplicatedMap(MAP);
  }
}
