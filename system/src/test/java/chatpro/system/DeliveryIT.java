package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The delivery promise under load and failure: concurrent senders on both gateway nodes, and message-service
 * stopped and started in the middle of a stream. Every device ends with every event exactly once, in seq order, no
 * gaps; the log and the Kafka topic hold exactly the acknowledged messages.
 */
@ExtendWith(ChatproExtension.class)
class DeliveryIT {
  static final int SENDERS = 4;
  static final int MESSAGES = 40;

  @Test
  void concurrentSendersOnTwoNodesReachEveryDeviceExactlyOnceInOrder() throws Exception {
    TestApi node1 = ChatproExtension.api(1);
    TestApi node2 = ChatproExtension.api(2);
    Org org = node1.newOrg();
    List<Session> people = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      people.add(org.member("p" + i));
    }
    JsonArray others = new JsonArray();
    people.subList(1, 6).forEach(p -> others.add(p.userId()));
    String chat = node1.post("/api/v1/chats", people.get(0).token(), new JsonObject().put("type", "group")
        .put("name", "Load").put("members", others)).json().getString("id");

    List<TestDevice> devices = new ArrayList<>();
    for (int i = 0; i < people.size(); i++) {
      devices.add(TestDevice.connect((i % 2 == 0 ? node1 : node2).port(), people.get(i).token()));
    }
    devices.add(TestDevice.connect(node2.port(), people.get(0).token()));   // a second device of the first sender
    List<TestSocket> senders = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      senders.add(TestSocket.authenticated((s % 2 == 0 ? node2 : node1).port(), people.get(s).token()));
    }

    Set<String> acked = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    List<Future<?>> running = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      TestSocket socket = senders.get(s);
      int sender = s;
      running.add(pool.submit(() -> {
        for (int m = 0; m < MESSAGES; m++) {
          socket.send(new JsonObject().put("type", "send").put("id", "s" + sender + "-" + m).put("chatId", chat)
              .put("kind", "text").put("text", "message " + m + " from " + sender));
        }
        for (int m = 0; m < MESSAGES; m++) {
          JsonObject ack = socket.next(f -> "ack".equals(f.getString("type")), 30);
          acked.add(ack.getString("messageId"));
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    int total = SENDERS * MESSAGES;
    assertEquals(total, acked.size());

    for (TestDevice device : devices) {
      List<JsonObject> events = device.until(chat, total, 60);
      assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), events.stream().map(e -> e.getLong("seq")).toList());
      Set<String> messageIds = new HashSet<>();
      events.forEach(e -> messageIds.add(e.getString("messageId")));
      assertEquals(acked, messageIds);
      assertEquals(0, device.duplicates, "no event twice on one socket");
      assertEquals(0, device.outOfOrder, "a chat's events in seq order on one socket");
      device.close();
    }
    senders.forEach(TestSocket::close);
    assertKafkaHoldsExactly(chat, total);
  }

  @Test
  void stoppingMessageServiceMidStreamLosesNoAckedMessageAndInventsNone() throws Exception {
    TestApi node1 = ChatproExtension.api(1);
    TestApi node2 = ChatproExtension.api(2);
    Org org = node1.newOrg();
    Session a = org.member("chaos-a");
    Session b = org.member("chaos-b");
    Session c = org.member("chaos-c");
    String chat = node1.post("/api/v1/chats", a.token(), new JsonObject().put("type", "group").put("name", "Chaos")
        .put("members", new JsonArray().add(b.userId()).add(c.userId()))).json().getString("id");
    TestDevice watcher = TestDevice.connect(node2.port(), c.token());

    // Each sender sends at least this many, and goes on until message-service is back: the stream spans the stop
    // however fast the sends are.
    int perSender = 50;
    AtomicBoolean restarted = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> retries = new ArrayList<>();
    for (Session sender : List.of(a, b)) {
      TestApi api = sender == a ? node1 : node2;
      retries.add(pool.submit(() -> {
        int retried = 0;
        for (int m = 0; m < perSender || (!restarted.get() && m < 5_000); m++) {
          JsonObject body = new JsonObject().put("clientId", sender.userId() + "-" + m).put("kind", "text")
              .put("text", "chaos " + m);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
          while (true) {
            Answer answer = api.post("/api/v1/chats/" + chat + "/messages", sender.token(), body);
            if (answer.status() == 201 || answer.status() == 200) {
              acked.add(answer.json().getString("messageId"));
              sent.incrementAndGet();
              break;
            }
            assertTrue(answer.status() >= 500, "only unavailability is retried: " + answer.body());
            assertTrue(System.nanoTime() < deadline, "message-service did not come back");
            retried++;
            Thread.sleep(100);
          }
          Thread.sleep(20);
        }
        return retried;
      }));
    }
    Thread.sleep(600);
    LocalSystem system = ChatproExtension.system();
    system.stop("messaging");
    Thread.sleep(1500);
    system.start("messaging");
    restarted.set(true);
    int retried = 0;
    for (Future<Integer> f : retries) {
      retried += f.get(180, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertTrue(retried > 0, "the stop really interrupted the senders");

    int total = sent.get();
    assertTrue(total >= 2 * perSender, "each sender sent its messages: " + total);
    assertEquals(total, acked.size(), "one message id per message sent");
    List<JsonObject> log = MessagingIT.events(node1, a, chat);
    assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), log.stream().map(e -> e.getLong("seq")).toList(),
        "gap-free, and nothing beyond the acknowledged messages");
    Set<String> stored = new HashSet<>();
    log.forEach(e -> stored.add(e.getString("messageId")));
    assertEquals(acked, stored);
    List<JsonObject> seen = watcher.until(chat, total, 60);
    assertEquals(total, seen.size());
    assertEquals(0, watcher.duplicates);
    assertEquals(0, watcher.outOfOrder);
    watcher.close();
    assertKafkaHoldsExactly(chat, total);
  }

  /** The topic has each event of the chat exactly once, in seq order. */
  static void assertKafkaHoldsExactly(String chat, int total) {
    List<TestKafka.Record> records = TestKafka.read("chatpro.chat-events.v1",
        v -> v.getJsonObject("data").getString("chatId").equals(chat), total);
    List<String> ids = records.stream().map(r -> r.value().getString("id")).toList();
    List<String> expected = LongStream.rangeClosed(1, total).mapToObj(s -> chat + ":" + s).toList();
    assertEquals(expected, ids);
  }

  /**
   * A device that reconnects into a busy chat gets a live event before it asks for what it missed: the sync must
   * still bring every missed event, once each (the socket once dropped everything below its first live event).
   */
  @Test
  void aDeviceReconnectingIntoABusyChatGetsWhatItMissedBySync() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ann = org.member("ann");
    Session bob = org.member("bob");
    String chat = api.post("/api/v1/chats", ann.token(), TestApi.directChat(bob.userId())).json().getString("id");
    long have;
    try (TestSocket before = TestSocket.authenticated(api.port(), bob.token())) {
      for (int i = 1; i <= 3; i++) {
        send(api, ann, chat, "before " + i);
      }
      have = seqOf(before, "before 3");
    }
    for (int i = 1; i <= 3; i++) {
      send(api, ann, chat, "missed " + i);
    }
    try (TestSocket after = TestSocket.authenticated(api.port(), bob.token())) {
      send(api, ann, chat, "live");
      long live = seqOf(after, "live");
      after.send(new JsonObject().put("type", "sync").put("id", "catch-up")
          .put("chats", new JsonObject().put(chat, have)));
      List<Long> synced = new ArrayList<>();
      while (true) {
        JsonObject f = after.next(x -> "event".equals(x.getString("type")) || "catch-up".equals(x.getString("id")), 10);
        if ("catch-up".equals(f.getString("id"))) {
          assertEquals("ack", f.getString("type"), f.encode());
          break;
        }
        synced.add(f.getJsonObject("event").getLong("seq"));
      }
      List<Long> missed = LongStream.range(have + 1, live).boxed().toList();
      assertEquals(3, missed.size(), "three messages were sent while the device was away");
      assertEquals(missed, synced, "each missed event once, the live one not again");
    }
  }

  /**
   * Sync answers are remembered per version of each event (many devices catch up on the same events): a device that
   * syncs after an edit or a deletion gets the event as it is now, never as another device synced it before.
   */
  @Test
  void aSyncAfterAnEditOrADeletionShowsTheEventAsItIsNow() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ann = org.member("ann");
    Session bob = org.member("bob");
    String chat = api.post("/api/v1/chats", ann.token(), TestApi.directChat(bob.userId())).json().getString("id");
    String edited = MessagingIT.send(api, ann, chat, "the van comes at nine").getString("messageId");
    String deleted = MessagingIT.send(api, ann, chat, "wrong chat, sorry").getString("messageId");
    assertEquals(List.of("the van comes at nine", "wrong chat, sorry"), texts(synced(api, bob, chat)));
    assertEquals(List.of("the van comes at nine", "wrong chat, sorry"), texts(synced(api, ann, chat)));

    try (TestSocket socket = TestSocket.authenticated(api.port(), ann.token())) {
      RetentionIT.ack(socket.request(new JsonObject().put("type", "edit").put("id", "e")
          .put("messageId", edited).put("text", "the van comes at ten")));
    }
    assertEquals(204, api.call("DELETE", "/api/v1/chats/" + chat + "/messages/" + deleted, ann.token(), null)
        .status());

    List<JsonObject> now = synced(api, bob, chat);
    JsonObject message = now.stream().filter(e -> edited.equals(e.getString("messageId"))
        && "message".equals(e.getString("type"))).findFirst().orElseThrow();
    assertEquals("the van comes at ten", message.getString("text"), message.encode());
    JsonObject gone = now.stream().filter(e -> deleted.equals(e.getString("messageId"))
        && "message".equals(e.getString("type"))).findFirst().orElseThrow();
    assertTrue(!gone.containsKey("text"), "a deleted message's text is not synced again: " + gone.encode());
  }

  /** What a fresh device of {@code who} gets of {@code chat} when it syncs everything from the start, in order. */
  static List<JsonObject> synced(TestApi api, Session who, String chat) throws Exception {
    try (TestSocket socket = TestSocket.authenticated(api.port(), who.token())) {
      socket.send(new JsonObject().put("type", "sync").put("id", "all").put("chats", new JsonObject().put(chat, 0)));
      List<JsonObject> events = new ArrayList<>();
      while (true) {
        JsonObject f = socket.next(x -> "event".equals(x.getString("type")) || "all".equals(x.getString("id")), 10);
        if ("all".equals(f.getString("id"))) {
          assertEquals("ack", f.getString("type"), f.encode());
          return events;
        }
        if (chat.equals(f.getJsonObject("event").getString("chatId"))) {
          events.add(f.getJsonObject("event"));
        }
      }
    }
  }

  private static List<String> texts(List<JsonObject> events) {
    return events.stream().filter(e -> "message".equals(e.getString("type"))).map(e -> e.getString("text")).toList();
  }

  private static void send(TestApi api, Session who, String chat, String text) throws Exception {
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), new JsonObject()
        .put("clientId", java.util.UUID.randomUUID().toString()).put("kind", "text").put("text", text));
    assertEquals(201, sent.status(), sent.body());
  }

  /** The seq of the message event with this text, as it reaches the socket. */
  private static long seqOf(TestSocket socket, String text) throws Exception {
    return socket.next(f -> "event".equals(f.getString("type"))
        && text.equals(f.getJsonObject("event").getString("text")), 10).getJsonObject("event").getLong("seq");
  }
}
