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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Chats and messages through the public API: groups, membership, the message features, receipts and unread. */
@ExtendWith(ChatproExtension.class)
class MessagingIT {

  @Test
  void groupMembershipDecidesWhatEachPersonSees() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cai = org.member("cai");
    Session dee = org.member("dee");
    Answer created = api.post("/api/v1/chats", ana.token(), new JsonObject().put("type", "group")
        .put("name", "Night shift").put("members", new JsonArray().add(ben.userId()).add(cai.userId())));
    assertEquals(201, created.status(), created.body());
    String chat = created.json().getString("id");
    assertEquals("admin", role(created.json(), ana.userId()));
    send(api, ana, chat, "welcome");                                                       // seq 1

    assertEquals(403, api.patch("/api/v1/chats/" + chat, ben.token(), new JsonObject().put("name", "Mine")).status());
    assertEquals("Late shift", api.patch("/api/v1/chats/" + chat, ana.token(), new JsonObject()
        .put("name", "Late shift")).json().getString("name"));                              // seq 2
    Answer added = api.post("/api/v1/chats/" + chat + "/members", ana.token(),
        new JsonObject().put("userIds", new JsonArray().add(dee.userId())));                 // seq 3
    assertEquals(200, added.status(), added.body());
    assertEquals(4, added.json().getJsonArray("members").size());
    List<JsonObject> deeSees = events(api, dee, chat);
    assertEquals(List.of(3L), deeSees.stream().map(e -> e.getLong("seq")).toList(), "history starts at joining");
    assertEquals("member.added", deeSees.get(0).getString("type"));

