package chatpro.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PostgreSQL, Kafka and S3 started together on loopback under one data directory. */
public final class DevStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);
  /** The one service that reaches the object store: it alone holds the keys (media bytes go through it). */
  private static final String OBJECT_STORE_USER = "media";

  private final Path dataDir;
  private final boolean temporary;
  private final EmbeddedPg pg;
  private final KafkaBroker kafka;
  private final S3Server s3;
  private final DirLock lock;
  private final Thread shutdownHook;
  private boolean closed;

  private DevStack(Path dataDir, boolean temporary, EmbeddedPg pg, KafkaBroker kafka, S3Server s3, DirLock lock) {
    this.dataDir = dataDir;
    this.temporary = temporary;
    this.pg = pg;
    this.kafka = kafka;
    this.s3 = s3;
    this.lock = lock;
    // On Ctrl-C or SIGTERM the children would only notice through ParentWatch and stop uncleanly.
    this.shutdownHook = new Thread(this::close, "devstack-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts on {@code dataDir} ({@code postgres/}, {@code kafka/}, {@code s3/}), keeping the data between runs. */
  public static DevStack start(Path dataDir) throws IOException {
    return start(dataDir.toAbsolutePath(), false);
  }

  /** Starts on a fresh temporary directory that {@link #close()} deletes. */
  public static DevStack startTemporary() throws IOException {
    return start(Files.createTempDirectory("chatpro-devstack"), true);
  }

  private static DevStack start(Path dataDir, boolean temporary) throws IOException {
    long t0 = System.nanoTime();
    Files.createDirectories(dataDir);
    DirLock lock = DirLock.acquire(dataDir.resolve("devstack.lock"));
    boolean started = false;
    ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
      Thread t = new Thread(r, "devstack-start");
      t.setDaemon(true);
      return t;
    });
    try {
      // Kafka first: it is the slowest and the other two fit in its shadow.
      Future<KafkaBroker> kafka = pool.submit(() -> KafkaBroker.start(dataDir.resolve("kafka"), false));
      Future<S3Server> s3 = pool.submit(() -> S3Server.start(dataDir.resolve("s3"), false));
      Future<EmbeddedPg> pg = pool.submit(() -> EmbeddedPg.start(dataDir.resolve("postgres"), false));
      Throwable failure = null;
      failure = await(kafka, failure);
      failure = await(s3, failure);
      failure = await(pg, failure);
      if (failure != null) {
        closeQuietly(kafka);
        closeQuietly(s3);
        closeQuietly(pg);
        if (temporary) {
          Dirs.deleteRecursively(dataDir);
        }
        if (failure instanceof IOException) {
          throw (IOException) failure;
        }
        throw new IOException("dev stack did not start", failure);
      }
      DevStack stack = new DevStack(dataDir, temporary, pg.get(), kafka.get(), s3.get(), lock);
      started = true;
      LOG.info("Dev stack ready in {} ms on {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dataDir);
      return stack;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the dev stack", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdown();
      if (!started) {
        lock.close();
      }
    }
  }

  private static Throwable await(Future<?> future, Throwable failure) throws InterruptedException {
    try {
      future.get();
      return failure;
    } catch (ExecutionException e) {
      if (failure == null) {
        return e.getCause();
      }
      failure.addSuppressed(e.getCause());
      return failure;
    }
  }

  private static void closeQuietly(Future<? extends AutoCloseable> future) {
    try {
      if (future.isDone() && !future.isCancelled()) {
        future.get().close();
      }
    } catch (Exception e) {
      // Failed to start, or failed to stop after a sibling failed: nothing more to do.
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  public EmbeddedPg postgres() {
    return pg;
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public S3Server s3() {
    return s3;
  }

  public String pgHost() {
    return pg.host();
  }

  public int pgPort() {
    return pg.port();
  }

  public String pgDatabase() {
    return pg.database();
  }

  /** The superuser, for tests and tools that look into any schema. */
  public String pgUser() {
    return pg.user();
  }

  /** The role that owns and migrates one service's schemas ({@link EmbeddedPg#SERVICES}). */
  public String pgOwnerUser(String service) {
    return pg.ownerUser(service);
  }

  /** The role one service runs with. */
  public String pgAppUser(String service) {
    return pg.appUser(service);
  }

  public String pgPassword() {
    return pg.password();
  }

  public String pgJdbcUrl() {
    return pg.jdbcUrl();
  }

  public String kafkaBootstrap() {
    return kafka.bootstrap();
  }

  public String s3Endpoint() {
    return s3.endpoint();
  }

  public String s3AccessKey() {
    return s3.accessKey();
  }

  public String s3SecretKey() {
    return s3.secretKey();
  }

  public String s3Region() {
    return s3.region();
  }

  /**
   * The {@code CHATPRO_*} settings every ChatPro process shares: the Kafka address. Databases and the object store
   * are each service's own ({@link #environment(String)}); the gateway gets neither.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CHATPRO_KAFKA_BOOTSTRAP", kafkaBootstrap());
    return env;
  }

  /**
   * What one service adds to {@link #environment()}: its own PostgreSQL roles when it keeps data there, and the
   * object store's address and keys for media-service alone. Nothing for a service that has neither.
   */
  public Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    if (EmbeddedPg.SERVICES.containsKey(service)) {
      env.putAll(pgAddress());
      env.put("CHATPRO_PG_USER", pgAppUser(service));
      env.put("CHATPRO_PG_PASSWORD", pg.passwordOf(pgAppUser(service)));
      env.put("CHATPRO_PG_OWNER_USER", pgOwnerUser(service));
      env.put("CHATPRO_PG_OWNER_PASSWORD", pg.passwordOf(pgOwnerUser(service)));
    }
    if (OBJECT_STORE_USER.equals(service)) {
      env.putAll(s3Settings());
    }
    return env;
  }

  private Map<String, String> s3Settings() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CHATPRO_S3_ENDPOINT", s3Endpoint());
    env.put("CHATPRO_S3_ACCESS_KEY", s3AccessKey());
    env.put("CHATPRO_S3_SECRET_KEY", s3SecretKey());
    env.put("CHATPRO_S3_REGION", s3Region());
    return env;
  }

  /**
   * The PostgreSQL superuser's settings and the object store's, for tools that fill every schema and the bucket
   * directly (benchmarks), never for a service.
   */
  public Map<String, String> toolEnvironment() {
    Map<String, String> env = pgAddress();
    env.put("CHATPRO_PG_USER", pgUser());
    env.put("CHATPRO_PG_PASSWORD", pgPassword());
    env.putAll(s3Settings());
    return env;
  }

  private Map<String, String> pgAddress() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CHATPRO_PG_HOST", pgHost());
    env.put("CHATPRO_PG_PORT", Integer.toString(pgPort()));
    env.put("CHATPRO_PG_DATABASE", pgDatabase());
    return env;
  }

  /**
   * Hands the stop at JVM exit to the caller, who must then close this stack itself once what uses it has stopped
   * (the stack's own hook would otherwise run at the same time as the caller's).
   */
  public void closeOnlyWhenAsked() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down.
    }
  }

  /** Stops all three (children get SIGTERM, then SIGKILL after 10 s); idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long t0 = System.nanoTime();
    Thread kafkaStop = new Thread(kafka::close, "devstack-stop-kafka");
    Thread s3Stop = new Thread(s3::close, "devstack-stop-s3");
    kafkaStop.start();
    s3Stop.start();
    try {
      pg.close();
    } catch (IOException e) {
      LOG.warn("PostgreSQL did not stop cleanly: {}", e.toString());
    }
    join(kafkaStop);
    join(s3Stop);
    lock.close();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: this may be the hook itself.
    }
    if (temporary) {
      Dirs.deleteRecursively(dataDir);
    }
    LOG.info("Dev stack stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
