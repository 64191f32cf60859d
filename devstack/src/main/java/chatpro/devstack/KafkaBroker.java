package chatpro.devstack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Apache Kafka 4.4 in KRaft combined broker+controller mode, as a child JVM on loopback. */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
  private static final String CLASSPATH = "chatpro/infra/kafka.classpath";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final List<String> JVM_FLAGS = List.of(
      "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
      "-Djava.awt.headless=true",
      "-Dorg.slf4j.simpleLogger.showDateTime=true",
      "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
      // Every config object dumps all its values at INFO: thousands of lines per start.
      "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config.AbstractConfig=warn");

  private final Path dir;
  private final boolean temporary;
  private final int port;
  private final ChildJvm jvm;

  private KafkaBroker(Path dir, boolean temporary, int port, ChildJvm jvm) {
    this.dir = dir;
    this.temporary = temporary;
    this.port = port;
    this.jvm = jvm;
  }

  /** Starts on {@code dir} (log segments in {@code dir/data}, output in {@code dir/kafka.log}), kept between runs. */
  public static KafkaBroker start(Path dir) throws IOException {
    return start(dir, false);
  }

  /** Starts on a fresh temporary directory that {@link #close()} deletes. */
  public static KafkaBroker startTemporary() throws IOException {
    return start(Files.createTempDirectory("chatpro-kafka"), true);
  }

  static KafkaBroker start(Path dir, boolean temporary) throws IOException {
    long t0 = System.nanoTime();
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path log = dir.resolve("kafka.log");
    int port = Net.freePort();
    int controllerPort = Net.freePort();
    // Static voters keep no endpoints in the metadata log, so fresh ports on every start are fine.
    Path config = writeConfig(dir.resolve("server.properties"), data, port, controllerPort);

    if (!Files.exists(data.resolve("meta.properties"))) {
      try (ChildJvm format = ChildJvm.launch("Kafka storage format", CLASSPATH, JVM_FLAGS,
          "kafka.tools.StorageTool", List.of("format", "-t", newClusterId(), "-c", config.toString()), dir, log)) {
        format.awaitSuccess(START_TIMEOUT);
      }
    }

    ChildJvm jvm = ChildJvm.launch("Kafka broker", CLASSPATH, JVM_FLAGS, "kafka.Kafka",
        List.of(config.toString()), dir, log);
    jvm.awaitReady(START_TIMEOUT, () -> jvm.logContains("Kafka Server started") && Net.accepts(port));
    LOG.info("Kafka ready on {}:{} in {} ms (pid {})", Net.HOST, port,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), jvm.pid());
    return new KafkaBroker(dir, temporary, port, jvm);
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
  public String bootstrap() {
    return Net.HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return jvm.pid();
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    jvm.close();
    if (temporary) {
      Dirs.deleteRecursively(dir);
    }
  }

  private static Path writeConfig(Path file, Path data, int port, int controllerPort) throws IOException {
    Map<String, String> c = new TreeMap<>();
    c.put("process.roles", "broker,controller");
    c.put("node.id", "1");
    c.put("controller.quorum.voters", "1@" + Net.HOST + ":" + controllerPort);
    c.put("listeners", "PLAINTEXT://" + Net.HOST + ":" + port + ",CONTROLLER://" + Net.HOST + ":" + controllerPort);
    c.put("advertised.listeners", "PLAINTEXT://" + Net.HOST + ":" + port);
    c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    c.put("controller.listener.names", "CONTROLLER");
    c.put("inter.broker.listener.name", "PLAINTEXT");
    c.put("log.dirs", data.toString());
    c.put("num.partitions", "1");
    c.put("default.replication.factor", "1");
    c.put("min.insync.replicas", "1");
    c.put("offsets.topic.replication.factor", "1");
    c.put("offsets.topic.num.partitions", "4");
    c.put("transaction.state.log.replication.factor", "1");
    c.put("transaction.state.log.min.isr", "1");
    c.put("transaction.state.log.num.partitions", "4");
    c.put("share.coordinator.state.topic.replication.factor", "1");
    c.put("share.coordinator.state.topic.min.isr", "1");
    c.put("group.initial.rebalance.delay.ms", "0");
    // After a kill -9 the old registration blocks the new one until its session expires (default 9 s).
    c.put("broker.session.timeout.ms", "3000");
    c.put("broker.heartbeat.interval.ms", "500");
    c.put("auto.create.topics.enable", "false");
    Properties props = new Properties();
    props.putAll(c);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(w, "written by DevStack on every start");
    }
    return file;
  }

  /** Kafka's Uuid text form: 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
  private static String newClusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-"));
    return id;
  }
}
