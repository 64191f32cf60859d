package chatpro.common.cluster;

import chatpro.common.bus.CallerSeals;
import chatpro.common.config.ChatproConfig.ClusterConfig;
import chatpro.common.presence.LocationMap;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Starts a Vert.x instance that is a member of the ChatPro Hazelcast cluster and its clustered event bus. */
public final class ClusteredVertx {
  private ClusteredVertx() {}

  /**
   * Joins the cluster. The event bus is TLS both ways: each member presents the cluster's certificate and accepts
   * only peers whose certificate chains to the cluster's CA, so a process without one can neither send nor receive.
   * A member without the TLS settings or the cluster secret does not start.
   */
  public static Future<Vertx> start(ClusterConfig cluster) {
    if (!cluster.tls() || cluster.secret().isEmpty()) {
      return Future.failedFuture(new IllegalStateException("the clustered event bus needs CHATPRO_CLUSTER_TLS_CERT, "
          + "CHATPRO_CLUSTER_TLS_KEY, CHATPRO_CLUSTER_TLS_CA and CHATPRO_CLUSTER_SECRET (docs/security.md)"));
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(cluster));
    VertxOptions options = new VertxOptions().setEventBusOptions(eventBusOptions(cluster));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
        .onSuccess(vertx -> CallerSeals.install(vertx, cluster.secret(), cluster.acceptedSecrets()));
  }

  /** Mutual TLS on the event bus; peers are told apart by their certificate's CA, not by host name (pods move). */
  static EventBusOptions eventBusOptions(ClusterConfig cluster) {
    EventBusOptions eventBus = new EventBusOptions()
        .setHost(cluster.host())
        .setClusterPublicHost(cluster.host())
        .setPort(cluster.eventBusPort())
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cluster.tlsCert()).setKeyPath(cluster.tlsKey()))
        .setTrustOptions(new PemTrustOptions().addCertPath(cluster.tlsCa()))
        // the event bus's default is to trust any server certificate: a member would then hand messages to a
        // process whose certificate no one signed
        .setTrustAll(false)
        .setClientAuth(ClientAuth.REQUIRED);
    // Vert.x's event-bus client verifies no host name (members are addressed by IP): the CA is what is checked.
    return eventBus;
  }

  /** Vert.x's own map settings, joined by an explicit member list (or Kubernetes), never by multicast. */
  public static Config hazelcastConfig(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Hazelcast authenticates no member, and a member's tasks and values arrive as Java serialization: only
    // Hazelcast's own list of harmless classes and ChatPro's own (the off-duty and location map's entry processors,
    // the off-duty readers' task) are read; anything else, gadgets included, is refused.
    JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
    filter.getWhitelist().addPrefixes("chatpro.");
    config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Hazelcast gathers every probe of the member every 5 s for JMX and Management Center, neither of which ChatPro
    // uses (it exports its own metrics): that cycle was most of an idle member's CPU.
    config.getMetricsConfig().setEnabled(false);
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
    LocationMap.configure(config);
    return config;
  }
}
