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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The spine of ChatPro through the public API only: operator creates an org, admin creates people, they sign in on
 * different gateway nodes, a message is stored with a seq, arrives live on the other node, is published once to
 * Kafka, and a device that was offline gets it with sync.
 */
@ExtendWith(ChatproExtension.class)
class FirstMessageIT {

  @Test
  void messageTravelsFromOneGatewayNodeToAnotherAndToKafka() throws Exception {
    TestApi node1 = ChatproExtension.api(1);
    TestApi node2 = ChatproExtension.api(2);
    Org org = node1.newOrg();
    Session alice = org.member("alice");
    Session bob = org.member("bob");

    try (TestSocket aliceSocket = TestSocket.authenticated(node1.port(), alice.token());
         TestSocket bobSocket = TestSocket.authenticated(node2.port(), bob.token())) {
      Answer created = node1.post("/api/v1/chats", alice.token(), TestApi.directChat(bob.userId()));
      assertEquals(201, created.status(), created.body());
      JsonObject chat = created.json();
      String chatId = chat.getString("id");
      assertEquals("direct", chat.getString("type"));
      assertEquals(0L, chat.getLong("lastSeq"));
      assertEquals(2, chat.getJsonArray("members").size());

      Answer again = node2.post("/api/v1/chats", bob.token(), TestApi.directChat(alice.userId()));
      assertEquals(200, again.status(), "the same pair has one direct chat");
      assertEquals(chatId, again.json().getString("id"));

      String clientId = UUID.randomUUID().toString();
      JsonObject ack = aliceSocket.request(new JsonObject().put("type", "send").put("id", clientId)
          .put("chatId", chatId).put("kind", "text").put("text", "Hello Bob, the boiler is fixed"));
      assertEquals("ack", ack.getString("type"), ack.encode());
      assertEquals(1L, ack.getLong("seq"));
      assertNotNull(ack.getString("messageId"));
      assertTrue(ack.getString("sentAt").endsWith("Z"));

      JsonObject live = bobSocket.next(TestSocket.event(), 10).getJsonObject("event");
      assertEquals(chatId, live.getString("chatId"));
      assertEquals(1L, live.getLong("seq"));
      assertEquals("message", live.getString("type"));
      assertEquals(ack.getString("messageId"), live.getString("messageId"));
      assertEquals(alice.userId(), live.getString("senderId"));
      assertEquals("text", live.getString("kind"));
      assertEquals("Hello Bob, the boiler is fixed", live.getString("text"));

      JsonObject retry = aliceSocket.request(new JsonObject().put("type", "send").put("id", clientId)
          .put("chatId", chatId).put("kind", "text").put("text", "Hello Bob, the boiler is fixed"));
      assertEquals(ack.getLong("seq"), retry.getLong("seq"), "a retried send returns the first ack");
      assertEquals(ack.getString("messageId"), retry.getString("messageId"));
      JsonObject changed = aliceSocket.request(new JsonObject().put("type", "send").put("id", clientId)
          .put("chatId", chatId).put("kind", "text").put("text", "a different message"));
      assertEquals("conflict", changed.getString("code"), "the same id with another body stores nothing");
      Answer restRetry = node2.post("/api/v1/chats/" + chatId + "/messages", alice.token(), new JsonObject()
          .put("clientId", clientId).put("kind", "text").put("text", "Hello Bob, the boiler is fixed"));
      assertEquals(200, restRetry.status(), "a repeat through REST answers the first ack with 200");
      assertEquals(ack.getString("messageId"), restRetry.json().getString("messageId"));

      JsonObject record = kafkaRecord(chatId + ":1");
      assertEquals("1.0", record.getString("specversion"));
      assertEquals("chatpro.message", record.getString("type"));
      assertEquals("chatpro/" + org.id(), record.getString("source"));
      assertEquals(org.id(), record.getString("orgid"));
      assertEquals(live, record.getJsonObject("data"));

      try (TestSocket bobLaptop = TestSocket.authenticated(node1.port(), bob.token())) {
        bobLaptop.send(new JsonObject().put("type", "sync").put("id", "s1").put("chats", new JsonObject()));
        JsonObject synced = bobLaptop.next(TestSocket.event(), 10).getJsonObject("event");
        assertEquals(live, synced);
        JsonObject done = bobLaptop.next(f -> "s1".equals(f.getString("id")), 10);
        assertEquals("ack", done.getString("type"));
        assertFalse(done.getBoolean("more"));
      }

      Answer history = node2.get("/api/v1/chats/" + chatId + "/events?after=0", bob.token());
      assertEquals(200, history.status());
      assertEquals(new JsonArray().add(live), history.json().getJsonArray("events"));
      for (JsonObject f = bobSocket.poll(300); f != null; f = bobSocket.poll(100)) {
        assertEquals("presence", f.getString("type"), "the retry delivered nothing new: " + f);
      }
    }
  }

