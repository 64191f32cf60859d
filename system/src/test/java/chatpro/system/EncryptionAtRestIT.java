package chatpro.system;

import static chatpro.system.TestDb.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.config.ChatproConfig;
import chatpro.common.config.ChatproConfig.PgConfig;
import chatpro.common.crypto.MasterKey;
import chatpro.common.db.PgPools;
import chatpro.devstack.junit.DevStackExtension;
import chatpro.directory.DirectoryMain;
import chatpro.media.MediaMain;
import chatpro.messaging.MessageMain;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Message text is stored sealed with its author's key (protocol.md, "Erasure and encryption at rest"): nowhere in
 * PostgreSQL's files, different each time, and a changed ciphertext is found out rather than read as garbage.
 */
@ExtendWith(ChatproExtension.class)
class EncryptionAtRestIT {
  static final String BODY = "SELECT seq, body FROM events WHERE chat_id = $1 AND type = 'message' ORDER BY seq";

  @Test
  void messageTextIsNowhereInTheDatabaseFilesWhilePlainDirectoryDataIs() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    // the control: a display name is stored in the clear, so the scan must find it (tables and WAL alike)
    String control = "Visible" + UUID.randomUUID().toString().replace("-", "");
    JsonObject ben = org.create(new JsonObject().put("username", "ben").put("displayName", control));
    String chat = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.getString("id"))).json()
        .getString("id");
    String secret = "Sealed" + UUID.randomUUID().toString().replace("-", "");
    String edited = "Edited" + UUID.randomUUID().toString().replace("-", "");
    String messageId = send(api, ana, chat, "the code is " + secret);
    try (TestSocket socket = TestSocket.authenticated(api.port(), ana.token())) {
      JsonObject ack = socket.request(new JsonObject().put("type", "edit").put("id", "e1")
          .put("messageId", messageId).put("text", "now it is " + edited));
      assertEquals("ack", ack.getString("type"), ack.encode());
    }
    List<JsonObject> events = history(api, ana, chat);
    assertEquals("now it is " + edited, messages(events).get(0).getString("text"), "members read the edited text");
    assertTrue(events.stream().anyMatch(e -> ("now it is " + edited).equals(e.getString("text"))
        && "message.edited".equals(e.getString("type"))), "and the edit event's text");
    Answer list = api.get("/api/v1/chats", ana.token());
    assertTrue(list.body().contains("now it is " + edited), "the chat list shows the last text: " + list.body());

    checkpoint();
    Path data = DevStackExtension.stack().dataDir().resolve("postgres");
    Map<String, List<Path>> found = scan(data, control, secret, edited);
    assertFalse(found.get(control).isEmpty(), "the scan finds what is stored in the clear");
    assertTrue(found.get(control).stream().anyMatch(p -> p.toString().contains("pg_wal")), "in the WAL too");
    assertEquals(List.of(), found.get(secret), "no message text in PostgreSQL's files");
    assertEquals(List.of(), found.get(edited), "no edited text either");
  }

  @Test
  void theSameTextTwiceIsSealedDifferentlyAndBothOpen() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    send(api, ana, chat, "See you at six");
    send(api, ana, chat, "See you at six");
    try (TestDb db = TestDb.of("messaging")) {
      List<Row> rows = db.rows(BODY, UUID.fromString(chat));
      assertEquals(2, rows.size());
      JsonObject first = rows.get(0).getJsonObject("body");
      JsonObject second = rows.get(1).getJsonObject("body");
      assertNull(first.getValue("text"), "no text column in the clear: " + first);
      assertEquals(ana.userId(), first.getJsonObject("sealed").getString("by"));
      assertNotEquals(first.getJsonObject("sealed").getString("data"), second.getJsonObject("sealed").getString("data"),
          "a fresh nonce each time");
    }
    List<JsonObject> messages = messages(history(api, ben, chat));
    assertEquals(List.of("See you at six", "See you at six"), messages.stream().map(m -> m.getString("text")).toList());
  }

  @Test
  void aChangedOrMovedCiphertextReadsUnreadableAndTheRestOfTheHistoryStands() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    send(api, ana, chat, "one");
    send(api, ana, chat, "two");
    send(api, ana, chat, "three");
    send(api, ana, chat, "four");
    try (TestDb db = TestDb.of("messaging")) {
      List<Row> rows = db.rows(BODY, UUID.fromString(chat));
      JsonObject two = rows.get(1).getJsonObject("body");
      byte[] raw = Base64.getDecoder().decode(two.getJsonObject("sealed").getString("data"));
      raw[raw.length / 2] ^= 1;
      two.getJsonObject("sealed").put("data", Base64.getEncoder().encodeToString(raw));
      db.rows("UPDATE events SET body = $3 WHERE chat_id = $1 AND seq = $2", UUID.fromString(chat),
          rows.get(1).getLong("seq"), two);
      // "one"'s ciphertext copied onto "four": sealed for another message, it must not open there
      JsonObject four = rows.get(3).getJsonObject("body");
      four.put("sealed", rows.get(0).getJsonObject("body").getJsonObject("sealed"));
      db.rows("UPDATE events SET body = $3 WHERE chat_id = $1 AND seq = $2", UUID.fromString(chat),
          rows.get(3).getLong("seq"), four);
    }
    List<JsonObject> messages = messages(history(api, ben, chat));
    assertEquals(4, messages.size(), "every message is still there");
    assertEquals("one", messages.get(0).getString("text"));
    assertTrue(messages.get(1).getBoolean("unreadable", false), messages.get(1).encode());
    assertNull(messages.get(1).getString("text"), "never garbage");
    assertEquals("three", messages.get(2).getString("text"));
    assertTrue(messages.get(3).getBoolean("unreadable", false), "a moved ciphertext: " + messages.get(3).encode());
    Answer list = api.get("/api/v1/chats", ben.token());
    assertEquals(200, list.status(), "the chat list still answers");
  }

  @Test
  void tokenSigningKeysAreStoredSealed() throws Exception {
    try (TestDb db = TestDb.of("directory")) {
      List<Row> keys = db.rows("SELECT private_jwk FROM signing_keys");
      assertFalse(keys.isEmpty());
      for (Row key : keys) {
        JsonObject stored = key.getJsonObject("private_jwk");
        assertNull(stored.getValue("d"), "no private key in the clear");
        assertTrue(stored.containsKey("sealed"), stored.encode());
      }
    }
  }

  @Test
  void servicesRefuseToStartWithoutTheirMasterKeyOrWithAnother(@TempDir Path dir) throws Exception {
    LocalSystem system = ChatproExtension.system();
    // directory-service's settings: its database holds the check that tells another master key
    Map<String, String> env = new HashMap<>(system.env("directory"));
    env.remove(MasterKey.SETTING);
    env.put("CHATPRO_HTTP_PORT", "0");
    Vertx vertx = Vertx.vertx();
    try {
      String missing = refusal(MessageMain.deploy(vertx, ChatproConfig.from(env)));
      assertTrue(missing.contains(MasterKey.SETTING), missing);
      String mediaMissing = refusal(MediaMain.deploy(vertx, ChatproConfig.from(env)));
      assertTrue(mediaMissing.contains(MasterKey.SETTING), mediaMissing);
      env.put(MasterKey.SETTING, dir.resolve("nowhere.json").toString());
      String absent = refusal(DirectoryMain.deploy(vertx, ChatproConfig.from(env)));
      assertTrue(absent.contains(MasterKey.SETTING) && absent.contains("nowhere.json"), absent);
      Files.writeString(dir.resolve("garbled.json"), "{\"primaryKeyId\": 1}");
      env.put(MasterKey.SETTING, dir.resolve("garbled.json").toString());
      String garbled = refusal(DirectoryMain.deploy(vertx, ChatproConfig.from(env)));
      assertTrue(garbled.contains(MasterKey.SETTING), garbled);
      env.put(MasterKey.SETTING, MasterKey.createIfMissing(dir.resolve("another.json")).toString());
      String another = refusal(DirectoryMain.deploy(vertx, ChatproConfig.from(env)));
      assertTrue(another.contains(MasterKey.SETTING) && another.contains("different master key"), another);
    } finally {
      await(vertx.close());
    }
  }

  private static String refusal(Future<String> deployed) throws Exception {
    try {
      await(deployed);
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    }
    throw new AssertionError("the service started");
  }

  private static String send(TestApi api, Session who, String chat, String text) throws Exception {
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", text));
    assertEquals(201, sent.status(), sent.body());
    return sent.json().getString("messageId");
  }

  private static List<JsonObject> history(TestApi api, Session who, String chat) throws Exception {
    Answer page = api.get("/api/v1/chats/" + chat + "/events?after=0&limit=1000", who.token());
    assertEquals(200, page.status(), page.body());
    List<JsonObject> events = new ArrayList<>();
    JsonArray all = page.json().getJsonArray("events");
    for (int i = 0; i < all.size(); i++) {
      events.add(all.getJsonObject(i));
    }
    return events;
  }

  private static List<JsonObject> messages(List<JsonObject> events) {
    return events.stream().filter(e -> "message".equals(e.getString("type"))).toList();
  }

  /** Writes every dirty page to the table files, so the scan sees the tables as well as the WAL. */
  private static void checkpoint() throws Exception {
    PgConfig app = ChatproExtension.system().config("messaging").pg();
    PgConfig superuser = new PgConfig(app.host(), app.port(), app.database(), "postgres", "", 1);
    Pool pool = PgPools.create(ChatproExtension.system().vertx("messaging"), superuser, "public");
    try {
      await(pool.query("CHECKPOINT").execute());
    } finally {
      await(pool.close());
    }
  }

  /** Each marker → the files under {@code root} that hold it. */
  static Map<String, List<Path>> scan(Path root, String... markers) throws IOException {
    Map<String, List<Path>> found = new HashMap<>();
    List<byte[]> needles = new ArrayList<>();
    for (String marker : markers) {
      found.put(marker, new ArrayList<>());
      needles.add(marker.getBytes(StandardCharsets.UTF_8));
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] content;
        try {
          content = Files.readAllBytes(file);
        } catch (IOException e) {
          continue; // a file removed while we walked (a recycled WAL segment)
        }
        for (int i = 0; i < markers.length; i++) {
          if (indexOf(content, needles.get(i)) >= 0) {
            found.get(markers[i]).add(file);
          }
        }
      }
    }
    return found;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
