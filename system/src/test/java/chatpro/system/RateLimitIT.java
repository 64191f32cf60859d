package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.devstack.junit.DevStackExtension;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limits for people with their default settings (30 sends at once, then 10 per second; 30 new chats a minute),
 * on a system of its own with two gateway nodes: the shared test system raises them for the tests that send fast.
 * The allowance comes back while a test runs, so each bound allows for the time the test took.
 */
@ExtendWith(DevStackExtension.class)
class RateLimitIT {
  static final int BURST = 30;
  static final int PER_SECOND = 10;
  private static LocalSystem system;

  @BeforeAll
  static void startWithDefaultLimits() throws Exception {
    system = ChatproExtension.startSystem("chatpro-limits-", Map.of());
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      system.close();
    }
  }

  private static TestApi api(int node) {
    return new TestApi(system.gatewayPort(node));
  }

  @Test
  void aBurstPastThirtyIsRefusedWithRetryAfterStoresNothingAndLeavesTheSocketOpen() throws Exception {
    TestApi api = api(1);
    Sender sender = Sender.withChat(api, "ada", "bo");
    Session ada = sender.session();
    String chat = sender.chat();

    try (TestSocket socket = TestSocket.authenticated(api.port(), ada.token())) {
      long started = System.nanoTime();
      Map<String, JsonObject> answers = flood(socket, chat, "b", 45);
      double seconds = (System.nanoTime() - started) / 1e9;

      for (int i = 0; i < BURST; i++) {
        assertEquals("ack", answers.get("b" + i).getString("type"), "the first 30 go through: " + answers.get("b" + i));
      }
      List<String> refused = refused(answers);
      assertFalse(refused.isEmpty(), "45 sends at once: some are refused");
      long acked = answers.size() - refused.size();
      assertTrue(acked <= BURST + Math.ceil(seconds * PER_SECOND) + 1,
          acked + " acked in " + seconds + " s: no more than the burst and what came back meanwhile");
      JsonObject refusal = answers.get(refused.get(0));
      assertEquals("rate_limited", refusal.getString("code"));
      long retryAfter = refusal.getLong("retryAfter");
      assertTrue(retryAfter >= 1, "retryAfter in whole seconds: " + refusal);

      JsonArray events = api.get("/api/v1/chats/" + chat + "/events?after=0&limit=1000", ada.token()).json()
          .getJsonArray("events");
      assertEquals(acked, events.size(), "a refused send stores nothing");
      Set<String> texts = new java.util.HashSet<>();
      events.forEach(e -> texts.add(((JsonObject) e).getString("text")));
      refused.forEach(id -> assertFalse(texts.contains("text " + id), id + " was refused and is not stored"));

      assertEquals("ack", socket.request(new JsonObject().put("type", "ping").put("id", "p1")).getString("type"),
          "the socket stays open");
      Thread.sleep(TimeUnit.SECONDS.toMillis(retryAfter)); // what the answer told the client to wait
      JsonObject again = socket.request(send(chat, "after-wait"));
      assertEquals("ack", again.getString("type"), "after retryAfter the send goes through: " + again);
      assertNotNull(again.getValue("seq"));
    }
  }

  @Test
  void restSendsCountAgainstTheSameAllowance() throws Exception {
    TestApi api = api(1);
    Sender sender = Sender.withChat(api, "cy", "di");
    Session cy = sender.session();
    String chat = sender.chat();

    try (TestSocket socket = TestSocket.authenticated(api.port(), cy.token())) {
      Answer rest = null;
      // The allowance comes back at 10 a second: a REST send right after a refused socket send almost always
      // finds it empty; when one came back in between, that send is simply stored and the socket floods again.
      for (int round = 0; round < 5; round++) {
        Map<String, JsonObject> answers = flood(socket, chat, "r" + round + "-", 45);
        assertFalse(refused(answers).isEmpty(), "the socket's sends used the allowance up");
        rest = api.post("/api/v1/chats/" + chat + "/messages", cy.token(), new JsonObject()
            .put("clientId", "rest-" + round).put("kind", "text").put("text", "by REST"));
        if (rest.status() == 429) {
          break;
        }
        assertEquals(201, rest.status(), rest.body());
      }
      assertEquals(429, rest.status(), "the REST send shares the socket's allowance: " + rest.body());
      assertEquals("rate_limited", rest.errorCode());
      String retryAfter = rest.raw().headers().firstValue("Retry-After").orElse(null);
      assertNotNull(retryAfter, "429 carries Retry-After");
      assertTrue(Long.parseLong(retryAfter) >= 1);
    }
  }

  @Test
  void theLimitIsPerPersonAcrossSocketsOnTwoGateways() throws Exception {
    TestApi api = api(1);
    Sender sender = Sender.withChat(api, "ed", "fay");
    Session ed = sender.session();
    String chat = sender.chat();

    try (TestSocket one = TestSocket.authenticated(system.gatewayPort(1), ed.token());
         TestSocket two = TestSocket.authenticated(system.gatewayPort(2), ed.token())) {
      long started = System.nanoTime();
      for (int i = 0; i < 25; i++) {
        one.send(send(chat, "g1-" + i));
        two.send(send(chat, "g2-" + i));
      }
      Map<String, JsonObject> answers = new HashMap<>();
      answers.putAll(answers(one, 25));
      answers.putAll(answers(two, 25));
      double seconds = (System.nanoTime() - started) / 1e9;
      long acked = answers.values().stream().filter(a -> "ack".equals(a.getString("type"))).count();
      assertFalse(refused(answers).isEmpty(), "50 sends of one person over two gateways: some are refused");
      assertTrue(acked <= BURST + Math.ceil(seconds * PER_SECOND) + 1,
          acked + " acked in " + seconds + " s over two gateways: one allowance, not one per gateway");
    }
  }

  @Test
  void theThirtyFirstChatInAMinuteAnswers429WithRetryAfter() throws Exception {
    TestApi api = api(2);
    Org org = api.newOrg();
    Session gus = org.member("gus");
    Session hal = org.member("hal");
    JsonObject group = new JsonObject().put("type", "group").put("name", "Night shift")
        .put("members", new JsonArray(List.of(hal.userId())));

    long started = System.nanoTime();
    List<Integer> statuses = new ArrayList<>();
    Answer refused = null;
    for (int i = 0; i < 60 && refused == null; i++) {
      Answer created = api.post("/api/v1/chats", gus.token(), group);
      statuses.add(created.status());
      if (created.status() == 429) {
        refused = created;
      } else {
        assertEquals(201, created.status(), created.body());
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    assertNotNull(refused, "a chat creation is refused: " + statuses);
    int created = statuses.size() - 1;
    assertTrue(created >= 30, "the first 30 are created: " + statuses);
    assertTrue(created <= 30 + Math.ceil(seconds / 2) + 1, created + " created in " + seconds + " s");
    assertEquals("rate_limited", refused.errorCode());
    String retryAfter = refused.raw().headers().firstValue("Retry-After").orElse(null);
    assertNotNull(retryAfter, "429 carries Retry-After");
    assertTrue(Long.parseLong(retryAfter) >= 1 && Long.parseLong(retryAfter) <= 2, retryAfter);
    assertEquals(200, api.get("/api/v1/chats", gus.token()).status(), "other requests are not limited");
  }

  /** A sender signed in and their direct chat with another person, in an org of this test's own. */
  record Sender(Session session, String chat) {
    static Sender withChat(TestApi api, String name, String other) throws Exception {
      Org org = api.newOrg();
      Session sender = org.member(name);
      Session recipient = org.member(other);
      String chat = api.post("/api/v1/chats", sender.token(), TestApi.directChat(recipient.userId())).json()
          .getString("id");
      return new Sender(sender, chat);
    }
  }

  static JsonObject send(String chat, String id) {
    return new JsonObject().put("type", "send").put("id", id).put("chatId", chat).put("kind", "text")
        .put("text", "text " + id);
  }

  /** Writes {@code n} sends at once, then collects every answer by id. */
  static Map<String, JsonObject> flood(TestSocket socket, String chat, String prefix, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      socket.send(send(chat, prefix + i));
    }
    return answers(socket, n);
  }

  static Map<String, JsonObject> answers(TestSocket socket, int n) throws Exception {
    Map<String, JsonObject> answers = new HashMap<>();
    while (answers.size() < n) {
      JsonObject f = socket.next(x -> ("ack".equals(x.getString("type")) || "error".equals(x.getString("type")))
          && x.getString("id") != null, 60);
      answers.put(f.getString("id"), f);
    }
    return answers;
  }

  static List<String> refused(Map<String, JsonObject> answers) {
    List<String> refused = new ArrayList<>();
    answers.forEach((id, a) -> {
      if ("error".equals(a.getString("type"))) {
        assertEquals("rate_limited", a.getString("code"), "only the limit refuses: " + a);
        refused.add(id);
      }
    });
    return refused;
  }
}
