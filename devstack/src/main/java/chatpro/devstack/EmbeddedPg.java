package chatpro.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 18 (zonky binaries) on a free loopback port, holding the {@code chatpro} database with two roles per
 * ChatPro service ({@link #SERVICES}): {@code chatpro_<service>_owner} owns that service's schemas and runs their
 * migrations, {@code chatpro_<service>} is what the service's pool connects as, with only what the migrations grant
 * it. Neither has any right on another service's schemas, nor may create schemas of its own: the superuser creates
 * every schema here, owned by its service's owner role.
 */
public final class EmbeddedPg implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPg.class);
  private static final String DATABASE = "chatpro";
  private static final String USER = "postgres";
  // initdb runs with trust auth: any password is accepted, this one satisfies clients that insist on one.
  private static final String PASSWORD = "postgres";

  /** The services that keep data in PostgreSQL, by the names LocalSystem gives them, with the schemas each owns. */
  public static final Map<String, List<String>> SERVICES = services();

  /**
   * Extensions a service's migrations ask for, made beforehand by the superuser: installing one needs the right to
   * create in the database, which no service's role has (k8s/platform/postgres.yaml declares the same).
   */
  private static final List<String> EXTENSIONS = List.of("fuzzystrmatch WITH SCHEMA directory");

  /** The single owner and single services' role of data directories from before one role per service. */
  private static final List<String> FORMER_ROLES = List.of("chatpro_owner", "chatpro_app");

  /**
   * Gives a schema and every table, view and sequence in it to the service's owner role (%1$s: schema, %2$s: role),
   * on a data directory where another role (the superuser, or the former single owner) holds them.
   */
  private static final String HAND_OVER = """
      DO $$
      DECLARE r record;
      BEGIN
        EXECUTE format('ALTER SCHEMA %%I OWNER TO %%I', '%1$s', '%2$s');
        FOR r IN SELECT c.oid, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = '%1$s' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                 AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = '%2$s') LOOP
          IF r.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                                         WHERE d.objid = r.oid AND d.deptype IN ('a', 'i')) THEN
            CONTINUE;  -- a serial's or identity's sequence follows its table
          END IF;
          EXECUTE format('ALTER TABLE %%I.%%I OWNER TO %%I', '%1$s', r.relname, '%2$s');
        END LOOP;
      END $$""";

  private final Path dir;
  private final boolean temporary;
  private final EmbeddedPostgres postgres;
  private final long pid;
  private final Process reaper;
  private final SelfSigned tls;

  private EmbeddedPg(Path dir, boolean temporary, EmbeddedPostgres postgres, long pid, Process reaper,
      SelfSigned tls) {
    this.dir = dir;
    this.temporary = temporary;
    this.postgres = postgres;
    this.pid = pid;
    this.reaper = reaper;
    this.tls = tls;
  }

  /** Starts on {@code dir} (data in {@code dir/data}, log in {@code dir/postgres.log}), keeping it between runs. */
  public static EmbeddedPg start(Path dir) throws IOException {
    return start(dir, false);
  }

  /** Starts on a fresh temporary directory that {@link #close()} deletes. */
  public static EmbeddedPg startTemporary() throws IOException {
    return start(Files.createTempDirectory("chatpro-pg"), true);
  }

  /**
   * A temporary PostgreSQL that also speaks TLS, with a certificate made here for 127.0.0.1 ({@link #certificate()});
   * it listens on 127.0.0.2 as well, an address its certificate does not name.
   */
  public static EmbeddedPg startTemporaryWithTls() throws IOException {
    Path dir = Files.createTempDirectory("chatpro-pg");
    return start(dir, true, SelfSigned.make(dir.resolve("tls"), "server"));
  }

  static EmbeddedPg start(Path dir, boolean temporary) throws IOException {
    return start(dir, temporary, null);
  }

  private static EmbeddedPg start(Path dir, boolean temporary, SelfSigned tls) throws IOException {
    long t0 = System.nanoTime();
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    stopStalePostmaster(data);
    ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile());
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(Net.freePort())
        .setServerConfig("listen_addresses", tls == null ? Net.HOST : Net.HOST + ",127.0.0.2")
        .setServerConfig("max_connections", "300")
        // zonky starts postgres with -F and synchronous_commit=off; dev data must survive a crash.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setOutputRedirector(log)
        .setErrorRedirector(log)
        // DevStack (or its owner) stops PostgreSQL after the services that use it, not in a hook of its own.
        .setRegisterShutdownHook(false);
    if (tls != null) {
      builder.setServerConfig("ssl", "on")
          .setServerConfig("ssl_cert_file", tls.certificate().toString())
          .setServerConfig("ssl_key_file", tls.privateKey().toString());
    }
    EmbeddedPostgres postgres = builder.start();
    try {
      createDatabase(postgres.getPort());
      long pid = readPid(data);
      EmbeddedPg pg = new EmbeddedPg(dir, temporary, postgres, pid, startReaper(pid), tls);
      LOG.info("PostgreSQL ready on {}:{} in {} ms", Net.HOST, postgres.getPort(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      return pg;
    } catch (IOException | RuntimeException e) {
      postgres.close();
      throw e;
    }
  }

  public String host() {
    return Net.HOST;
  }

  public int port() {
    return postgres.getPort();
  }

  public String database() {
    return DATABASE;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  /** The role that owns a service's schemas and migrates them (trust auth: the password is not checked). */
  public String ownerUser(String service) {
    return appUser(service) + "_owner";
  }

  /** The role a service runs with. */
  public String appUser(String service) {
    if (!SERVICES.containsKey(service)) {
      throw new IllegalArgumentException(service + " keeps no data in PostgreSQL; those that do: " + SERVICES.keySet());
    }
    return "chatpro_" + service;
  }

  /** The password of a role of {@link #ownerUser} or {@link #appUser} (its own name; trust auth does not check it). */
  public String passwordOf(String role) {
    return role;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + DATABASE;
  }

  /** The PEM certificate of a server from {@link #startTemporaryWithTls}: what its clients trust. */
  public Path certificate() {
    if (tls == null) {
      throw new IllegalStateException("this PostgreSQL speaks no TLS");
    }
    return tls.certificate();
  }

  /** The postmaster's process id. */
  public long pid() {
    return pid;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    if (reaper != null) {
      reaper.destroy();
    }
    postgres.close();
    if (temporary) {
      Dirs.deleteRecursively(dir);
    }
  }

  private static void createDatabase(int port) throws IOException {
    String url = "jdbc:postgresql://" + Net.HOST + ":" + port + "/postgres";
    try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          s.execute("CREATE DATABASE " + DATABASE);
        }
      }
    } catch (SQLException e) {
      throw new IOException("cannot create database " + DATABASE + " on port " + port, e);
    }
    ensureRoles(port);
  }

  /**
   * Each service's two roles and its schemas, owned by its owner role, on a new data directory or one from before
   * them (whose schemas go from the former single owner to each service's own, and whose former roles go away).
   */
  private static void ensureRoles(int port) throws IOException {
    String url = "jdbc:postgresql://" + Net.HOST + ":" + port + "/" + DATABASE;
    try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
        Statement s = c.createStatement()) {
      // Only the superuser creates schemas; PUBLIC keeps CONNECT and TEMPORARY, nothing more.
      s.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + USER);
      s.execute("REVOKE CREATE ON DATABASE " + DATABASE + " FROM PUBLIC");
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      for (Map.Entry<String, List<String>> service : SERVICES.entrySet()) {
        String app = "chatpro_" + service.getKey();
        String owner = app + "_owner";
        createRole(s, owner);
        createRole(s, app);
        for (String schema : service.getValue()) {
          s.execute("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + owner);
          s.execute(String.format(HAND_OVER, schema, owner));
        }
      }
      for (String extension : EXTENSIONS) {
        s.execute("CREATE EXTENSION IF NOT EXISTS " + extension);
      }
      dropFormerRoles(s);
    } catch (SQLException e) {
      throw new IOException("cannot set up the roles of database " + DATABASE + " on port " + port, e);
    }
  }

  private static void createRole(Statement s, String role) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
      if (rs.next()) {
        return;
      }
    }
    s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + role + "'");
  }

  /** What the former roles still own goes to the superuser, their grants are dropped, then the roles. */
  private static void dropFormerRoles(Statement s) throws SQLException {
    for (String role : FORMER_ROLES) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
        if (!rs.next()) {
          continue;
        }
      }
      s.execute("REASSIGN OWNED BY " + role + " TO " + USER);
      s.execute("DROP OWNED BY " + role);
      s.execute("DROP ROLE " + role);
      LOG.info("PostgreSQL role {} replaced by one role per service", role);
    }
  }

  private static Map<String, List<String>> services() {
    Map<String, List<String>> services = new LinkedHashMap<>();
    services.put("directory", List.of("directory", "keys"));
    services.put("messaging", List.of("messaging", "audit"));
    services.put("media", List.of("media"));
    services.put("presence", List.of("presence"));
    return java.util.Collections.unmodifiableMap(services);
  }

  private static long readPid(Path data) throws IOException {
    List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
    return Long.parseLong(lines.get(0).trim());
  }

  /**
   * A postmaster runs in its own session, so a kill -9 of our JVM leaves it running with the data directory
   * locked; stop it so this start can take over.
   */
  private static void stopStalePostmaster(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    if (DirLock.isHeld(data.resolve("epg-lock"))) {
      throw new IOException("PostgreSQL data directory " + data + " is in use by a live process");
    }
    Optional<ProcessHandle> stale;
    try {
      stale = ProcessHandle.of(readPid(data))
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false));
    } catch (IOException | RuntimeException e) {
      return;
    }
    if (stale.isEmpty()) {
      return;
    }
    ProcessHandle h = stale.get();
    LOG.warn("Stopping PostgreSQL left running on {} (pid {})", data, h.pid());
    h.destroy();
    if (awaitExit(h, 5)) {
      return;
    }
    // SIGTERM is a smart shutdown that waits for clients; SIGINT disconnects them.
    new ProcessBuilder("kill", "-INT", Long.toString(h.pid())).start();
    if (awaitExit(h, 10)) {
      return;
    }
    h.destroyForcibly();
    if (!awaitExit(h, 5)) {
      throw new IOException("PostgreSQL pid " + h.pid() + " on " + data + " does not stop");
    }
  }

  private static boolean awaitExit(ProcessHandle h, int seconds) {
    try {
      h.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return !h.isAlive();
    }
  }

  /** A tiny shell that fast-stops the postmaster if our JVM dies without closing it. */
  private static Process startReaper(long postmasterPid) {
    try {
      return new ProcessBuilder("/bin/sh", "-c",
          "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; kill -INT \"$2\" 2>/dev/null",
          "chatpro-pg-reaper", Long.toString(ProcessHandle.current().pid()), Long.toString(postmasterPid))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      LOG.warn("No reaper for PostgreSQL pid {}: {}", postmasterPid, e.toString());
      return null;
    }
  }
}
