package chatpro.system;

import static chatpro.system.TestDb.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.bus.Addresses;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Legal holds through the public API: who may place, list and lift them, and what a hold keeps. */
@ExtendWith(ChatproExtension.class)
class HoldsIT {
  static final String ORIGINALS = "SELECT seq, type, body::text AS body, media_id FROM held_originals"
      + " WHERE message_id = $1 ORDER BY seq";

  @Test
  void complianceOfficersPlaceListAndLiftHolds() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session cora = complianceOfficer(api, org, "cora");
    String chat = HistoryIT.group(api, ana, cora);
    Instant before = Instant.now().minusSeconds(1);

    Answer placed = api.post("/api/v1/holds", cora.token(), hold("user", ana.userId(), "Grievance 2026-117"));
    assertEquals(201, placed.status(), placed.body());
    JsonObject onAna = placed.json();
    assertEquals(Set.of("id", "scope", "targetId", "reason", "placedBy", "placedAt"), onAna.fieldNames());
    assertEquals("user", onAna.getString("scope"));
    assertEquals(ana.userId(), onAna.getString("targetId"));
    assertEquals("Grievance 2026-117", onAna.getString("reason"));
    assertEquals(cora.userId(), onAna.getString("placedBy"));
    assertTrue(onAna.getString("placedAt").endsWith("Z"));
    assertTrue(Instant.parse(onAna.getString("placedAt")).isAfter(before));
    JsonObject onChat = place(api, cora, "chat", chat);

    Answer listed = api.get("/api/v1/holds", cora.token());
    assertEquals(200, listed.status(), listed.body());
    assertEquals(new JsonArray().add(onAna).add(onChat), listed.json().getJsonArray("holds"),
        "active ones, oldest first");

    assertEquals(204, api.call("DELETE", "/api/v1/holds/" + onAna.getString("id"), cora.token(), null).status());
    assertEquals(new JsonArray().add(onChat), api.get("/api/v1/holds", cora.token()).json().getJsonArray("holds"),
        "a lifted hold is no longer listed");
    Answer again = api.call("DELETE", "/api/v1/holds/" + onAna.getString("id"), cora.token(), null);
    assertEquals(404, again.status(), "lifted already");
    assertEquals("not_found", again.errorCode());
    assertEquals(404, api.call("DELETE", "/api/v1/holds/" + UUID.randomUUID(), cora.token(), null).status());
    assertEquals(404, api.call("DELETE", "/api/v1/holds/not-an-id", cora.token(), null).status());

