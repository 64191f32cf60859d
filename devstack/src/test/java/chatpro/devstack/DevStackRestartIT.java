package chatpro.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A persistent stack restarted on the same directory keeps its rows, records and objects. */
class DevStackRestartIT {

  @TempDir
  Path dir;

  @Test
  void dataSurvivesRestart() throws Exception {
    byte[] body = "kept".getBytes(StandardCharsets.UTF_8);
    try (DevStack stack = DevStack.start(dir)) {
      IOException inUse = assertThrows(IOException.class, () -> DevStack.start(dir));
      assertTrue(inUse.getMessage().contains("in use"), inUse.getMessage());
      try (Connection c = jdbc(stack); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (id int PRIMARY KEY, note text)");
        s.execute("INSERT INTO kept VALUES (7, 'still here')");
      }
      Clients.createTopic(stack.kafkaBootstrap(), "kept.events");
      Clients.produce(stack.kafkaBootstrap(), "kept.events", "k", "record before restart");
      Clients.minio(stack).makeBucket(MakeBucketArgs.builder().bucket("kept").build());
      Clients.minio(stack).putObject(PutObjectArgs.builder().bucket("kept").object("o")
          .stream(new ByteArrayInputStream(body), body.length, -1).build());
    }

    try (DevStack stack = DevStack.start(dir)) {
      try (Connection c = jdbc(stack); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT note FROM kept WHERE id = 7")) {
        assertTrue(rs.next());
        assertEquals("still here", rs.getString(1));
      }
      assertEquals("record before restart", Clients.consumeFirstAssigned(stack.kafkaBootstrap(), "kept.events"));
      // Listener ports differ on every start; producing again proves KRaft took the new ones.
      Clients.produce(stack.kafkaBootstrap(), "kept.events", "k", "record after restart");
      try (InputStream in = Clients.minio(stack).getObject(GetObjectArgs.builder().bucket("kept").object("o").build())) {
        assertArrayEquals(body, in.readAllBytes());
      }
    }
  }

  static Connection jdbc(DevStack stack) throws Exception {
    return DriverManager.getConnection(stack.pgJdbcUrl(), stack.pgUser(), stack.pgPassword());
  }
}