  @Test
  void healthReportsEveryServiceOnEveryNode() throws Exception {
    for (int node = 1; node <= 2; node++) {
      Answer health = ChatproExtension.api(node).get("/health", null);
      assertEquals(200, health.status(), health.body());
      JsonObject body = health.json();
      assertEquals("UP", body.getString("status"));
      List<String> ids = body.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")).toList();
      assertEquals(List.of("gateway", "directory", "messaging", "media", "presence"), ids);
    }
  }

  /** The one record of the chat-events topic with that id. */
  private static JsonObject kafkaRecord(String id) {
    List<TestKafka.Record> records = TestKafka.read("chatpro.chat-events.v1", v -> id.equals(v.getString("id")), 1);
    assertEquals(1, records.size(), "exactly one record per event");
    TestKafka.Record record = records.get(0);
    assertEquals(record.value().getJsonObject("data").getString("chatId"), record.key(), "keyed by chat id");
    return record.value();
  }

  /**
   * With CHATPRO_OPS_PORT set, a gateway answers /health and /metrics on that port only: its public port answers
   * 404 for both, and still serves the API.
   */
  @Test
  void healthAndMetricsMoveToTheOpsPortWhenOneIsSet() throws Exception {
    java.util.Map<String, String> env = new java.util.HashMap<>(ChatproExtension.system().sharedSettings());
    int publicPort = LocalSystem.freePort();
    int opsPort = LocalSystem.freePort();
    env.put("CHATPRO_HTTP_PORT", Integer.toString(publicPort));
    env.put("CHATPRO_OPS_PORT", Integer.toString(opsPort));
    env.put("CHATPRO_NODE_NAME", "gateway-ops");
    env.put("CHATPRO_CLUSTER_PORT", Integer.toString(LocalSystem.freePort()));
    chatpro.common.config.ChatproConfig config = chatpro.common.config.ChatproConfig.from(env);
    io.vertx.core.Vertx vertx = chatpro.common.cluster.ClusteredVertx.start(config.cluster())
        .toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    try {
      chatpro.gateway.GatewayMain.deploy(vertx, config).toCompletionStage().toCompletableFuture()
          .get(60, java.util.concurrent.TimeUnit.SECONDS);
      TestApi pub = new TestApi(publicPort);
      TestApi ops = new TestApi(opsPort);
      assertEquals(404, pub.get("/health", null).status(), "the public port serves no health");
      assertEquals(404, pub.get("/metrics", null).status(), "nor metrics");
      Answer health = ops.get("/health", null);
      assertEquals(200, health.status(), health.body());
      assertTrue(ops.get("/metrics", null).body().contains("chatpro_gateway_connections"));
      assertEquals(404, ops.get("/api/v1/me", null).status(), "the ops port serves nothing else");
      Org org = pub.newOrg();
      assertEquals(200, pub.get("/api/v1/me", org.admin().token()).status(), "the public port serves the API");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