    List<JsonObject> placedEntries = RetentionIT.entries(api, cora, "hold.placed", 2);
    List<JsonObject> liftedEntries = RetentionIT.entries(api, cora, "hold.lifted", 1);
    assertEquals(2, placedEntries.size());
    assertEquals(1, liftedEntries.size());
    JsonObject entry = placedEntries.get(0);
    assertEquals(cora.userId(), entry.getString("actorId"));
    assertEquals("hold", entry.getString("targetType"));
    assertEquals(onAna.getString("id"), entry.getString("targetId"));
    assertEquals(new JsonObject().put("scope", "user").put("targetId", ana.userId()), entry.getJsonObject("details"));
    assertFalse(entry.encode().contains("Grievance"), "no free text in the chain");
    assertEquals(onAna.getString("id"), liftedEntries.get(0).getString("targetId"));
  }

  @Test
  void aHoldNeedsAScopeATargetOfTheOrgAndAReason() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session cora = complianceOfficer(api, org, "cora");
    Org other = api.newOrg();
    Session oli = other.member("oli");
    String theirChat = RetentionIT.direct(api, oli, other.member("pia"));
    List<JsonObject> refused = List.of(
        hold("team", ana.userId(), "why"),
        hold("user", ana.userId(), ""),
        hold("user", ana.userId(), "   "),
        hold("user", ana.userId(), "x".repeat(501)),
        new JsonObject().put("scope", "user").put("targetId", ana.userId()),
        hold("user", "not-an-id", "why"),
        hold("user", UUID.randomUUID().toString(), "why"),
        hold("user", oli.userId(), "a person of another org"),
        hold("chat", theirChat, "a chat of another org"),
        hold("chat", ana.userId(), "a person is not a chat"),
        hold("user", theirChat, "a chat is not a person"));
    for (JsonObject body : refused) {
      Answer answer = api.post("/api/v1/holds", cora.token(), body);
      assertEquals(400, answer.status(), body.encode() + ": " + answer.body());
      assertEquals("bad_request", answer.errorCode());
    }
    assertEquals(201, api.post("/api/v1/holds", cora.token(), hold("user", ana.userId(), "x".repeat(500))).status());
    assertEquals(201, api.post("/api/v1/holds", cora.token(), hold("user", ana.userId(), "😀".repeat(500))).status(),
        "500 characters, not bytes");
    assertEquals(204, api.post("/api/v1/users/" + ana.userId() + "/deactivate", org.admin().token(), null).status());
    assertEquals(201, api.post("/api/v1/holds", cora.token(), hold("user", ana.userId(), "gone, still held"))
        .status(), "a person who left may be who an investigation is about");
  }

  @Test
  void onlyComplianceOfficersByTheirCurrentRolesAndOtherOrgsSeeNothing() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session cora = complianceOfficer(api, org, "cora");
    String admin = org.admin().token();
    org.create(new JsonObject().put("username", "adam").put("displayName", "Adam Admin")
        .put("roles", new JsonArray().add("admin")));
    Session adam = api.login(org.slug(), "adam", "password of adam");
    JsonObject held = place(api, cora, "user", ana.userId());
    String id = held.getString("id");
    JsonObject body = hold("user", ana.userId(), "again");

    for (String token : List.of(ana.token(), admin, adam.token())) {
      assertForbidden(api.post("/api/v1/holds", token, body));
      assertForbidden(api.get("/api/v1/holds", token));
      assertForbidden(api.call("DELETE", "/api/v1/holds/" + id, token, null));
    }
    Org other = api.newOrg();
    Session olga = complianceOfficer(api, other, "olga");
    assertEquals(404, api.call("DELETE", "/api/v1/holds/" + id, olga.token(), null).status(), "another org's hold");
    assertEquals(new JsonArray(), api.get("/api/v1/holds", olga.token()).json().getJsonArray("holds"));

    Answer roles = api.patch("/api/v1/users/" + adam.userId(), admin, new JsonObject()
        .put("roles", new JsonArray().add("admin").add("compliance")));
    assertEquals(200, roles.status(), roles.body());
    assertEquals(200, api.get("/api/v1/holds", adam.token()).status(),
        "the same token: roles are read as they are now");
    assertEquals(200, api.patch("/api/v1/users/" + cora.userId(), admin, new JsonObject()
        .put("roles", new JsonArray().add("member"))).status());
    assertForbidden(api.get("/api/v1/holds", cora.token()));
    assertEquals(204, api.call("DELETE", "/api/v1/holds/" + id, adam.token(), null).status());
  }

  @Test
  void editsAndDeletionsOfHeldMessagesKeepTheOriginalsUntilTheHoldIsLifted() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cora = complianceOfficer(api, org, "cora");
    String heldChat = HistoryIT.group(api, ana, ben);
    String free = RetentionIT.direct(api, ana, ben);
    String picture = RetentionIT.uploaded(api, ana, "image/png", "text-chunk.png");
    JsonObject onChat = place(api, cora, "chat", heldChat);

    String held = MessagingIT.send(api, ana, heldChat, "the original words").getString("messageId");
    String heldImage = RetentionIT.image(api, ana, heldChat, picture, null);
    String unheld = MessagingIT.send(api, ana, free, "words nobody holds").getString("messageId");
    try (TestSocket anas = TestSocket.authenticated(api.port(), ana.token())) {
      edit(anas, held, "edited once");
      edit(anas, held, "edited twice");
      edit(anas, unheld, "edited, not held");
    }
    assertEquals("edited twice", MessagingIT.events(api, ben, heldChat).get(0).getString("text"),
        "members see the edit");
    assertEquals(204, delete(api, ana, heldChat, held));
    assertEquals(204, delete(api, ana, heldChat, heldImage));
    assertEquals(204, delete(api, ana, free, unheld));
    List<JsonObject> seen = MessagingIT.events(api, ben, heldChat);
    assertTrue(seen.get(0).getBoolean("deleted"), "members see the deletion");
    assertFalse(seen.get(0).containsKey("text"));
    assertFalse(seen.get(1).containsKey("media"));
    seen.stream().filter(e -> "message.edited".equals(e.getString("type")))
        .forEach(e -> assertFalse(e.containsKey("text"), "the edits' texts are gone from the log too"));

    try (TestDb db = TestDb.of("messaging")) {
      List<Row> kept = db.rows(ORIGINALS, UUID.fromString(held));
      assertEquals(List.of("message", "message.edited", "message.edited"), kept.stream()
          .map(r -> r.getString("type")).toList(), "the message and each edit");
      kept.forEach(r -> {
        JsonObject body = new JsonObject(r.getString("body"));
        assertFalse(body.containsKey("text"), "kept sealed, as stored: " + body);
        assertTrue(body.containsKey("sealed"), body.encode());
      });
      List<Row> keptImage = db.rows(ORIGINALS, UUID.fromString(heldImage));
      assertEquals(1, keptImage.size());
      assertEquals(picture, keptImage.get(0).getUUID("media_id").toString());
      assertEquals(picture, new JsonObject(keptImage.get(0).getString("body")).getJsonObject("media")
          .getString("id"));
      assertEquals(0, db.rows(ORIGINALS, UUID.fromString(unheld)).size(), "nothing is kept without a hold");
      Thread.sleep(3000);
      assertEquals(2, RetentionIT.keysOf(org, picture).size(), "the held picture's bytes stay after its deletion");

      String export = ExportsIT.create(api, cora, new JsonObject().put("scope", "chat").put("targetId", heldChat)
          .put("reason", "case 7"));
      ExportsIT.ready(api, cora, export, new java.util.ArrayList<>());
      List<JsonObject> exported = ExportsIT.lines(ExportsIT.unzip(RetentionIT.fetch(api, "/api/v1/exports/" + export
          + "/download", cora.token()).body()).get("events.jsonl"));
      assertEquals(List.of("the original words", "edited once", "edited twice"), exported.stream()
          .filter(e -> held.equals(e.getString("messageId")) && e.containsKey("text"))
          .map(e -> e.getString("text")).toList(), "the export has the original and every edit");
      assertEquals(picture, exported.stream().filter(e -> heldImage.equals(e.getString("messageId"))
          && "message".equals(e.getString("type"))).findFirst().orElseThrow().getJsonObject("media").getString("id"),
          "and the deleted picture's message with its media");

      assertEquals(204, api.call("DELETE", "/api/v1/holds/" + onChat.getString("id"), cora.token(), null).status());
      assertEquals(0, db.rows(ORIGINALS, UUID.fromString(held)).size(), "let go with the hold");
      assertEquals(0, db.rows(ORIGINALS, UUID.fromString(heldImage)).size());
      Answer sweep = api.post("/api/v1/operator/retention/sweep", ChatproExtension.OPERATOR_TOKEN, null);
      assertEquals(202, sweep.status(), sweep.body());
      RetentionIT.waitUntil(() -> {
        if (!RetentionIT.keysOf(org, picture).isEmpty()) {
          api.post("/api/v1/operator/retention/sweep", ChatproExtension.OPERATOR_TOKEN, null);
          return false;
        }
        return true;
      }, "the picture's bytes go once no hold keeps its original");
    }
    assertEquals(401, api.post("/api/v1/operator/retention/sweep", ana.token(), null).status(), "operators only");
  }

  @Test
  void erasureIsRefusedWhileAHoldCoversThePersonOrAChatWithTheirMessages() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cid = org.member("cid");
    Session cora = complianceOfficer(api, org, "cora");
    String chat = HistoryIT.group(api, ana, ben, cid);
    MessagingIT.send(api, ben, chat, "ben wrote here");
    JsonObject onAna = place(api, cora, "user", ana.userId());
    place(api, cora, "chat", chat);

    assertEquals(ErrorCode.CONFLICT, erasureCheck(org, ana), "held in person");
    assertEquals(ErrorCode.CONFLICT, erasureCheck(org, ben), "wrote in a held chat");
    assertEquals(null, erasureCheck(org, cid), "a member of a held chat who wrote nothing there");
    assertEquals(204, api.call("DELETE", "/api/v1/holds/" + onAna.getString("id"), cora.token(), null).status());
    assertEquals(null, erasureCheck(org, ana), "ana wrote nothing in the held chat");
  }

  /** The check erasure will make, over the event bus as any service would call it; null when it passes. */
  private static ErrorCode erasureCheck(Org org, Session who) throws Exception {
    JsonObject ask = new JsonObject().put("orgId", org.id()).put("userId", who.userId());
    try {
      await(ChatproExtension.system().vertx("gateway-1").eventBus().request(Addresses.HOLDS_REQUIRE_NONE, ask));
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return ChatproException.from(e.getCause()).code();
    }
  }

  /** A person with the compliance role only, signed in. */
  static Session complianceOfficer(TestApi api, Org org, String username) throws Exception {
    org.create(new JsonObject().put("username", username).put("displayName", "Officer " + username)
        .put("roles", new JsonArray().add("compliance")));
    return api.login(org.slug(), username, "password of " + username);
  }

  static JsonObject place(TestApi api, Session officer, String scope, String target) throws Exception {
    Answer placed = api.post("/api/v1/holds", officer.token(), hold(scope, target, "Case " + scope));
    assertEquals(201, placed.status(), placed.body());
    return placed.json();
  }

  static JsonObject hold(String scope, String target, String reason) {
    return new JsonObject().put("scope", scope).put("targetId", target).put("reason", reason);
  }

  private static void edit(TestSocket socket, String messageId, String text) throws Exception {
    RetentionIT.ack(socket.request(new JsonObject().put("type", "edit").put("id", UUID.randomUUID().toString())
        .put("messageId", messageId).put("text", text)));
  }

  private static int delete(TestApi api, Session who, String chat, String messageId) throws Exception {
    return api.call("DELETE", "/api/v1/chats/" + chat + "/messages/" + messageId, who.token(), null).status();
  }

  private static void assertForbidden(Answer answer) {
    assertEquals(403, answer.status(), answer.body());
    assertEquals("forbidden", answer.errorCode());
  }
}
