package chatpro.common.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a service's numbered SQL files ({@code db/<schema>/V1__name.sql}, V2, ...) once each, in order, under an
 * advisory lock so replicas starting together do not race. The files are listed in {@code db/<schema>/index.txt}.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static Future<Void> migrate(Pool pool, String schema) {
    List<String> files = list(schema);
    return pool.withTransaction(conn -> lock(conn, schema)
        .compose(v -> conn.query("CREATE SCHEMA IF NOT EXISTS " + schema).execute())
        .compose(v -> conn.query("CREATE TABLE IF NOT EXISTS " + schema + ".schema_version"
            + " (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())").execute())
        .compose(v -> conn.query("SELECT coalesce(max(version), 0) FROM " + schema + ".schema_version").execute())
        .map(rows -> rows.iterator().next().getInteger(0))
        .compose(current -> applyFrom(conn, schema, files, current)));
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
