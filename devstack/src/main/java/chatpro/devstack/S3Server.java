package chatpro.devstack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** S3Proxy over a local directory, as a child JVM on loopback, with fixed dev credentials. */
public final class S3Server implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
  private static final String CLASSPATH = "chatpro/infra/s3proxy.classpath";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String ACCESS_KEY = "chatpro-dev";
  private static final String SECRET_KEY = "chatpro-dev-secret-key";
  private static final String REGION = "us-east-1";
  private static final List<String> JVM_FLAGS = List.of(
      "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
      "-Djava.awt.headless=true",
      "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");

  private final Path dir;
  private final boolean temporary;
  private final int port;
  private final ChildJvm jvm;

  private S3Server(Path dir, boolean temporary, int port, ChildJvm jvm) {
    this.dir = dir;
    this.temporary = temporary;
    this.port = port;
    this.jvm = jvm;
  }

  /** Starts on {@code dir} (buckets in {@code dir/data}, output in {@code dir/s3proxy.log}), kept between runs. */
  public static S3Server start(Path dir) throws IOException {
    return start(dir, false);
  }

  /** Starts on a fresh temporary directory that {@link #close()} deletes. */
  public static S3Server startTemporary() throws IOException {
    return start(Files.createTempDirectory("chatpro-s3"), true);
  }

  static S3Server start(Path dir, boolean temporary) throws IOException {
    long t0 = System.nanoTime();
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    int port = Net.freePort();
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", "http://" + Net.HOST + ":" + port);
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", ACCESS_KEY);
    p.setProperty("s3proxy.credential", SECRET_KEY);
    p.setProperty("jclouds.provider", "filesystem-nio2");
    p.setProperty("jclouds.identity", ACCESS_KEY);
    p.setProperty("jclouds.credential", SECRET_KEY);
    p.setProperty("jclouds.filesystem.basedir", data.toString());
    Path config = dir.resolve("s3proxy.properties");
    try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      p.store(w, "written by DevStack on every start");
    }

    ChildJvm jvm = ChildJvm.launch("S3Proxy", CLASSPATH, JVM_FLAGS, "org.gaul.s3proxy.Main",
        List.of("--properties", config.toString()), dir, dir.resolve("s3proxy.log"));
    jvm.awaitReady(START_TIMEOUT, () -> Net.accepts(port));
    LOG.info("S3Proxy ready on {}:{} in {} ms (pid {})", Net.HOST, port,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), jvm.pid());
    return new S3Server(dir, temporary, port, jvm);
  }

  /** {@code http://127.0.0.1:port}; path-style addressing. */
  public String endpoint() {
    return "http://" + Net.HOST + ":" + port;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  public String region() {
    return REGION;
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
}
