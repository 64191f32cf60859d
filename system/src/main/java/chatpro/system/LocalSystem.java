package chatpro.system;

import chatpro.common.cluster.ClusteredVertx;
import chatpro.common.config.ChatproConfig;
import chatpro.common.service.ServiceRunner.Deployer;
import chatpro.devstack.DevStack;
import chatpro.directory.DirectoryMain;
import chatpro.gateway.GatewayMain;
import chatpro.media.MediaMain;
import chatpro.messaging.MessageMain;
import chatpro.presence.PresenceMain;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The whole of ChatPro in this JVM, in a cluster named for this instance, in one of two shapes: {@link
 * Shape#ONE_INSTANCE} (the dev instance: one clustered Vert.x and one Hazelcast member host every service and gateway,
 * so their event-bus messages stay in memory) or {@link Shape#INSTANCE_EACH} (each service and gateway its own
 * clustered Vert.x instance and Hazelcast member on free ports, exactly as separate processes would be: what the
 * tests of faults and presence need).
 */
public final class LocalSystem implements AutoCloseable {
  /** How the services share this JVM. */
  public enum Shape {
    /** One clustered Vert.x instance and Hazelcast member for every service and gateway. */
    ONE_INSTANCE,
    /** A clustered Vert.x instance and Hazelcast member of its own for each service and gateway. */
    INSTANCE_EACH
  }

  /** The member name of the one instance in {@link Shape#ONE_INSTANCE}. */
  static final String ONE = "directory";
  private static final Map<String, Deployer> SERVICES = new LinkedHashMap<>();

  static {
    SERVICES.put("directory", DirectoryMain::deploy);
    SERVICES.put("messaging", MessageMain::deploy);
    SERVICES.put("media", MediaMain::deploy);
    SERVICES.put("presence", PresenceMain::deploy);
  }

  private final Map<String, String> baseEnv;
  private final Function<String, Map<String, String>> serviceEnv;
  private final int firstGatewayPort;
  private final int gateways;
  private final Shape shape;
  private final Map<String, Integer> memberPorts = new LinkedHashMap<>();
  private final Map<String, Vertx> running = new LinkedHashMap<>();
  /** {@link Shape#ONE_INSTANCE}: the instance, and each running service's deployment in it. */
  private Vertx one;
  private final Map<String, String> deployments = new HashMap<>();

  /**
   * @param baseEnv the infrastructure settings ({@code CHATPRO_PG_*}, ...) plus any others, such as the operator token
   * @param firstGatewayPort gateways listen on this port and the next ones (0: free ports)
   */
  public LocalSystem(Map<String, String> baseEnv, int firstGatewayPort, int gateways, String clusterName) {
    this(baseEnv, name -> Map.of(), firstGatewayPort, gateways, clusterName, Shape.INSTANCE_EACH);
  }

  /**
   * @param serviceEnv what one service or gateway adds to {@code baseEnv}: its own database roles, the object store's
   *     keys for media-service ({@link DevStack#environment(String)})
   */
  public LocalSystem(Map<String, String> baseEnv, Function<String, Map<String, String>> serviceEnv,
                     int firstGatewayPort, int gateways, String clusterName, Shape shape) {
    this.shape = shape;
    this.serviceEnv = serviceEnv;
    this.baseEnv = new HashMap<>(baseEnv);
    this.baseEnv.put("CHATPRO_CLUSTER_NAME", clusterName);
    this.baseEnv.put("CHATPRO_CLUSTER_HOST", "127.0.0.1");
    this.firstGatewayPort = firstGatewayPort;
    this.gateways = gateways;
    for (String name : names()) {
      memberPorts.put(name, freePort());
    }
    List<String> members = (shape == Shape.ONE_INSTANCE ? List.of(memberPorts.get(ONE)) : memberPorts.values())
        .stream().map(p -> "127.0.0.1:" + p).toList();
    this.baseEnv.put("CHATPRO_CLUSTER_MEMBERS", String.join(",", members));
  }

  /**
   * ChatPro on the embedded infrastructure: every service with its own database roles, media-service alone with the
   * object store's keys, the gateways with neither; {@code settings} go to all of them.
   */
  public static LocalSystem on(DevStack stack, Map<String, String> settings, int firstGatewayPort, int gateways,
                               String clusterName, Shape shape) {
    Map<String, String> env = new HashMap<>(settings);
    env.putAll(stack.environment());
    return new LocalSystem(env, stack::environment, firstGatewayPort, gateways, clusterName, shape);
  }

  /** Service and gateway names in start order: directory, messaging, media, presence, gateway-1, gateway-2, ... */
  public List<String> names() {
    List<String> names = new ArrayList<>(SERVICES.keySet());
    for (int i = 1; i <= gateways; i++) {
      names.add("gateway-" + i);
    }
    return names;
  }

  /**
   * Starts everything: the one instance, or the first member alone (so the others join its cluster rather than
   * forming their own); then the first service, the other services in parallel, then the gateways.
   */
  public LocalSystem start() throws Exception {
    try {
      if (shape == Shape.ONE_INSTANCE) {
        one = await(ClusteredVertx.start(config(ONE).cluster()));
      }
      List<String> names = new ArrayList<>(SERVICES.keySet());
      await(startFuture(names.remove(0)));
      List<Future<Vertx>> services = names.stream().map(this::startFuture).toList();
      await(Future.all(services));
      List<Future<Vertx>> nodes = new ArrayList<>();
      for (int i = 1; i <= gateways; i++) {
        nodes.add(startFuture("gateway-" + i));
      }
      await(Future.all(nodes));
      return this;
    } catch (Exception e) {
      // What did start must not run on beside the next attempt: it shares the database, Kafka's consumer groups
      // and the relays' locks with it.
      close();
      throw e;
    }
  }

