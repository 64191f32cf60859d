package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Erasure (protocol.md, "Erasure and encryption at rest"): the person's key is destroyed and everything of theirs
 * goes or reads "erased"; the other members' logs stay whole; a hold refuses it; it is audited and announced.
 */
@ExtendWith(ChatproExtension.class)
class ErasureIT {
  static final String KEY = "SELECT keyset, destroyed_at FROM keys.person_keys WHERE user_id = $1";
  static final String SCHEDULE = "SELECT 1 FROM schedules WHERE user_id = $1";

  @Test
  void anErasedPersonIsAFormerColleagueAndNothingTheyWroteCanBeRead() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cara = org.member("cara");
    String direct = api.post("/api/v1/chats", ben.token(), TestApi.directChat(ana.userId())).json().getString("id");
    String group = api.post("/api/v1/chats", ben.token(), new JsonObject().put("type", "group").put("name", "Night shift")
        .put("members", new JsonArray().add(ana.userId()).add(cara.userId()))).json().getString("id");
    send(api, ben, direct, "Are you coming in tomorrow?");
    String picture = MediaIT.uploaded(api, ana, "image", "image/jpeg", "plain.jpg");
    Answer withPicture = api.post("/api/v1/chats/" + direct + "/messages", ana.token(), new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", "image").put("mediaId", picture));
    assertEquals(201, withPicture.status(), withPicture.body());
    send(api, ana, group, "I will swap my Friday shift");
    send(api, ana, direct, "Yes, from eight");
    assertEquals(200, api.put("/api/v1/me/schedule", ana.token(), new JsonObject().put("timezone", "Europe/London")
        .put("workingHours", new JsonArray().add(new JsonObject().put("day", "MON").put("start", "08:00")
            .put("end", "17:00")))).status());
    assertEquals(201, api.post("/api/v1/users/" + ana.userId() + "/sign-in-code", org.admin().token(), null).status());
    String code = api.post("/api/v1/users/" + ana.userId() + "/sign-in-code", org.admin().token(), null).json()
        .getString("code");

    List<JsonObject> before = DeliveryIT.synced(api, ben, direct).stream()
        .filter(e -> "message".equals(e.getString("type"))).toList();
    assertEquals(List.of("Are you coming in tomorrow?", "Yes, from eight"), before.stream()
        .filter(e -> e.containsKey("text")).map(e -> e.getString("text")).toList(), "before: a device syncs both");
    assertTrue(before.get(1).containsKey("media"), "and the picture: " + before.get(1).encode());
    assertFalse(RetentionIT.keysOf(org, picture).isEmpty(), "the picture is stored");
    Answer refused = api.post("/api/v1/users/" + ana.userId() + "/erase", ben.token(),
        new JsonObject().put("reason", "asked to be forgotten"));
    assertEquals(403, refused.status(), "a member may not erase anyone: " + refused.body());
    assertEquals(400, api.post("/api/v1/users/" + ana.userId() + "/erase", org.admin().token(), new JsonObject())
        .status(), "a reason is needed");
    Answer erased = api.post("/api/v1/users/" + ana.userId() + "/erase", org.admin().token(),
        new JsonObject().put("reason", "asked to be forgotten"));
    assertEquals(204, erased.status(), erased.body());

    JsonObject former = api.get("/api/v1/users/" + ana.userId(), ben.token()).json();
    assertEquals(new JsonObject().put("id", ana.userId()).put("orgId", org.id()).put("displayName", "Former colleague")
        .put("roles", new JsonArray()).put("active", false).put("erased", true), former);
    assertFalse(api.get("/api/v1/users?q=ana", ben.token()).body().contains(ana.userId()), "search does not find them");
    assertEquals(401, api.post("/api/v1/auth/login", null, new JsonObject().put("org", org.slug())
        .put("username", "ana").put("password", "password of ana")).status());
    assertEquals(401, api.post("/api/v1/auth/code", null, new JsonObject().put("code", code)
        .put("password", "a brand new password")).status(), "their sign-in code ended");
    assertEquals(401, api.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken",
        ana.refreshToken())).status(), "their logins ended");

    List<JsonObject> seen = MessagingIT.events(api, ben, direct);
    for (int i = 0; i < seen.size(); i++) {
      assertEquals(i + 1, seen.get(i).getLong("seq"), "the log has no gap");
    }
    List<JsonObject> fromAna = seen.stream().filter(e -> "message".equals(e.getString("type"))
        && ana.userId().equals(e.getString("senderId"))).toList();
    assertEquals(2, fromAna.size());
    fromAna.forEach(e -> {
      assertTrue(e.getBoolean("erased", false), e.encode());
      assertFalse(e.containsKey("text") || e.containsKey("media"), "nothing of theirs: " + e.encode());
    });
    assertEquals("Are you coming in tomorrow?", seen.get(0).getString("text"), "the other person's words stay");
    List<JsonObject> synced = DeliveryIT.synced(api, ben, direct).stream()
        .filter(e -> "message".equals(e.getString("type"))).toList();
    assertEquals(3, synced.size());
    assertEquals("Are you coming in tomorrow?", synced.get(0).getString("text"));
    synced.subList(1, 3).forEach(e -> {
      assertTrue(e.getBoolean("erased", false), "a sync after the erasure: " + e.encode());
      assertFalse(e.containsKey("text") || e.containsKey("media"), "nothing of theirs: " + e.encode());
    });
    JsonObject list = api.get("/api/v1/chats", ben.token()).json();
    JsonObject directEntry = list.getJsonArray("chats").stream().map(JsonObject.class::cast)
        .filter(c -> direct.equals(c.getString("id"))).findFirst().orElseThrow();
    assertTrue(directEntry.getJsonObject("lastMessage").getBoolean("erased", false), directEntry.encode());
    assertEquals(404, MediaIT.get(api, "/api/v1/media/" + picture, ben.token(), null).statusCode(),
        "their picture is gone");
    assertEquals(List.of(), RetentionIT.keysOf(org, picture), "from the object store too");

    List<JsonObject> groupLog = MessagingIT.events(api, cara, group);
    assertTrue(groupLog.stream().anyMatch(e -> "member.removed".equals(e.getString("type"))
        && ana.userId().equals(e.getString("userId"))), "they left the group");
    JsonObject groupNow = api.get("/api/v1/chats/" + group, cara.token()).json();
    assertFalse(groupNow.encode().contains(ana.userId()), "no longer a member: " + groupNow.encode());

    try (TestDb keys = TestDb.of("directory")) {
      Row key = keys.rows(KEY, UUID.fromString(ana.userId())).get(0);
      assertNull(key.getValue("keyset"), "their key is destroyed");
      assertNotNull(key.getValue("destroyed_at"));
    }
    try (TestDb presence = TestDb.of("presence")) {
      RetentionIT.waitUntil(() -> presence.rows(SCHEDULE, UUID.fromString(ana.userId())).isEmpty(),
          "presence forgets their working hours");
    }
    List<TestKafka.Record> announced = TestKafka.read("chatpro.directory.v1",
        v -> "chatpro.user.erased".equals(v.getString("type")) && new JsonObject().put("userId", ana.userId())
            .equals(v.getJsonObject("data")), 1);
    assertEquals(1, announced.size(), "chatpro.user.erased goes to Kafka once");
    RetentionIT.waitUntil(() -> !audit(api, org.admin(), "user.erased").isEmpty(), "the erasure is in the chain");
    JsonObject entry = audit(api, org.admin(), "user.erased").get(0);
    assertEquals(ana.userId(), entry.getString("targetId"));
    assertEquals("asked to be forgotten", entry.getJsonObject("details").getString("reason"));
    assertFalse(entry.encode().contains("Ana"), "no name in the chain: " + entry.encode());

    assertEquals(201, api.post("/api/v1/users", org.admin().token(), new JsonObject().put("username", "ana")
        .put("displayName", "Another Ana").put("password", "a long enough password")).status(), "the name is free");
    assertEquals(204, api.post("/api/v1/users/" + ana.userId() + "/erase", org.admin().token(),
        new JsonObject().put("reason", "again")).status(), "asking again changes nothing");
  }

  @Test
  void aHoldRefusesErasureUntilItIsLifted() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session dora = org.member("dora");
    Session eli = org.member("eli");
    Session cora = HoldsIT.complianceOfficer(api, org, "cora");
    String chat = api.post("/api/v1/chats", eli.token(), TestApi.directChat(dora.userId())).json().getString("id");
    send(api, dora, chat, "words under investigation");
    JsonObject hold = HoldsIT.place(api, cora, "chat", chat);

    Answer refused = api.post("/api/v1/users/" + dora.userId() + "/erase", cora.token(),
        new JsonObject().put("reason", "left us"));
    assertEquals(409, refused.status(), refused.body());
    assertEquals("conflict", refused.errorCode());
    assertEquals("words under investigation", MessagingIT.events(api, eli, chat).get(0).getString("text"),
        "nothing was erased");
    assertEquals(List.of(), audit(api, org.admin(), "user.erased"));

    assertEquals(204, api.call("DELETE", "/api/v1/holds/" + hold.getString("id"), cora.token(), null).status());
    assertEquals(204, api.post("/api/v1/users/" + dora.userId() + "/erase", cora.token(),
        new JsonObject().put("reason", "left us")).status(), "a compliance officer may erase");
    assertTrue(MessagingIT.events(api, eli, chat).get(0).getBoolean("erased", false));
    assertEquals(409, api.post("/api/v1/users/" + cora.userId() + "/erase", cora.token(),
        new JsonObject().put("reason", "myself")).status(), "nobody erases themselves");
  }

  private static List<JsonObject> audit(TestApi api, Session admin, String action) throws Exception {
    Answer page = api.get("/api/v1/audit?action=" + action, admin.token());
    assertEquals(200, page.status(), page.body());
    return page.json().getJsonArray("entries").stream().map(JsonObject.class::cast).toList();
  }

  private static void send(TestApi api, Session who, String chat, String text) throws Exception {
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", text));
    assertEquals(201, sent.status(), sent.body());
  }
}
