package chatpro.common.cluster;

import chatpro.common.config.ChatproConfig.ClusterConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Starts a Vert.x instance that is a member of the ChatPro Hazelcast cluster and its clustered event bus. */
public final class ClusteredVertx {
  private ClusteredVertx() {}

  public static Future<Vertx> start(ClusterConfig cluster) {
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(cluster));
    EventBusOptions eventBus = new EventBusOptions()
        .setHost(cluster.host())
        .setClusterPublicHost(cluster.host())
        .setPort(cluster.eventBusPort());
    VertxOptions options = new VertxOptions().setEventBusOptions(eventBus);
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered();
  }

  /** Vert.x's own map settings, joined by an explicit member list (or Kubernetes), never by multicast. */
  static Config hazelcastConfig(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(cluster.port() != 0);
    config.getNetworkConfig().getInterfaces().setEnabled(false);
    config.getNetworkConfig().setPublicAddress(null);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (!cluster.kubernetesService().isEmpty() && cluster.members().isEmpty()) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-name", cluster.kubernetesService())
          // Members talk inside the cluster network; looking for external addresses needs node-read rights.
          .setProperty("expose-externally", "false");
    } else {
      join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
      cluster.members().forEach(member -> join.getTcpIpConfig().addMember(member));
      if (cluster.members().isEmpty()) {
        join.getTcpIpConfig().addMember(cluster.host());
      }
    }
    config.setProperty("hazelcast.local.localAddress", cluster.host());
    config.setProperty("hazelcast.socket.bind.any", "false");
    return config;
  }
}
