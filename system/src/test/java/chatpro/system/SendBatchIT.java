package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sends that arrive together are stored in one statement per batch: a burst from two devices of one person, each
 * sending the same clientIds (a device and its retries racing), with a stranger's sends mixed in, stores every
 * clientId once with gap-free seqs, answers both devices the same ack, refuses the stranger and delivers each
 * message once, in order, to the other member.
 */
@ExtendWith(ChatproExtension.class)
class SendBatchIT {
  static final int SENDS = 80;

  @Test
  void aBurstWithRacingRetriesAndAStrangerIsStoredOnceGapFreeAndDeliveredInOrder() throws Exception {
    TestApi node1 = ChatproExtension.api(1);
    TestApi node2 = ChatproExtension.api(2);
    Org org = node1.newOrg();
    Session alice = org.member("alice");
    Session bob = org.member("bob");
    Session mallory = org.member("mallory");

    try (TestSocket phone = TestSocket.authenticated(node1.port(), alice.token());
         TestSocket laptop = TestSocket.authenticated(node2.port(), alice.token());
         TestSocket bobSocket = TestSocket.authenticated(node2.port(), bob.token());
         TestSocket stranger = TestSocket.authenticated(node1.port(), mallory.token())) {
      Answer created = node1.post("/api/v1/chats", alice.token(), TestApi.directChat(bob.userId()));
      assertEquals(201, created.status(), created.body());
      String chatId = created.json().getString("id");

      for (int i = 0; i < SENDS; i++) {
        phone.send(send("c" + i, chatId, "message " + i));
        laptop.send(send("c" + (SENDS - 1 - i), chatId, "message " + (SENDS - 1 - i)));
        if (i % 8 == 0) {
          stranger.send(send("m" + i, chatId, "let me in"));
        }
      }
      Map<String, JsonObject> phoneAcks = answers(phone, SENDS);
      Map<String, JsonObject> laptopAcks = answers(laptop, SENDS);
      Map<String, JsonObject> refused = answers(stranger, SENDS / 8);

      TreeSet<Long> seqs = new TreeSet<>();
      for (int i = 0; i < SENDS; i++) {
        JsonObject a = phoneAcks.get("c" + i);
        JsonObject b = laptopAcks.get("c" + i);
        assertEquals("ack", a.getString("type"), a.encode());
        assertEquals("ack", b.getString("type"), b.encode());
        assertEquals(a.getString("messageId"), b.getString("messageId"), "one message per clientId");
        assertEquals(a.getLong("seq"), b.getLong("seq"));
        seqs.add(a.getLong("seq"));
      }
      assertEquals(LongStream.rangeClosed(1, SENDS).boxed().collect(Collectors.toCollection(TreeSet::new)), seqs,
          "every clientId stored once, seqs 1.." + SENDS + " without a gap");
      refused.values().forEach(f -> assertEquals("not_found", f.getString("code"), f.encode()));

      List<Long> delivered = new ArrayList<>();
      Map<Long, String> textBySeq = new HashMap<>();
      while (delivered.size() < SENDS) {
        JsonObject event = bobSocket.next(TestSocket.event(), 10).getJsonObject("event");
        delivered.add(event.getLong("seq"));
        textBySeq.put(event.getLong("seq"), event.getString("text"));
      }
      assertEquals(LongStream.rangeClosed(1, SENDS).boxed().toList(), delivered, "each once, in seq order");
      for (int i = 0; i < SENDS; i++) {
        assertEquals("message " + i, textBySeq.get(phoneAcks.get("c" + i).getLong("seq")));
      }
      bobSocket.assertNoChatFrames(300, "nothing more was stored");

      Answer chat = node2.get("/api/v1/chats/" + chatId, bob.token());
      assertEquals(200, chat.status(), chat.body());
      assertEquals(SENDS, chat.json().getLong("lastSeq"), "the stranger's sends stored nothing");
    }
  }

  private static JsonObject send(String clientId, String chatId, String text) {
    return new JsonObject().put("type", "send").put("id", clientId).put("chatId", chatId).put("kind", "text")
        .put("text", text);
  }

  /** The answer (ack or error) to each of {@code count} sends, by clientId. */
  private static Map<String, JsonObject> answers(TestSocket socket, int count) throws Exception {
    Map<String, JsonObject> byId = new HashMap<>();
    while (byId.size() < count) {
      JsonObject f = socket.next(x -> "ack".equals(x.getString("type")) || "error".equals(x.getString("type")), 15);
      assertNotNull(f.getString("id"), f.encode());
      byId.put(f.getString("id"), f);
    }
    return byId;
  }
}