    assertEquals(403, api.call("DELETE", "/api/v1/chats/" + chat + "/members/" + cai.userId(), ben.token(), null)
        .status());
    assertEquals(204, api.call("DELETE", "/api/v1/chats/" + chat + "/members/" + cai.userId(), ana.token(), null)
        .status());                                                                          // seq 4
    try (TestSocket caiSocket = TestSocket.authenticated(ChatproExtension.api(2).port(), cai.token())) {
      send(api, ana, chat, "after cai left");                                                // seq 5
      caiSocket.assertNoChatFrames(500, "a removed member gets nothing new");
      caiSocket.send(new JsonObject().put("type", "sync").put("id", "s").put("chats", new JsonObject()));
      List<Long> seen = new ArrayList<>();
      JsonObject f;
      while (!"ack".equals((f = caiSocket.next(x -> !"presence".equals(x.getString("type")), 10)).getString("type"))) {
        seen.add(f.getJsonObject("event").getLong("seq"));
      }
      assertEquals(List.of(1L, 2L, 3L, 4L), seen, "history up to and including the removal");
    }
    assertEquals(404, api.get("/api/v1/chats/" + chat, cai.token()).status());
    assertEquals(404, api.get("/api/v1/chats/" + chat + "/events", cai.token()).status());
    assertEquals(404, api.post("/api/v1/chats/" + chat + "/messages", cai.token(), text("sneak")).status());
    assertEquals(204, api.call("DELETE", "/api/v1/chats/" + chat + "/members/" + ben.userId(), ben.token(), null)
        .status(), "anyone may leave");
    List<String> types = events(api, ana, chat).stream().map(e -> e.getString("type")).toList();
    assertEquals(List.of("message", "chat.renamed", "member.added", "member.removed", "message", "member.removed"),
        types);

    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 1024; i++) {
      tooMany.add(UUID.randomUUID().toString());
    }
    assertEquals(400, api.post("/api/v1/chats", ana.token(), new JsonObject().put("type", "group").put("name", "Big")
        .put("members", new JsonArray(tooMany))).status(), "1,025 with the creator is over the limit");
  }

  @Test
  void repliesEditsDeletesReactionsForwardsAndMentions() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session eve = org.member("eve");
    Session fay = org.member("fay");
    Session gus = org.member("gus");
    String group = api.post("/api/v1/chats", eve.token(), new JsonObject().put("type", "group").put("name", "Ward")
        .put("members", new JsonArray().add(fay.userId()))).json().getString("id");
    String direct = api.post("/api/v1/chats", fay.token(), TestApi.directChat(gus.userId())).json().getString("id");
    JsonObject first = send(api, fay, group, "the lift is broken");
    String firstId = first.getString("messageId");

    Answer reply = api.post("/api/v1/chats/" + group + "/messages", eve.token(), text("on it")
        .put("replyTo", firstId).put("mentions", new JsonArray().add(fay.userId())));
    assertEquals(201, reply.status(), reply.body());
    assertEquals(400, api.post("/api/v1/chats/" + group + "/messages", eve.token(), text("x")
        .put("mentions", new JsonArray().add(gus.userId()))).status(), "mentions must be members");
    String otherChatMessage = send(api, fay, direct, "private").getString("messageId");
    assertEquals(400, api.post("/api/v1/chats/" + group + "/messages", eve.token(), text("x")
        .put("replyTo", otherChatMessage)).status());
    assertEquals(400, api.post("/api/v1/chats/" + group + "/messages", eve.token(), text("x")
        .put("forwardOf", otherChatMessage)).status(), "eve cannot see that message");
    assertEquals(201, api.post("/api/v1/chats/" + direct + "/messages", fay.token(), text("the lift is broken")
        .put("forwardOf", firstId)).status(), "fay forwards what she can see");
    assertEquals(403, api.post("/api/v1/chats/" + group + "/messages", fay.token(), text("!!").put("urgent", true))
        .status(), "only the org's urgent roles send urgent messages");
    assertEquals(400, api.post("/api/v1/chats/" + group + "/messages", fay.token(), text("x".repeat(4097))).status());
    assertEquals(201, api.post("/api/v1/chats/" + group + "/messages", fay.token(), text("é".repeat(4096))).status(),
        "4,096 code points fit");

    try (TestSocket eveSocket = TestSocket.authenticated(api.port(), eve.token());
         TestSocket faySocket = TestSocket.authenticated(ChatproExtension.api(1).port(), fay.token())) {
      assertEquals("error", eveSocket.request(new JsonObject().put("type", "edit").put("id", "e1")
          .put("messageId", firstId).put("text", "not mine")).getString("type"), "only the sender edits");
      assertEquals("ack", faySocket.request(new JsonObject().put("type", "edit").put("id", "e2")
          .put("messageId", firstId).put("text", "the lift is fixed")).getString("type"));
      JsonObject edited = eveSocket.next(f -> "event".equals(f.getString("type"))
          && "message.edited".equals(f.getJsonObject("event").getString("type")), 10).getJsonObject("event");
      assertEquals("the lift is fixed", edited.getString("text"));
      assertEquals("ack", eveSocket.request(new JsonObject().put("type", "react").put("id", "r1")
          .put("messageId", firstId).put("emoji", "👍")).getString("type"));
      JsonObject reaction = faySocket.next(f -> "event".equals(f.getString("type"))
          && "reaction".equals(f.getJsonObject("event").getString("type")), 10).getJsonObject("event");
      assertEquals(eve.userId(), reaction.getString("userId"));
      assertEquals("👍", reaction.getString("emoji"));

      faySocket.send(new JsonObject().put("type", "typing").put("chatId", group));
      JsonObject typing = eveSocket.next(f -> "typing".equals(f.getString("type")), 10);
      assertEquals(fay.userId(), typing.getString("userId"));

      assertEquals("ack", eveSocket.request(new JsonObject().put("type", "delete").put("id", "d1")
          .put("messageId", firstId)).getString("type"), "a group admin deletes for everyone");
    }
    JsonObject original = events(api, fay, group).get(0);
    assertTrue(original.getBoolean("deleted"));
    assertFalse(original.containsKey("text"), "the content is gone for everyone");
    assertTrue(events(api, fay, group).stream().filter(e -> "message.edited".equals(e.getString("type")))
        .noneMatch(e -> e.containsKey("text")), "earlier edits lose their text too");
    assertEquals(firstId, events(api, fay, group).stream().filter(e -> "message.deleted".equals(e.getString("type")))
        .findFirst().orElseThrow().getString("messageId"));
  }

  @Test
  void ticksUnreadCountsAndMessageInfo() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session hal = org.member("hal");
    Session ivy = org.member("ivy");
    Session jon = org.member("jon");
    String direct = api.post("/api/v1/chats", hal.token(), TestApi.directChat(ivy.userId())).json().getString("id");
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ids.add(send(api, hal, direct, "message " + i).getString("messageId"));
    }
    JsonObject ivyList = chatIn(api.get("/api/v1/chats", ivy.token()).json(), direct);
    assertEquals(3, ivyList.getInteger("unread"));
    assertEquals("message 3", ivyList.getJsonObject("lastMessage").getString("text"));
    assertEquals(0, chatIn(api.get("/api/v1/chats", hal.token()).json(), direct).getInteger("unread"),
        "your own messages are not unread");

    try (TestSocket halSocket = TestSocket.authenticated(ChatproExtension.api(2).port(), hal.token());
         TestSocket ivySocket = TestSocket.authenticated(api.port(), ivy.token())) {
      ivySocket.send(new JsonObject().put("type", "received").put("chatId", direct).put("seq", 3));
      JsonObject received = halSocket.next(f -> "receipt".equals(f.getString("type")), 10);
      assertEquals(ivy.userId(), received.getString("userId"));
      assertEquals(3L, received.getLong("received"));
      assertEquals("ack", ivySocket.request(new JsonObject().put("type", "read").put("id", "rd").put("chatId", direct)
          .put("seq", 2)).getString("type"));
      JsonObject read = halSocket.next(f -> "receipt".equals(f.getString("type")) && f.containsKey("read"), 10);
      assertEquals(2L, read.getLong("read"));
      assertEquals("error", ivySocket.request(new JsonObject().put("type", "read").put("id", "bad")
          .put("chatId", UUID.randomUUID().toString()).put("seq", 1)).getString("type"));
    }
    assertEquals(1, chatIn(api.get("/api/v1/chats", ivy.token()).json(), direct).getInteger("unread"));
    JsonObject chat = api.get("/api/v1/chats/" + direct, hal.token()).json();
    assertEquals(List.of(3L, 2L), cursors(chat, ivy.userId()), "ivy's ticks after a reload");
    assertEquals(List.of(0L, 0L), cursors(chat, hal.userId()), "hal reported nothing");
    assertEquals(List.of(3L, 2L), cursors(chatIn(api.get("/api/v1/chats", hal.token()).json(), direct),
        ivy.userId()), "the chat list carries the cursors too");
    JsonObject info1 = api.get("/api/v1/chats/" + direct + "/messages/" + ids.get(0) + "/receipts", hal.token())
        .json().getJsonArray("receipts").getJsonObject(0);
    assertEquals(ivy.userId(), info1.getString("userId"));
    assertNotNull(info1.getString("receivedAt"));
    assertNotNull(info1.getString("readAt"));
    JsonObject info3 = api.get("/api/v1/chats/" + direct + "/messages/" + ids.get(2) + "/receipts", hal.token())
        .json().getJsonArray("receipts").getJsonObject(0);
    assertNotNull(info3.getString("receivedAt"));
    assertNull(info3.getString("readAt"));
    assertEquals(404, api.get("/api/v1/chats/" + direct + "/messages/" + ids.get(0) + "/receipts", jon.token())
        .status());

    String group = api.post("/api/v1/chats", hal.token(), new JsonObject().put("type", "group").put("name", "G")
        .put("members", new JsonArray().add(ivy.userId()).add(jon.userId()))).json().getString("id");
    send(api, hal, group, "from hal");
    try (TestSocket halSocket = TestSocket.authenticated(api.port(), hal.token());
         TestSocket jonSocket = TestSocket.authenticated(api.port(), jon.token())) {
      api.post("/api/v1/chats/" + group + "/messages", ivy.token(), text("from ivy"));
      jonSocket.next(TestSocket.event(), 10);
      TestSocket ivySocket = TestSocket.authenticated(api.port(), ivy.token());
      ivySocket.request(new JsonObject().put("type", "read").put("id", "r").put("chatId", group).put("seq", 1));
      assertEquals(1L, halSocket.next(f -> "receipt".equals(f.getString("type")), 10).getLong("read"));
      assertNull(pollReceipt(jonSocket), "in a group only the senders of the passed messages are told");
      ivySocket.close();
    }
    JsonObject listed = chatIn(api.get("/api/v1/chats", jon.token()).json(), group);
    assertEquals(List.of(1L, 1L), cursors(listed, ivy.userId()), "read implies received");
    assertEquals(List.of(0L, 0L), cursors(listed, jon.userId()));
  }

  @Test
  void aRetriedSendAnswersItsFirstAckAfterTheSenderLostTheChatOrTheUrgentRole() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session boss = org.admin();
    Session ben = org.member("ben");
    Session cai = org.member("cai");
    String chat = api.post("/api/v1/chats", boss.token(), new JsonObject().put("type", "group").put("name", "Ward 3")
        .put("members", new JsonArray().add(ben.userId()).add(cai.userId()))).json().getString("id");
    JsonObject urgent = text("fire alarm").put("clientId", "u1").put("urgent", true);
    JsonObject mention = text("cai, your shift").put("clientId", "r1").put("mentions", new JsonArray().add(cai.userId()));
    Answer firstUrgent = api.post("/api/v1/chats/" + chat + "/messages", boss.token(), urgent);
    assertEquals(201, firstUrgent.status(), firstUrgent.body());
    Answer firstRest = api.post("/api/v1/chats/" + chat + "/messages", ben.token(), mention);
    assertEquals(201, firstRest.status(), firstRest.body());
    JsonObject wsSend = new JsonObject().put("type", "send").put("id", "w1").put("chatId", chat).put("kind", "text")
        .put("text", "on my way");
    JsonObject firstWs;
    try (TestSocket socket = TestSocket.authenticated(ChatproExtension.api(2).port(), ben.token())) {
      firstWs = socket.request(wsSend);
      assertEquals("ack", firstWs.getString("type"), firstWs.encode());
    }

    assertEquals(200, api.patch("/api/v1/orgs/me", boss.token(), new JsonObject()
        .put("settings", new JsonObject().put("urgentRoles", new JsonArray().add("compliance")))).status());
    assertEquals(204, api.call("DELETE", "/api/v1/chats/" + chat + "/members/" + ben.userId(), boss.token(), null)
        .status());

    Answer urgentAgain = api.post("/api/v1/chats/" + chat + "/messages", boss.token(), urgent);
    assertEquals(200, urgentAgain.status(), "the urgent role is gone, the stored send answers: " + urgentAgain.body());
    assertEquals(firstUrgent.json(), urgentAgain.json());
    Answer restAgain = api.post("/api/v1/chats/" + chat + "/messages", ben.token(), mention);
    assertEquals(200, restAgain.status(), "ben left the chat, the stored send answers: " + restAgain.body());
    assertEquals(firstRest.json(), restAgain.json());
    try (TestSocket socket = TestSocket.authenticated(ChatproExtension.api(1).port(), ben.token())) {
      JsonObject wsAgain = socket.request(wsSend);
      assertEquals(firstWs, wsAgain, "the same ack over the socket");
      JsonObject fresh = socket.request(wsSend.copy().put("id", "w2"));
      assertEquals("not_found", fresh.getString("code"), "a new send is still checked: " + fresh.encode());
    }
    assertEquals(403, api.post("/api/v1/chats/" + chat + "/messages", boss.token(), urgent.copy().put("clientId", "u2"))
        .status(), "a new urgent send is still checked");
    assertEquals(409, api.post("/api/v1/chats/" + chat + "/messages", ben.token(), text("else").put("clientId", "r1"))
        .status(), "a different body under a stored clientId is still a conflict");
    assertEquals(4, events(api, boss, chat).size(), "three messages and ben's removal; nothing new stored");
  }

  @Test
  void mentionsCountDistinctIds() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    JsonArray repeated = new JsonArray();
    for (int i = 0; i < 150; i++) {
      repeated.add(i % 2 == 0 ? ben.userId() : ana.userId());
    }
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", ana.token(), text("both of us")
        .put("mentions", repeated));
    assertEquals(201, sent.status(), "150 entries, 2 distinct ids: " + sent.body());
    assertEquals(new JsonArray().add(ben.userId()).add(ana.userId()),
        events(api, ben, chat).get(0).getJsonArray("mentions"), "stored once each, in order");
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 101; i++) {
      tooMany.add(UUID.randomUUID().toString());
    }
    assertEquals(400, api.post("/api/v1/chats/" + chat + "/messages", ana.token(), text("x").put("mentions", tooMany))
        .status(), "101 distinct ids are too many");
  }

  @Test
  void aDeletedMessagesSendRecordKeepsNothingOfItsText() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    JsonObject secret = text("the safe code is 4711").put("clientId", "d1");
    Answer first = api.post("/api/v1/chats/" + chat + "/messages", ana.token(), secret);
    assertEquals(201, first.status(), first.body());
    String messageId = first.json().getString("messageId");
    String hashOf = "SELECT request_hash FROM sends WHERE message_id = $1";
    try (TestDb db = TestDb.of("messaging")) {
      assertNotNull(db.rows(hashOf, UUID.fromString(messageId)).get(0).getBuffer(0), "kept while the message is");
      assertEquals(409, api.post("/api/v1/chats/" + chat + "/messages", ana.token(),
          text("the safe code is 1234").put("clientId", "d1")).status(), "before deletion a wrong guess is told");

      assertEquals(204, api.call("DELETE", "/api/v1/chats/" + chat + "/messages/" + messageId, ana.token(), null)
          .status());
      assertNull(db.rows(hashOf, UUID.fromString(messageId)).get(0).getValue(0), "the hash over the text is gone");
    }
    for (String guess : List.of("the safe code is 4711", "the safe code is 1234")) {
      Answer retried = api.post("/api/v1/chats/" + chat + "/messages", ana.token(), text(guess).put("clientId", "d1"));
      assertEquals(200, retried.status(), "every guess answers the same: " + retried.body());
      assertEquals(first.json(), retried.json());
    }
    assertEquals(2, events(api, ana, chat).size(), "the message and its deletion; nothing new stored");
  }

  private static JsonObject pollReceipt(TestSocket socket) throws Exception {
    JsonObject f;
    while ((f = socket.poll(700)) != null) {
      if ("receipt".equals(f.getString("type"))) {
        return f;
      }
    }
    return null;
  }

  static JsonObject chatIn(JsonObject list, String chatId) {
    return list.getJsonArray("chats").stream().map(c -> (JsonObject) c)
        .filter(c -> chatId.equals(c.getString("id"))).findFirst().orElseThrow();
  }

  static JsonObject member(JsonObject chat, String userId) {
    return chat.getJsonArray("members").stream().map(m -> (JsonObject) m)
        .filter(m -> userId.equals(m.getString("userId"))).findFirst().orElseThrow();
  }

  static String role(JsonObject chat, String userId) {
    return member(chat, userId).getString("role");
  }

  /** A member's received and read cursors, as the chat shows them. */
  static List<Long> cursors(JsonObject chat, String userId) {
    JsonObject member = member(chat, userId);
    return List.of(member.getLong("receivedSeq"), member.getLong("readSeq"));
  }

  static JsonObject text(String text) {
    return new JsonObject().put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", text);
  }

  static JsonObject send(TestApi api, Session who, String chat, String text) throws Exception {
    Answer answer = api.post("/api/v1/chats/" + chat + "/messages", who.token(), text(text));
    assertEquals(201, answer.status(), answer.body());
    return answer.json();
  }

  static List<JsonObject> events(TestApi api, Session who, String chat) throws Exception {
    Answer answer = api.get("/api/v1/chats/" + chat + "/events?after=0&limit=1000", who.token());
    assertEquals(200, answer.status(), answer.body());
    return answer.json().getJsonArray("events").stream().map(e -> (JsonObject) e).toList();
  }
}
