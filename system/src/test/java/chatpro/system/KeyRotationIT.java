package chatpro.system;

import static chatpro.system.TestDb.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.crypto.KeyRing;
import chatpro.common.crypto.MasterKey;
import chatpro.common.crypto.Sealed;
import chatpro.directory.keys.KeyRotation;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation re-wraps keys and re-encrypts nothing (docs/operations.md, "Keys"): an org's key, and the master key in
 * the order an operator follows (add a key to the file, restart, re-wrap, retire the old key, restart).
 */
@ExtendWith(ChatproExtension.class)
class KeyRotationIT {
  static final String ORG_KEY = "SELECT keyset, rotated_at FROM keys.org_keys WHERE org_id = $1";
  static final String SEALED = "SELECT body FROM events WHERE chat_id = $1 AND type = 'message' ORDER BY seq";

  @Test
  void anOrgsKeyIsRotatedAndEveryMessageStillOpensUnchanged() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = chat(api, ana, ben);
    send(api, ana, chat, "before the org's key changed");
    send(api, ben, chat, "an answer, also before");
    UUID orgId = UUID.fromString(org.id());
    Path file = masterKeyFile();
    try (TestDb directory = TestDb.of("directory"); TestDb messaging = TestDb.of("messaging")) {
      String before = directory.rows(ORG_KEY, orgId).get(0).getString("keyset");
      List<String> sealedBefore = sealed(messaging, chat);

      int people = await(new KeyRotation(directory.pool, MasterKey.load(file.toString())).rotateOrg(orgId));

      assertEquals(2, people, "both people's keys are wrapped with the new org key");
      Row after = directory.rows(ORG_KEY, orgId).get(0);
      assertNotEquals(before, after.getString("keyset"));
      assertNotNull(after.getValue("rotated_at"));
      assertEquals(sealedBefore, sealed(messaging, chat), "no message is encrypted again");
      // a ring that holds nothing yet fetches the re-wrapped keys and opens the old text with them
      KeyRing fresh = new KeyRing(ChatproExtension.system().vertx("messaging"), MasterKey.load(file.toString()));
      JsonObject first = new JsonObject(sealedBefore.get(0));
      String opened = Sealed.open(await(fresh.person(orgId, UUID.fromString(ana.userId()))), first.getString("data"),
          "chatpro.text:" + orgId + ":" + chat + ":" + messageIds(api, ana, chat).get(0));
      assertEquals("before the org's key changed", opened);
    }
    send(api, ana, chat, "after the change");
    assertEquals(List.of("before the org's key changed", "an answer, also before", "after the change"),
        texts(api, ben, chat));
  }

  @Test
  void theMasterKeyIsRotatedInStepsAndTheOldOneRetired(@TempDir Path dir) throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = chat(api, ana, ben);
    send(api, ana, chat, "written under the first master key");
    Path file = masterKeyFile();
    Path old = Files.copy(file, dir.resolve("old-master-key.json"));
    LocalSystem system = ChatproExtension.system();

    assertEquals(2, MasterKey.rotate(file).keys(), "the file holds the old key and the new primary");
    system.restart();
    try (TestDb directory = TestDb.of("directory")) {
      assertTrue(await(new KeyRotation(directory.pool, MasterKey.load(file.toString())).rewrap()) >= 1);
      String orgKey = directory.rows(ORG_KEY, UUID.fromString(org.id())).get(0).getString("keyset");
      assertThrows(GeneralSecurityException.class, () -> TinkJsonProtoKeysetFormat.parseEncryptedKeyset(orgKey,
          MasterKey.load(old.toString()).aead(), KeyRing.orgContext(UUID.fromString(org.id()))),
          "the org key is no longer wrapped by the old master key");
    }
    assertEquals(1, MasterKey.retire(file).keys());
    system.restart();

    assertEquals(List.of("written under the first master key"), texts(api, ben, chat), "old messages still open");
    Session again = api.login(org.slug(), "ana", "password of ana");
    send(api, again, chat, "written after the rotation");
    Org later = api.newOrg();
    Session cleo = later.member("cleo");
    Session dan = later.member("dan");
    String newChat = chat(api, cleo, dan);
    send(api, cleo, newChat, "a new org under the new key");
    assertEquals(List.of("a new org under the new key"), texts(api, dan, newChat));
  }

  private static Path masterKeyFile() throws Exception {
    return Path.of(ChatproExtension.system().config("messaging").masterKeyFile());
  }

  private static String chat(TestApi api, Session a, Session b) throws Exception {
    return api.post("/api/v1/chats", a.token(), TestApi.directChat(b.userId())).json().getString("id");
  }

  private static void send(TestApi api, Session who, String chat, String text) throws Exception {
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", text));
    assertEquals(201, sent.status(), sent.body());
  }

  private static List<JsonObject> messages(TestApi api, Session who, String chat) throws Exception {
    Answer page = api.get("/api/v1/chats/" + chat + "/events?after=0&limit=1000", who.token());
    assertEquals(200, page.status(), page.body());
    return page.json().getJsonArray("events").stream().map(JsonObject.class::cast)
        .filter(e -> "message".equals(e.getString("type"))).toList();
  }

  private static List<String> texts(TestApi api, Session who, String chat) throws Exception {
    return messages(api, who, chat).stream().map(e -> e.getString("text")).toList();
  }

  private static List<String> messageIds(TestApi api, Session who, String chat) throws Exception {
    return messages(api, who, chat).stream().map(e -> e.getString("messageId")).toList();
  }

  private static List<String> sealed(TestDb messaging, String chat) throws Exception {
    return messaging.rows(SEALED, UUID.fromString(chat)).stream()
        .map(r -> r.getJsonObject("body").getJsonObject("sealed").encode()).toList();
  }
}
