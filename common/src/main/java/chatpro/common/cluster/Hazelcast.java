package chatpro.common.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** The Hazelcast member under a clustered Vert.x, for services that keep live state in its maps. */
public final class Hazelcast {
  private Hazelcast() {}

  public static HazelcastInstance of(Vertx vertx) {
    if (((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager manager) {
      return manager.getHazelcastInstance();
    }
    throw new IllegalStateException("this Vert.x is not a member of a Hazelcast cluster");
  }

  /** This member's cluster node id (the same id cluster membership events name). */
  public static String nodeId(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager().getNodeId();
  }

  /**
   * The Vert.x node id of a cluster member: Vert.x keeps it in the member attribute {@code __vertx.nodeId} (a random
   * id of its own, not the member's Hazelcast UUID).
   */
  public static String nodeIdOf(com.hazelcast.cluster.Member member) {
    String id = member.getAttribute("__vertx.nodeId");
    return id != null ? id : member.getUuid().toString();
  }
}
