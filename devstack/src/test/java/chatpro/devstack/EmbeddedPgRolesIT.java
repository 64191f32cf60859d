package chatpro.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory from the days of one owner and one services' role is handed to one role pair per service. */
class EmbeddedPgRolesIT {

  @TempDir
  Path dir;

  @Test
  void formerSingleRolesGiveWayToOneOwnerPerService() throws Exception {
    try (EmbeddedPg pg = EmbeddedPg.start(dir, false); Connection c = superuser(pg); Statement s = c.createStatement()) {
      // the layout before: everything owned by chatpro_owner, chatpro_app granted rights on it
      s.execute("CREATE ROLE chatpro_owner LOGIN");
      s.execute("CREATE ROLE chatpro_app LOGIN");
      s.execute("ALTER DATABASE chatpro OWNER TO chatpro_owner");
      s.execute("ALTER SCHEMA media OWNER TO chatpro_owner");
      s.execute("CREATE TABLE media.objects (id bigserial PRIMARY KEY, note text)");
      s.execute("ALTER TABLE media.objects OWNER TO chatpro_owner");
      s.execute("GRANT USAGE ON SCHEMA media TO chatpro_app");
      s.execute("GRANT SELECT ON media.objects TO chatpro_app");
      s.execute("INSERT INTO media.objects (note) VALUES ('kept')");
    }
    try (EmbeddedPg pg = EmbeddedPg.start(dir, false); Connection c = superuser(pg); Statement s = c.createStatement()) {
      assertEquals("chatpro_media_owner", one(s, "SELECT nspowner::regrole::text FROM pg_namespace"
          + " WHERE nspname = 'media'"));
      assertEquals("chatpro_media_owner", one(s, "SELECT relowner::regrole::text FROM pg_class"
          + " WHERE oid = 'media.objects'::regclass"));
      assertEquals("chatpro_media_owner", one(s, "SELECT relowner::regrole::text FROM pg_class"
          + " WHERE oid = 'media.objects_id_seq'::regclass"), "the serial's sequence went with its table");
      assertEquals("postgres", one(s, "SELECT datdba::regrole::text FROM pg_database WHERE datname = 'chatpro'"));
      assertEquals("0", one(s, "SELECT count(*) FROM pg_roles WHERE rolname IN ('chatpro_owner', 'chatpro_app')"));
      assertEquals("kept", one(s, "SELECT note FROM media.objects"));
    }
    try (EmbeddedPg pg = EmbeddedPg.start(dir, false);
        Connection c = DriverManager.getConnection(pg.jdbcUrl(), "chatpro_media_owner", "chatpro_media_owner");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO media.objects (note) VALUES ('added by its owner')");
      try (ResultSet rs = s.executeQuery("SELECT has_schema_privilege('directory', 'USAGE'),"
          + " has_database_privilege('chatpro', 'CREATE')")) {
        assertTrue(rs.next());
        assertFalse(rs.getBoolean(1), "media's owner has no way into directory's schema");
        assertFalse(rs.getBoolean(2), "nor may it create a schema");
      }
    }
  }

  private static Connection superuser(EmbeddedPg pg) throws Exception {
    return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
  }

  private static String one(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }
}
