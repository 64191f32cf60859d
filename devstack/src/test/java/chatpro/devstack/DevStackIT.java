package chatpro.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.devstack.junit.DevStackExtension;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each part of the shared stack answers a real client. */
@ExtendWith(DevStackExtension.class)
class DevStackIT {

  private static DevStack stack;

  @BeforeAll
  static void grabStack() {
    stack = DevStackExtension.stack();
  }

  @Test
  void postgresAnswersJdbc(DevStack injected) throws Exception {
    assertEquals(stack, injected);
    try (Connection c = DriverManager.getConnection(
            "jdbc:postgresql://" + stack.pgHost() + ":" + stack.pgPort() + "/" + stack.pgDatabase(),
            stack.pgUser(), stack.pgPassword());
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT current_database(), current_setting('server_version_num')::int,"
          + " current_setting('max_connections')::int, current_setting('fsync'), current_setting('synchronous_commit')")) {
        assertTrue(rs.next());
        assertEquals("chatpro", rs.getString(1));
        assertTrue(rs.getInt(2) >= 180000, "PostgreSQL 18 expected, got " + rs.getInt(2));
        assertEquals(300, rs.getInt(3));
        assertEquals("on", rs.getString(4));
        assertEquals("on", rs.getString(5));
      }
      s.execute("CREATE TABLE probe (id int PRIMARY KEY, note text)");
      s.execute("INSERT INTO probe VALUES (1, 'hello')");
      try (ResultSet rs = s.executeQuery("SELECT note FROM probe WHERE id = 1")) {
        assertTrue(rs.next());
        assertEquals("hello", rs.getString(1));
      }
    }
  }

  @Test
  void kafkaRoundTrip() throws Exception {
    String topic = "devstack.probe";
    Clients.createTopic(stack.kafkaBootstrap(), topic);
    Clients.produce(stack.kafkaBootstrap(), topic, "k", "hello kafka");
    assertEquals("hello kafka", Clients.consumeFirstWithGroup(stack.kafkaBootstrap(), topic, "probe-group"));
  }

  @Test
  void s3PutGet() throws Exception {
    MinioClient minio = Clients.minio(stack);
    byte[] body = "hello s3 \u2713".getBytes(StandardCharsets.UTF_8);
    minio.makeBucket(MakeBucketArgs.builder().bucket("probe").build());
    minio.putObject(PutObjectArgs.builder().bucket("probe").object("a/b.txt")
        .stream(new ByteArrayInputStream(body), body.length, -1).contentType("text/plain").build());
    try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket("probe").object("a/b.txt").build())) {
      assertArrayEquals(body, in.readAllBytes());
    }
  }

  @Test
  void everyServiceGetsItsOwnRolesAndOnlyMediaTheObjectStore() {
    assertEquals(Map.of("CHATPRO_KAFKA_BOOTSTRAP", stack.kafkaBootstrap()), stack.environment(),
        "shared: Kafka alone");
    Map<String, String> media = stack.environment("media");
    assertEquals("chatpro_media", media.get("CHATPRO_PG_USER"));
    assertEquals("chatpro_media_owner", media.get("CHATPRO_PG_OWNER_USER"));
    assertEquals(Integer.toString(stack.pgPort()), media.get("CHATPRO_PG_PORT"));
    assertEquals(stack.s3Endpoint(), media.get("CHATPRO_S3_ENDPOINT"));
    assertEquals("us-east-1", media.get("CHATPRO_S3_REGION"));
    Map<String, String> directory = stack.environment("directory");
    assertEquals("chatpro_directory", directory.get("CHATPRO_PG_USER"));
    assertFalse(directory.containsKey("CHATPRO_S3_SECRET_KEY"), "only media-service holds the object store's keys");
    assertEquals(Map.of(), stack.environment("gateway-1"), "a gateway gets no database and no object store");
  }

  @Test
  void eachServiceOwnsOnlyItsSchemasAndNoRoleMayCreateOne() throws Exception {
    try (Connection c = DriverManager.getConnection(stack.pgJdbcUrl(), stack.pgUser(), stack.pgPassword());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT n.nspname, r.rolname, has_database_privilege(r.rolname, 'chatpro',"
            + " 'CREATE') FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname IN"
            + " ('directory', 'keys', 'messaging', 'audit', 'media', 'presence') ORDER BY n.nspname")) {
      Map<String, String> owners = new java.util.TreeMap<>();
      while (rs.next()) {
        owners.put(rs.getString(1), rs.getString(2));
        assertFalse(rs.getBoolean(3), rs.getString(2) + " may not create schemas");
      }
      assertEquals(Map.of("audit", "chatpro_messaging_owner", "directory", "chatpro_directory_owner",
          "keys", "chatpro_directory_owner", "media", "chatpro_media_owner", "messaging", "chatpro_messaging_owner",
          "presence", "chatpro_presence_owner"), owners);
    }
  }
}
