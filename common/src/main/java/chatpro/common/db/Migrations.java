package chatpro.common.db;

import chatpro.common.config.ChatproConfig.PgConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a service's numbered SQL files ({@code db/<schema>/V1__name.sql}, V2, ...) once each, in order, under an
 * advisory lock so replicas starting together do not race. The files are listed in {@code db/<schema>/index.txt}.
 *
 * <p>They run as the role that owns the schema ({@code CHATPRO_PG_OWNER_USER}; one per service, owning only that
 * service's schemas), which then grants the service's own role ({@code CHATPRO_PG_USER}) what it needs, in the same
 * transaction: every DML right on the schema's tables,
 * except on its append-only tables (the audit chain), where it may only SELECT and INSERT. Without owner settings the
 * services' role migrates and owns everything, and no grant can hold it back (docs/operations.md).
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Migrates the schema as its owner (a pool of one connection, closed after) and grants the services' role. */
  public static Future<Void> migrate(Vertx vertx, PgConfig pg, String schema) {
    return migrate(vertx, pg, schema, Set.of());
  }

  /**
   * The same, for a schema whose {@code appendOnly} tables the services' role may read and add to but never change:
   * no UPDATE, DELETE or TRUNCATE.
   */
  public static Future<Void> migrate(Vertx vertx, PgConfig pg, String schema, Set<String> appendOnly) {
    Pool owner = PgPools.create(vertx, pg.asOwner(), schema);
    String grantee = pg.separateOwner() ? pg.user() : null;
    if (grantee == null) {
      LOG.warn("schema {} is migrated by the services' own role: set CHATPRO_PG_OWNER_USER so that grants can keep"
          + " the services from changing the audit chain", schema);
    }
    return migrate(owner, schema, grantee, appendOnly)
        .eventually(() -> owner.close());
  }

  /** Migrates with the pool's role; grants nothing (tests of a schema alone, or one role for everything). */
  public static Future<Void> migrate(Pool pool, String schema) {
    return migrate(pool, schema, null, Set.of());
  }

  private static Future<Void> migrate(Pool pool, String schema, String grantee, Set<String> appendOnly) {
    List<String> files = list(schema);
    return pool.withTransaction(conn -> lock(conn, schema)
        .compose(v -> createSchemaIfMissing(conn, schema))
        .compose(v -> conn.query("CREATE TABLE IF NOT EXISTS " + schema + ".schema_version"
            + " (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())").execute())
        .compose(v -> conn.query("SELECT coalesce(max(version), 0) FROM " + schema + ".schema_version").execute())
        .map(rows -> rows.iterator().next().getInteger(0))
        .compose(current -> applyFrom(conn, schema, files, current))
        .compose(v -> grantee == null ? Future.succeededFuture() : grant(conn, schema, grantee, appendOnly)));
  }

  /** Idempotent, so every start repairs grants that were changed by hand and covers tables new since the last. */
  private static Future<Void> grant(SqlConnection conn, String schema, String grantee, Set<String> appendOnly) {
    String role = quoted(grantee);
    StringBuilder sql = new StringBuilder()
        .append("GRANT USAGE ON SCHEMA ").append(schema).append(" TO ").append(role).append(";\n")
        .append("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ").append(schema)
        .append(" TO ").append(role).append(";\n")
        .append("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ").append(schema).append(" TO ").append(role)
        .append(";\n")
        .append("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ").append(schema).append(" TO ").append(role)
        .append(";\n")
        .append("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ").append(schema).append(".schema_version FROM ")
        .append(role).append(";\n");
    for (String table : appendOnly) {
      sql.append("REVOKE UPDATE, DELETE, TRUNCATE ON ").append(schema).append('.').append(table)
          .append(" FROM ").append(role).append(";\n");
    }
    return conn.query(sql.toString()).execute()
        .onSuccess(v -> LOG.info("schema {}: granted to {} (append-only: {})", schema, grantee, appendOnly))
        .mapEmpty();
  }

  static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * A schema the platform made beforehand (owned by this service's owner role, which may then not create schemas
   * at all) is used as it is: even {@code CREATE SCHEMA IF NOT EXISTS} needs the right to create one.
   */
  private static Future<Void> createSchemaIfMissing(SqlConnection conn, String schema) {
    return conn.preparedQuery("SELECT 1 FROM pg_namespace WHERE nspname = $1").execute(Tuple.of(schema))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
            : conn.query("CREATE SCHEMA IF NOT EXISTS " + schema).execute().mapEmpty());
  }

  private static Future<Void> lock(SqlConnection conn, String schema) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
        .execute(Tuple.of("chatpro.migrate." + schema)).mapEmpty();
  }

  private static Future<Void> applyFrom(SqlConnection conn, String schema, List<String> files, int current) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = current; i < files.size(); i++) {
      int version = i + 1;
      String name = files.get(i);
      String sql = read("db/" + schema + "/" + name);
      chain = chain
          .compose(v -> conn.query(sql).execute())
          .compose(v -> conn.preparedQuery("INSERT INTO " + schema + ".schema_version (version, name) VALUES ($1, $2)")
              .execute(Tuple.of(version, name)))
          .onSuccess(v -> LOG.info("schema {} migrated to version {} ({})", schema, version, name))
          .mapEmpty();
    }
    return chain;
  }

  private static List<String> list(String schema) {
    List<String> files = new ArrayList<>();
    for (String line : read("db/" + schema + "/index.txt").split("\n")) {
      String name = line.trim();
      if (!name.isEmpty() && !name.startsWith("#")) {
        String expected = "V" + (files.size() + 1) + "__";
        if (!name.startsWith(expected)) {
          throw new IllegalStateException("migration " + name + " should start with " + expected);
        }
        files.add(name);
      }
    }
    return files;
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