  /** Starts one service or gateway (again, after {@link #stop}). */
  public void start(String name) throws Exception {
    await(startFuture(name));
  }

  /** Stops one service or gateway as a clean shutdown would. */
  public void stop(String name) throws Exception {
    await(stopFuture(name));
  }

  private synchronized Future<Void> stopFuture(String name) {
    Vertx vertx = running.remove(name);
    if (vertx == null) {
      return Future.succeededFuture();
    }
    String deployment = deployments.remove(name);
    return deployment != null ? vertx.undeploy(deployment) : vertx.close();
  }

  /**
   * The {@code CHATPRO_*} settings every member shares (Kafka, cluster name and members, operator token): what
   * another process needs to join this system as one more gateway node. No service's database roles or object-store
   * keys are among them.
   */
  public Map<String, String> sharedSettings() {
    Map<String, String> shared = new java.util.TreeMap<>();
    baseEnv.forEach((key, value) -> {
      if (key.startsWith("CHATPRO_")) {
        shared.put(key, value);
      }
    });
    return shared;
  }

  /** The running Vert.x instance of one service or gateway (for tests that drive a service's own parts). */
  public synchronized Vertx vertx(String name) {
    Vertx vertx = running.get(name);
    if (vertx == null) {
      throw new IllegalStateException(name + " is not running");
    }
    return vertx;
  }

  public int gatewayPort(int node) {
    return firstGatewayPort == 0 ? gatewayPorts.get(node) : firstGatewayPort + node - 1;
  }

  public ChatproConfig config(String name) {
    return ChatproConfig.from(env(name));
  }

  private final Map<Integer, Integer> gatewayPorts = new HashMap<>();

  /**
   * The settings one service or gateway of this system runs with (its node name, cluster port and, for a gateway,
   * HTTP port included): what it needs to run as a process of its own instead ({@code ./chatpro dev --separate}).
   */
  public Map<String, String> settings(String name) {
    if (!memberPorts.containsKey(name)) {
      throw new IllegalArgumentException("no service or gateway named " + name);
    }
    return new java.util.TreeMap<>(env(name));
  }

  Map<String, String> env(String name) {
    Map<String, String> env = new HashMap<>(baseEnv);
    env.putAll(serviceEnv.apply(name));
    env.put("CHATPRO_NODE_NAME", name);
    env.put("CHATPRO_CLUSTER_PORT", Integer.toString(memberPorts.get(name)));
    if (name.startsWith("gateway-")) {
      int node = Integer.parseInt(name.substring("gateway-".length()));
      int port = firstGatewayPort == 0
          ? gatewayPorts.computeIfAbsent(node, n -> freePort())
          : firstGatewayPort + node - 1;
      env.put("CHATPRO_HTTP_PORT", Integer.toString(port));
    }
    return env;
  }

  private Future<Vertx> startFuture(String name) {
    ChatproConfig config = config(name);
    Deployer deployer = name.startsWith("gateway-") ? GatewayMain::deploy : SERVICES.get(name);
    if (one != null) {
      return deployer.apply(one, config)
          .recover(e -> Future.failedFuture(new IllegalStateException(name + " did not start: " + e.getMessage(), e)))
          .map(id -> {
            synchronized (this) {
              deployments.put(name, id);
              running.put(name, one);
            }
            return one;
          });
    }
    return ClusteredVertx.start(config.cluster())
        .compose(vertx -> deployer.apply(vertx, config)
            .map(id -> vertx)
            .recover(e -> {
              // Closed in the background: this runs on one of the instance's own contexts, which its close ends,
              // so waiting for the close here would never finish and the start would hang instead of failing.
              vertx.close();
              return Future.failedFuture(new IllegalStateException(name + " did not start: " + e.getMessage(), e));
            }))
        .onSuccess(vertx -> {
          synchronized (this) {
            running.put(name, vertx);
          }
        });
  }

  /**
   * Stops everything as {@link #close} does, then starts it all again, as a rolling restart of every service would:
   * each reads its settings and its master key file anew.
   */
  public LocalSystem restart() throws Exception {
    close();
    return start();
  }

  /** Stops the gateways first (no new work comes in), then the services, each group in parallel. */
  @Override
  public void close() {
    stopAll(name -> name.startsWith("gateway-"));
    stopAll(name -> true);
    Vertx instance;
    synchronized (this) {
      instance = one;
      one = null;
    }
    if (instance != null) {
      try {
        await(instance.close());
      } catch (Exception e) {
        // as below
      }
    }
  }

  private void stopAll(java.util.function.Predicate<String> which) {
    List<Future<Void>> stops = new ArrayList<>();
    synchronized (this) {
      for (String name : new ArrayList<>(running.keySet())) {
        if (which.test(name)) {
          stops.add(stopFuture(name));
        }
      }
    }
    try {
      await(Future.join(stops));
    } catch (Exception e) {
      // what could stop has stopped; the JVM is going away
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(180, TimeUnit.SECONDS);
  }
}
