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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 18 (zonky binaries) on a free loopback port, holding the {@code chatpro} database, with the two roles
 * ChatPro runs with: {@code chatpro_owner} owns the database and its schemas and runs the migrations,
 * {@code chatpro_app} is what the services' pools connect as, with only the rights the migrations grant it.
 */
public final class EmbeddedPg implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPg.class);
  private static final String DATABASE = "chatpro";
  private static final String USER = "postgres";
  // initdb runs with trust auth: any password is accepted, this one satisfies clients that insist on one.
  private static final String PASSWORD = "postgres";
  static final String OWNER = "chatpro_owner";
  static final String APP = "chatpro_app";
  /**
   * A data directory from before the two roles has ChatPro's schemas owned by the superuser; they are handed to the
   * owner role so that its migrations can go on changing them.
   */
  private static final String HAND_OVER = """
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT n.nspname FROM pg_namespace n JOIN pg_roles o ON o.oid = n.nspowner
                 WHERE o.rolname = current_user AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN
                 ('public', 'information_schema') LOOP
          EXECUTE format('ALTER SCHEMA %I OWNER TO chatpro_owner', r.nspname);
        END LOOP;
        FOR r IN SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 JOIN pg_roles o ON o.oid = c.relowner WHERE o.rolname = current_user AND c.relkind IN ('r', 'S', 'p')
                 AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('public', 'information_schema') LOOP
          IF r.relkind = 'S' THEN
            CONTINUE;  -- a serial's sequence follows its table
          END IF;
          EXECUTE format('ALTER TABLE %I.%I OWNER TO chatpro_owner', r.nspname, r.relname);
        END LOOP;
      END $$""";

  private final Path dir;
  private final boolean temporary;
  private final EmbeddedPostgres postgres;
  private final long pid;
  private final Process reaper;

  private EmbeddedPg(Path dir, boolean temporary, EmbeddedPostgres postgres, long pid, Process reaper) {
    this.dir = dir;
    this.temporary = temporary;
    this.postgres = postgres;
    this.pid = pid;
    this.reaper = reaper;
  }

  /** Starts on {@code dir} (data in {@code dir/data}, log in {@code dir/postgres.log}), keeping it between runs. */
  public static EmbeddedPg start(Path dir) throws IOException {
    return start(dir, false);
  }

  /** Starts on a fresh temporary directory that {@link #close()} deletes. */
  public static EmbeddedPg startTemporary() throws IOException {
    return start(Files.createTempDirectory("chatpro-pg"), true);
  }

  static EmbeddedPg start(Path dir, boolean temporary) throws IOException {
    long t0 = System.nanoTime();
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    stopStalePostmaster(data);
    ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile());
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(Net.freePort())
        .setServerConfig("listen_addresses", Net.HOST)
        .setServerConfig("max_connections", "300")
        // zonky starts postgres with -F and synchronous_commit=off; dev data must survive a crash.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setOutputRedirector(log)
        .setErrorRedirector(log)
        // DevStack (or its owner) stops PostgreSQL after the services that use it, not in a hook of its own.
        .setRegisterShutdownHook(false)
        .start();
    try {
      createDatabase(postgres.getPort());
      long pid = readPid(data);
      EmbeddedPg pg = new EmbeddedPg(dir, temporary, postgres, pid, startReaper(pid));
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

  /** The role that owns ChatPro's schemas and migrates them (trust auth: the password is not checked). */
  public String ownerUser() {
    return OWNER;
  }

  /** The role the services run with. */
  public String appUser() {
    return APP;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + DATABASE;
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
        if (rs.next()) {
          ensureRoles(port);
          return;
        }
      }
      createRoles(s);
      s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
    } catch (SQLException e) {
      throw new IOException("cannot create database " + DATABASE + " on port " + port, e);
    }
  }

  /** The two roles, on a new data directory or one from before them (then its schemas go to the owner). */
  private static void ensureRoles(int port) throws IOException {
    String url = "jdbc:postgresql://" + Net.HOST + ":" + port + "/" + DATABASE;
    try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
        Statement s = c.createStatement()) {
      createRoles(s);
      s.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + OWNER);
      s.execute(HAND_OVER);
    } catch (SQLException e) {
      throw new IOException("cannot set up the roles of database " + DATABASE + " on port " + port, e);
    }
  }

  private static void createRoles(Statement s) throws SQLException {
    for (String role : new String[] {OWNER, APP}) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
        if (rs.next()) {
          continue;
        }
      }
      s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + role + "'");
    }
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
