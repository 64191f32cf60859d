package chatpro.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every ChatPro setting, read once from {@code CHATPRO_*} variables and validated before anything starts. */
public record ChatproConfig(
    String nodeName,
    int httpPort,
    String operatorToken,
    List<String> allowedOrigins,
    List<String> trustedProxies,
    PgConfig pg,
    KafkaConfig kafka,
    S3Config s3,
    ClusterConfig cluster,
    TokenConfig tokens,
    LimitsConfig limits,
    String masterKeyFile,
    int mediaInternalPort,
    int opsPort,
    int uploadMegabytesPerDay,
    RateConfig rates,
    int gatewayLoops) {

  /** {@code opsPort} when /health and /metrics are served on the gateway's own port (the default). */
  public static final int SAME_PORT = -1;
  /** {@code gatewayLoops} when a gateway serves its sockets on one event loop per processor (the default). */
  public static final int LOOP_PER_CORE = 0;

  /** Reads the process environment. */
  public static ChatproConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the given variables; throws {@link ConfigException} naming every bad setting at once. */
  public static ChatproConfig from(Map<String, String> env) {
    Settings s = new Settings(env);
    ChatproConfig config = new ChatproConfig(
        s.string("CHATPRO_NODE_NAME", "node-" + UUID.randomUUID().toString().substring(0, 8)),
        s.port("CHATPRO_HTTP_PORT", 8080),
        s.string("CHATPRO_OPERATOR_TOKEN", ""),
        s.list("CHATPRO_ALLOWED_ORIGINS"),
        s.list("CHATPRO_TRUSTED_PROXIES"),
        new PgConfig(
            s.string("CHATPRO_PG_HOST", "127.0.0.1"),
            s.port("CHATPRO_PG_PORT", 5432),
            s.string("CHATPRO_PG_DATABASE", "chatpro"),
            s.string("CHATPRO_PG_USER", "postgres"),
            s.string("CHATPRO_PG_PASSWORD", ""),
            s.intIn("CHATPRO_PG_POOL_SIZE", 8, 1, 200),
            s.string("CHATPRO_PG_OWNER_USER", ""),
            s.string("CHATPRO_PG_OWNER_PASSWORD", ""),
            s.oneOf("CHATPRO_PG_SSLMODE", "disable", PgConfig.SSL_MODES),
            s.string("CHATPRO_PG_SSL_ROOT_CERT", "")),
        new KafkaConfig(
            s.string("CHATPRO_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
            s.intIn("CHATPRO_KAFKA_PARTITIONS", 12, 1, 10_000),
            s.intIn("CHATPRO_KAFKA_REPLICATION", 1, 1, 10),
            Duration.ofHours(s.intIn("CHATPRO_KAFKA_RETENTION_HOURS", 7 * 24, 1, 100_000)),
            new KafkaSecurity(
                s.oneOf("CHATPRO_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT", KafkaSecurity.PROTOCOLS),
                s.oneOf("CHATPRO_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", KafkaSecurity.MECHANISMS),
                s.string("CHATPRO_KAFKA_USERNAME", ""),
                s.string("CHATPRO_KAFKA_PASSWORD", ""),
                s.string("CHATPRO_KAFKA_TRUSTSTORE", ""))),
        new S3Config(
            s.string("CHATPRO_S3_ENDPOINT", "http://127.0.0.1:9000"),
            s.string("CHATPRO_S3_ACCESS_KEY", ""),
            s.string("CHATPRO_S3_SECRET_KEY", ""),
            s.string("CHATPRO_S3_REGION", "us-east-1"),
            s.string("CHATPRO_S3_BUCKET", "chatpro-media"),
            s.secret("CHATPRO_MEDIA_LINK_SECRET", S3Config.MIN_LINK_SECRET),
            s.intIn("CHATPRO_MEDIA_MAX_MB", 16, 1, 1024)),
        new ClusterConfig(
            s.string("CHATPRO_CLUSTER_NAME", "chatpro"),
            s.string("CHATPRO_CLUSTER_HOST", "127.0.0.1"),
            s.intIn("CHATPRO_CLUSTER_PORT", 5701, 0, 65535),
            s.list("CHATPRO_CLUSTER_MEMBERS"),
            s.string("CHATPRO_CLUSTER_KUBERNETES_SERVICE", ""),
            s.intIn("CHATPRO_EVENTBUS_PORT", 0, 0, 65535),
            s.string("CHATPRO_CLUSTER_TLS_CERT", ""),
            s.string("CHATPRO_CLUSTER_TLS_KEY", ""),
            s.string("CHATPRO_CLUSTER_TLS_CA", ""),
            s.secret("CHATPRO_CLUSTER_SECRET", ClusterConfig.MIN_SECRET),
            s.secrets("CHATPRO_CLUSTER_SECRET_ACCEPTED", ClusterConfig.MIN_SECRET)),
        new TokenConfig(
            s.string("CHATPRO_JWT_ISSUER", "chatpro"),
            s.string("CHATPRO_JWT_AUDIENCE", "chatpro"),
            Duration.ofSeconds(s.intIn("CHATPRO_ACCESS_TOKEN_TTL_SECONDS", 900, 300, 86_400)),
            Duration.ofDays(s.intIn("CHATPRO_REFRESH_TOKEN_TTL_DAYS", 30, 1, 365)),
            Duration.ofDays(s.intIn("CHATPRO_SIGNING_KEY_ROTATION_DAYS", 30, 1, 3650))),
        new LimitsConfig(
            s.intIn("CHATPRO_MAX_GROUP_MEMBERS", 1024, 2, 100_000),
            s.intIn("CHATPRO_MAX_SOCKET_QUEUE", 1024, 16, 1_000_000),
            s.intIn("CHATPRO_PASSWORD_THREADS", 0, 0, 256),
            s.intIn("CHATPRO_PASSWORD_QUEUE", 256, 1, 100_000)),
        // read by the services that encrypt (MasterKey.load names it when it is missing or wrong)
        s.string("CHATPRO_MASTER_KEY_FILE", ""),
        // media-service's HTTP server for the gateways' streams, on CHATPRO_CLUSTER_HOST; 0: a free port
        s.port("CHATPRO_MEDIA_INTERNAL_PORT", 0),
        // the gateway's /health and /metrics on a port of their own; unset: on CHATPRO_HTTP_PORT; 0: a free port
        s.intIn("CHATPRO_OPS_PORT", SAME_PORT, SAME_PORT, 65535),
        // what one person may upload (pictures and voice notes) in any 24 hours
        s.intIn("CHATPRO_UPLOAD_MB_PER_DAY", 1024, 1, 1_000_000),
        new RateConfig(
            s.intIn("CHATPRO_SEND_BURST", 30, 1, 10_000_000),
            s.intIn("CHATPRO_SEND_PER_SECOND", 10, 1, 10_000_000),
            s.intIn("CHATPRO_SEND_QUEUE_PER_SENDER", 64, 1, 1_000_000),
            s.intIn("CHATPRO_CHATS_PER_MINUTE", 30, 1, 10_000_000)),
        // how many event loops a gateway spreads its sockets over; 0: one per processor the JVM sees
        s.intIn("CHATPRO_GATEWAY_EVENT_LOOPS", LOOP_PER_CORE, 0, 64));
    crossCheck(s, config);
    s.throwIfInvalid();
    return config;
  }

  /** The event loops a gateway serves its sockets on: the setting, or one per processor. */
  public int gatewayLoopCount() {
    return gatewayLoops == LOOP_PER_CORE ? Math.max(1, Runtime.getRuntime().availableProcessors()) : gatewayLoops;
  }

  /** Settings that only make sense together. */
  private static void crossCheck(Settings s, ChatproConfig config) {
    KafkaSecurity kafka = config.kafka().security();
    if (kafka.sasl() && (kafka.username().isEmpty() || kafka.password().isEmpty())) {
      s.problem("CHATPRO_KAFKA_SECURITY_PROTOCOL=" + kafka.protocol()
          + " needs CHATPRO_KAFKA_USERNAME and CHATPRO_KAFKA_PASSWORD");
    }
    if (!kafka.tls() && !kafka.truststore().isEmpty()) {
      s.problem("CHATPRO_KAFKA_TRUSTSTORE is set but CHATPRO_KAFKA_SECURITY_PROTOCOL is PLAINTEXT");
    }
    PgConfig pg = config.pg();
    if (pg.sslMode().equals("verify-full") && pg.sslRootCert().isEmpty()) {
      s.problem("CHATPRO_PG_SSLMODE=verify-full needs CHATPRO_PG_SSL_ROOT_CERT (the CA's PEM file)");
    }
  }

  /**
   * PostgreSQL connection settings.
   * @param user the role the services run with (their pools): what the migrations grant, no more
   * @param ownerUser the role that owns the schemas and runs the migrations; empty: {@code user} migrates too, and
   *     then no grant can keep the running services from changing the audit chain (docs/operations.md)
   */
  public record PgConfig(String host, int port, String database, String user, String password, int poolSize,
                         String ownerUser, String ownerPassword, String sslMode, String sslRootCert) {
    /** {@code CHATPRO_PG_SSLMODE}: no TLS, TLS without checking the server, or TLS to the named host only. */
    public static final List<String> SSL_MODES = List.of("disable", "require", "verify-full");

    public PgConfig(String host, int port, String database, String user, String password, int poolSize) {
      this(host, port, database, user, password, poolSize, "", "");
    }

    public PgConfig(String host, int port, String database, String user, String password, int poolSize,
                    String ownerUser, String ownerPassword) {
      this(host, port, database, user, password, poolSize, ownerUser, ownerPassword, "disable", "");
    }

    /** True when migrations run as a role of their own, distinct from the services' role. */
    public boolean separateOwner() {
      return !ownerUser.isEmpty() && !ownerUser.equals(user);
    }

    /** The settings the migrations connect with: the owner's, or the services' own when no owner is set. */
    public PgConfig asOwner() {
      return separateOwner() ? new PgConfig(host, port, database, ownerUser, ownerPassword, 1, ownerUser,
          ownerPassword, sslMode, sslRootCert) : this;
    }
  }

  /** Kafka settings; partitions and replication apply to topics ChatPro creates. */
  public record KafkaConfig(String bootstrap, int partitions, short replication, Duration retention,
                            KafkaSecurity security) {
    public KafkaConfig(String bootstrap, int partitions, int replication, Duration retention) {
      this(bootstrap, partitions, (short) replication, retention, KafkaSecurity.PLAINTEXT);
    }

    public KafkaConfig(String bootstrap, int partitions, int replication, Duration retention,
                       KafkaSecurity security) {
      this(bootstrap, partitions, (short) replication, retention, security);
    }
  }

  /**
   * How every Kafka client of a service connects: {@code protocol} is Kafka's {@code security.protocol}; with
   * {@code SASL_SSL} it logs in as {@code username} by {@code mechanism}; {@code truststore} is a PEM file of the CA
   * that signed the brokers' certificates (empty: the JVM's own trust store).
   */
  public record KafkaSecurity(String protocol, String mechanism, String username, String password,
                              String truststore) {
    public static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_SSL");
    public static final List<String> MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256");
    public static final KafkaSecurity PLAINTEXT = new KafkaSecurity("PLAINTEXT", "SCRAM-SHA-512", "", "", "");

    public boolean sasl() {
      return protocol.startsWith("SASL_");
    }

    public boolean tls() {
      return protocol.endsWith("SSL");
    }

    /** Without the password, should the settings ever reach a log. */
    @Override
    public String toString() {
      return "KafkaSecurity[protocol=" + protocol + ", mechanism=" + mechanism + ", username=" + username
          + ", password=" + (password.isEmpty() ? "" : "(set)") + ", truststore=" + truststore + "]";
    }
  }

  /**
   * S3 / MinIO settings for media, and how media-service signs the links clients load media by.
   * @param linkSecret the key media links on the gateway's origin are signed with; empty: media-service derives one
   *     from {@code secretKey}, so its replicas agree without another setting
   * @param maxMediaMegabytes the largest upload of either kind, in MiB
   */
  public record S3Config(String endpoint, String accessKey, String secretKey, String region, String bucket,
                         String linkSecret, int maxMediaMegabytes) {
    /** A shorter link secret could be guessed; 32 characters is what {@code openssl rand -hex 16} gives. */
    public static final int MIN_LINK_SECRET = 32;

    public long maxMediaBytes() {
      return maxMediaMegabytes * 1024L * 1024L;
    }
  }

  /**
   * Hazelcast membership and the clustered event bus. {@code members} lists seed members one by one
   * ({@code host:port}); an empty list with a Kubernetes service name uses Kubernetes discovery instead.
   *
   * @param tlsCert this member's certificate chain (PEM file) for the event bus, presented to and by every member
   * @param tlsKey its private key (PEM, PKCS#8)
   * @param tlsCa the CA (PEM) a member's certificate must chain to; the event bus refuses any other peer
   * @param secret the key callers are sealed with on the event bus ({@code CallerSeals}); required to start
   * @param acceptedSecrets other keys whose seals are accepted too, for a rolling change of the secret
   *     (docs/security.md)
   */
  public record ClusterConfig(String name, String host, int port, List<String> members, String kubernetesService,
      int eventBusPort, String tlsCert, String tlsKey, String tlsCa, String secret, List<String> acceptedSecrets) {
    /** The same as {@code CallerSeals.MIN_SECRET} (common's config does not depend on the bus package). */
    public static final int MIN_SECRET = 32;

    /** True when all three TLS files are set. */
    public boolean tls() {
      return !tlsCert.isEmpty() && !tlsKey.isEmpty() && !tlsCa.isEmpty();
    }
  }

  /** JWT claims and lifetimes; a new signing key is made when the newest is older than {@code keyRotation}. */
  public record TokenConfig(String issuer, String audience, Duration accessTtl, Duration refreshTtl,
      Duration keyRotation) {}

  /**
   * Size limits that operators may tune.
   * @param passwordThreads the directory's argon2 threads; 0: one per available processor
   * @param passwordQueue argon2 jobs that may wait before new ones are refused with 429
   */
  public record LimitsConfig(int maxGroupMembers, int maxSocketQueue, int passwordThreads, int passwordQueue) {}

  /**
   * What one person may do how fast, kept by message-service (docs/architecture.md, "Rate limits").
   * @param sendBurst sends (WebSocket and REST together) a person may make at once
   * @param sendPerSecond how fast that allowance comes back
   * @param sendQueuePerSender a person's sends that may wait in one message-service's queue; more answer 429
   * @param chatsPerMinute chats a person may create per minute (also the burst)
   */
  public record RateConfig(int sendBurst, int sendPerSecond, int sendQueuePerSender, int chatsPerMinute) {}

  /** A setting that cannot be used; the message names each one. */
  public static final class ConfigException extends RuntimeException {
    ConfigException(String message) {
      super(message);
    }
  }

  /** Reads typed values and collects every problem instead of stopping at the first. */
  private static final class Settings {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Settings(Map<String, String> env) {
      this.env = env;
    }

    String string(String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** A secret that may be left empty; when set it must be long enough. Its value never appears in a message. */
    String secret(String name, int minLength) {
      String v = string(name, "");
      if (!v.isEmpty() && v.length() < minLength) {
        problems.add(name + " must be at least " + minLength + " characters when set (got " + v.length() + ")");
      }
      return v;
    }

    /** A comma-separated list of secrets, each long enough; values never appear in a message. */
    List<String> secrets(String name, int minLength) {
      List<String> values = list(name);
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i).length() < minLength) {
          problems.add(name + ": secret " + (i + 1) + " must be at least " + minLength + " characters (got "
              + values.get(i).length() + ")");
        }
      }
      return values;
    }

    /** One of a few words, compared without regard to case and answered as spelled in {@code allowed}. */
    String oneOf(String name, String fallback, List<String> allowed) {
      String v = string(name, fallback);
      for (String a : allowed) {
        if (a.equalsIgnoreCase(v)) {
          return a;
        }
      }
      problems.add(name + " must be one of " + String.join(", ", allowed) + " (got '" + v + "')");
      return fallback;
    }

    List<String> list(String name) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return List.of();
      }
      return Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    int port(String name, int fallback) {
      return intIn(name, fallback, 0, 65535);
    }

    int intIn(String name, int fallback, int min, int max) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(v.trim());
        if (n < min || n > max) {
          problems.add(name + " must be between " + min + " and " + max + " (got " + n + ")");
        }
        return n;
      } catch (NumberFormatException e) {
        problems.add(name + " must be a whole number (got '" + v + "')");
        return fallback;
      }
    }

    void problem(String message) {
      problems.add(message);
    }

    void throwIfInvalid() {
      if (!problems.isEmpty()) {
        throw new ConfigException("Invalid settings: " + String.join("; ", problems));
      }
    }
  }
}
