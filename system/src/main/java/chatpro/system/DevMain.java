package chatpro.system;

import chatpro.common.crypto.MasterKey;
import chatpro.devstack.ClusterCredentials;
import chatpro.devstack.DevStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./chatpro dev}: real PostgreSQL, Kafka and S3 on loopback, and every ChatPro service (in one Vert.x
 * instance and Hazelcast member), kept in a data folder between runs, until SIGINT or SIGTERM. Never reads standard
 * input. With {@code --separate} this JVM holds only the infrastructure and every service and gateway runs as a child
 * process, with a fault switch ({@link FaultControl}) that kills and restarts one of them, PostgreSQL or the Kafka
 * broker.
 */
public final class DevMain {
  private DevMain() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (options == null) {
      System.err.println("usage: chatpro dev [--port P] [--gateways N] [--data DIR] [--separate]");
      System.exit(2);
      return;
    }
    Path data = options.data.toAbsolutePath().normalize();
    Files.createDirectories(data);
    long started = System.nanoTime();
    DevStack stack = DevStack.start(data.resolve("infra"));
    stack.closeOnlyWhenAsked();
    LocalSystem system = null;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      Map<String, String> env = new HashMap<>(System.getenv());
      String token = operatorToken(data);
      env.put("CHATPRO_OPERATOR_TOKEN", token);
      if (env.getOrDefault(MasterKey.SETTING, "").isBlank()) {
        // the dev instance's master key, kept with its data (production mounts it from a secret)
        env.put(MasterKey.SETTING, MasterKey.createIfMissing(data.resolve("master-key.json")).toString());
      }
      // the event bus's CA, member certificate and the secret callers are sealed with, kept with the data
      env.putAll(ClusterCredentials.createIfMissing(data.resolve("cluster")));
      // In one JVM the services share one Vert.x instance and Hazelcast member; as processes, each has its own.
      LocalSystem.Shape shape = options.separate ? LocalSystem.Shape.INSTANCE_EACH : LocalSystem.Shape.ONE_INSTANCE;
      system = LocalSystem.on(stack, env, options.port, options.gateways, clusterName(data), shape);
      AutoCloseable running = options.separate ? startSeparate(system, stack, token, data) : system;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.println("stopping ChatPro ...");
        closeQuietly(running);
        stack.close();
        stopped.countDown();
      }, "chatpro-dev-shutdown"));
      if (!options.separate) {
        system.start();
      }
      for (int node = 1; node <= options.gateways; node++) {
        waitUntilHealthy(system.gatewayPort(node));
      }
      Files.writeString(data.resolve("kafka.bootstrap"), stack.kafkaBootstrap() + "\n");
      writeNodeSettings(data.resolve("node.env"), system.sharedSettings());
      writeNodeSettings(data.resolve("infra.env"), stack.toolEnvironment());
      long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
      System.out.println("ChatPro is up in " + seconds + " s with " + options.gateways + " gateway node(s); data in "
          + data);
      System.out.println("operator token: " + token);
      System.out.println("kafka: " + stack.kafkaBootstrap());
      System.out.println("ready: http://127.0.0.1:" + system.gatewayPort(1));
      System.out.flush();
    } catch (Exception e) {
      System.err.println("ChatPro could not start: " + e.getMessage());
      if (system != null) {
        system.close();
      }
      stack.close();
      System.exit(1);
    }
    stopped.await();
  }

  /**
   * Every service and gateway as a child process, and the fault switch; answers what stops them all (the switch,
   * the processes, then whatever the switch left down comes back so the stack can stop it).
   */
  private static AutoCloseable startSeparate(LocalSystem layout, DevStack stack, String token, Path data)
      throws Exception {
    ServiceProcesses services = new ServiceProcesses(layout, data.resolve("logs"));
    InfraOutages infra = new InfraOutages(stack.postgres(), stack.kafka());
    AutoCloseable all = () -> {
      services.close();
      infra.close();
    };
    try {
      services.startAll();
      FaultControl control = FaultControl.start(token, infra, services, data.resolve("faults.port"));
      System.out.println("fault control: http://127.0.0.1:" + Files.readString(data.resolve("faults.port")).trim()
          + "/faults/<target>/down|up");
      return () -> {
        control.close();
        all.close();
      };
    } catch (Exception e) {
      all.close();
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      System.err.println("stopping: " + e.getMessage());
    }
  }

  /** The CHATPRO_OPERATOR_TOKEN setting, else one made once and kept in the data folder. */
  static String operatorToken(Path data) throws Exception {
    String fromEnv = System.getenv("CHATPRO_OPERATOR_TOKEN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    Path file = data.resolve("operator-token");
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Files.writeString(file, token + "\n");
    return token;
  }

  /**
   * Settings as shell {@code export} lines readable only by this user: {@code node.env}, what another process needs
   * to join this instance as one more gateway node ({@code ./chatpro gateway}; it holds the operator token, and no
   * database or object-store settings); {@code infra.env}, PostgreSQL's superuser and the object store, for benchmarks
   * that fill tables and the bucket directly.
   */
  static void writeNodeSettings(Path file, Map<String, String> settings) throws Exception {
    StringBuilder lines = new StringBuilder();
    settings.forEach((key, value) ->
        lines.append("export ").append(key).append("='").append(value.replace("'", "'\\''")).append("'\n"));
    Files.deleteIfExists(file);
    Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, lines);
  }

  /** Unique per data folder, so two dev instances (or the tests) never join each other's cluster. */
  static String clusterName(Path data) {
    return "chatpro-dev-" + Integer.toHexString(data.toString().hashCode());
  }

  static void waitUntilHealthy(int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() == 200) {
          return;
        }
        last = response.body();
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("gateway on port " + port + " is not healthy: " + last);
  }

  /** Command-line options of the dev command. */
  record Options(int port, int gateways, Path data, boolean separate) {
    static Options parse(String[] args) {
      int port = 8080;
      int gateways = 1;
      Path data = Path.of(".chatpro");
      boolean separate = false;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        if (args[i].equals("--separate")) {
          separate = true;
          continue;
        }
        switch (args[i]) {
          case "--port" -> port = parseInt(value, 1, 65535);
          case "--gateways" -> gateways = parseInt(value, 1, 16);
          case "--data" -> data = value == null ? null : Path.of(value);
          default -> {
            return null;
          }
        }
        if (port < 0 || gateways < 0 || data == null) {
          return null;
        }
        i++;
      }
      return new Options(port, gateways, data, separate);
    }

    private static int parseInt(String value, int min, int max) {
      try {
        int n = Integer.parseInt(value);
        return n < min || n > max ? -1 : n;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }
}
