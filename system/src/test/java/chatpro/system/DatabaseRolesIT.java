package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Org;
import io.vertx.pgclient.PgException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each service reaches PostgreSQL as its own role, which may use its own schemas and no other; a gateway has no
 * database or object-store settings at all.
 */
@ExtendWith(ChatproExtension.class)
class DatabaseRolesIT {
  private static final String PERMISSION_DENIED = "42501";

  @Test
  void mediasRoleCannotReadTheDirectorysTables() throws Exception {
    Org org = ChatproExtension.api(1).newOrg();
    try (TestDb media = TestDb.of("media")) {
      for (String sql : List.of("SELECT count(*) FROM directory.users", "SELECT count(*) FROM keys.master_check",
          "SELECT count(*) FROM messaging.chats", "SELECT count(*) FROM audit.entries",
          "SELECT count(*) FROM presence.last_seen")) {
        assertEquals(PERMISSION_DENIED, sqlState(media, sql), sql);
      }
      assertEquals(0L, media.rows("SELECT count(*) FROM media.objects WHERE org_id = $1::uuid", org.id())
          .get(0).getLong(0), "its own schema it reads");
    }
  }

  @Test
  void everyServiceIsShutOutOfTheOthersSchemas() throws Exception {
    Map<String, List<String>> own = Map.of("directory", List.of("directory", "keys"),
        "messaging", List.of("messaging", "audit"), "media", List.of("media"), "presence", List.of("presence"));
    List<String> all = own.values().stream().flatMap(List::stream).toList();
    for (Map.Entry<String, List<String>> service : own.entrySet()) {
      try (TestDb db = TestDb.of(service.getKey())) {
        for (String schema : all) {
          boolean usage = db.rows("SELECT has_schema_privilege($1, 'USAGE')", schema).get(0).getBoolean(0);
          boolean create = db.rows("SELECT has_schema_privilege($1, 'CREATE')", schema).get(0).getBoolean(0);
          assertEquals(service.getValue().contains(schema), usage, service.getKey() + " on " + schema);
          assertFalse(create, service.getKey() + " creates nothing in " + schema + " while it runs");
        }
        assertFalse(db.rows("SELECT has_database_privilege(current_database(), 'CREATE')").get(0).getBoolean(0),
            service.getKey() + " may not create schemas");
        assertEquals("chatpro_" + service.getKey(), db.rows("SELECT current_user::text").get(0).getString(0));
      }
    }
  }

  @Test
  void aGatewayHasNoDatabaseAndNoObjectStoreSettings() throws Exception {
    LocalSystem system = ChatproExtension.system();
    for (String name : List.of("gateway-1", "gateway-2")) {
      for (String key : system.env(name).keySet()) {
        assertFalse(key.startsWith("CHATPRO_PG_") || key.startsWith("CHATPRO_S3_"), name + " has " + key);
      }
    }
    for (String key : system.sharedSettings().keySet()) {
      assertFalse(key.startsWith("CHATPRO_PG_") || key.startsWith("CHATPRO_S3_"), "node.env would hold " + key);
    }
    assertTrue(system.env("media").containsKey("CHATPRO_S3_SECRET_KEY"));
    assertFalse(system.env("messaging").containsKey("CHATPRO_S3_SECRET_KEY"), "media-service alone holds them");
  }

  private static String sqlState(TestDb db, String sql) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> db.rows(sql), sql);
    assertTrue(e.getCause() instanceof PgException, String.valueOf(e.getCause()));
    return ((PgException) e.getCause()).getSqlState();
  }
}
