package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.devstack.DevStack;
import chatpro.devstack.junit.DevStackExtension;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Steady sends into direct chats and a group while, one at a time, message-service stops and starts, PostgreSQL
 * crashes (immediate shutdown) and comes back, and the Kafka broker is killed and started again. Every acked message
 * must then be on every member's device exactly once (live or by sync) and exactly once in Kafka; a send during an
 * outage may fail, but never be acked and lost.
 */
@ExtendWith(DevStackExtension.class)
class FaultsIT {
  private static final String TOPIC = "chatpro.chat-events.v1";
  private static final long SEND_PERIOD_MILLIS = 40;
  /**
   * A system of its own on the shared infrastructure: the services it stops and starts are its own, so the system
   * the other tests share is never left with restarted parts (PostgreSQL and the broker are shared: they come back).
   */
  private static LocalSystem system;

  @BeforeAll
  static void startOwnSystem() throws Exception {
    system = ChatproExtension.startSystem("chatpro-faults-", ChatproExtension.TEST_RATES);
  }

  @AfterAll
  static void stopOwnSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void acknowledgedMessagesSurviveServiceDatabaseAndBrokerOutagesExactlyOnce() throws Exception {
    TestApi node1 = new TestApi(system.gatewayPort(1));
    TestApi node2 = new TestApi(system.gatewayPort(2));
    Org org = node1.newOrg();
    List<Session> people = new ArrayList<>();
    for (String name : List.of("fa", "fb", "fc", "fd", "fe", "ff")) {
      people.add(org.member(name));
    }
    Map<String, List<Session>> members = new HashMap<>();
    for (int i = 0; i < people.size(); i += 2) {
      String chat = node1.post("/api/v1/chats", people.get(i).token(),
          TestApi.directChat(people.get(i + 1).userId())).json().getString("id");
      members.put(chat, List.of(people.get(i), people.get(i + 1)));
    }
    JsonArray others = new JsonArray();
    people.subList(1, people.size()).forEach(p -> others.add(p.userId()));
    String group = node1.post("/api/v1/chats", people.get(0).token(),
        new JsonObject().put("type", "group").put("name", "Faults").put("members", others)).json().getString("id");
    members.put(group, people);

    List<Sender> senders = new ArrayList<>();
    int k = 0;
    for (Map.Entry<String, List<Session>> chat : members.entrySet()) {
      Session from = chat.getValue().get(1);
      senders.add(new Sender("f" + (k++) + "-", chat.getKey(), k % 2 == 0 ? node1.port() : node2.port(), from));
    }
    senders.forEach(Thread::start);

    DevStack stack = DevStackExtension.stack();
    InfraOutages infra = outages(stack);
    pause(2);
    fault("message-service", () -> system.stop("messaging"), () -> system.start("messaging"));
    fault("PostgreSQL", infra::stopPostgres, infra::startPostgres);
    fault("Kafka broker", infra::killKafka, infra::startKafka);
    fault("presence-service", () -> system.stop("presence"), () -> system.start("presence"));
    pause(2);
    for (Sender s : senders) {
      s.finish();
    }

    Map<String, Map<String, Long>> ackedByChat = new HashMap<>();
    long acked = 0;
    long failed = 0;
    for (Sender s : senders) {
      s.join(TimeUnit.SECONDS.toMillis(60));
      assertTrue(s.failure == null, "sender failed: " + s.failure);
      ackedByChat.put(s.chat, s.acked);
      acked += s.acked.size();
      failed += s.failed.size();
      System.out.println("FaultsIT " + s.prefix + ": " + s.acked.size() + " acked, " + s.failed.size()
          + " failed " + s.codes + ", " + s.unanswered() + " unanswered");
    }
    assertTrue(acked > 1000, "a steady load was acked: " + acked + " (failed " + failed + ")");

    for (Map.Entry<String, List<Session>> chat : members.entrySet()) {
      Map<String, Long> sent = ackedByChat.get(chat.getKey());
      for (Session member : chat.getValue()) {
        Map<String, Long> seen = everythingOnADevice(node1, member, chat.getKey());
        for (Map.Entry<String, Long> m : sent.entrySet()) {
          assertEquals(m.getValue(), seen.get(m.getKey()), "acked " + m.getKey() + " reaches " + member.userId()
              + " once, at its acked seq");
        }
      }
    }
    assertKafkaHoldsEachOnce(ackedByChat);
    assertLiveDeliveryIsPromptAgain(node1, node2, people.get(2), people.get(3));
  }

  /**
   * After the faults, each message reaches a connected device of the other member live, within a few seconds, one
   * after another: no delivery waits on a service instance that has gone (a request to one would wait 30 s).
   */
  private static void assertLiveDeliveryIsPromptAgain(TestApi node1, TestApi node2, Session from, Session to)
      throws Exception {
    String chat = node1.post("/api/v1/chats", from.token(), TestApi.directChat(to.userId())).json().getString("id");
    long slowest = 0;
    try (TestSocket sender = TestSocket.authenticated(node1.port(), from.token());
         TestSocket reader = TestSocket.authenticated(node2.port(), to.token())) {
      for (int i = 0; i < 20; i++) {
        String text = "after the faults " + i;
        long t0 = System.nanoTime();
        JsonObject ack = sender.request(new JsonObject().put("type", "send").put("id", "after-" + i)
            .put("chatId", chat).put("kind", "text").put("text", text));
        assertEquals("ack", ack.getString("type"), ack.encode());
        reader.next(f -> "event".equals(f.getString("type"))
            && text.equals(f.getJsonObject("event").getString("text")), 8);
        slowest = Math.max(slowest, System.nanoTime() - t0);
      }
    }
    System.out.println("FaultsIT: after the faults the slowest live delivery took "
        + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms");
  }

  /** One outage: down, held for 3 s while the senders go on, back up, 3 s to recover. */
  private static void fault(String what, Step down, Step up) throws Exception {
    long t0 = System.nanoTime();
    down.run();
    pause(3);
    up.run();
    System.out.println("FaultsIT: " + what + " was down for "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    pause(3);
  }

  /** A step that may throw. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private static InfraOutages outages(DevStack stack) throws Exception {
    // Not closed by this test: a broker it starts again lives on for the later tests of this JVM and ends with the
    // JVM (it watches the same parent as the first one did).
    return new InfraOutages(stack.postgres(), stack.kafka());
  }

  /**
   * What a device of this member that syncs the chat from the start holds: client id → seq. A client id under two
   * seqs is a stored duplicate and fails here.
   */
  private static Map<String, Long> everythingOnADevice(TestApi api, Session member, String chat) throws Exception {
    Map<String, Long> byClientId = new HashMap<>();
    TreeMap<Long, String> bySeq = new TreeMap<>();
    try (TestSocket socket = TestSocket.authenticated(api.port(), member.token())) {
      long from = 0;
      boolean more = true;
      for (int round = 0; more; round++) {
        String id = "sync-" + round;
        socket.send(new JsonObject().put("type", "sync").put("id", id).put("chats", new JsonObject().put(chat, from)));
        while (true) {
          JsonObject f = socket.next(x -> id.equals(x.getString("id")) || "event".equals(x.getString("type")), 30);
          if (id.equals(f.getString("id"))) {
            more = Boolean.TRUE.equals(f.getBoolean("more"));
            break;
          }
          JsonObject e = f.getJsonObject("event");
          if (!chat.equals(e.getString("chatId"))) {
            continue;
          }
          long seq = e.getLong("seq");
          from = Math.max(from, seq);
          String text = e.getString("text");
          if (text == null || !text.startsWith("fault ") || bySeq.containsKey(seq)) {
            continue;
          }
          bySeq.put(seq, text);
          Long before = byClientId.put(text.substring("fault ".length()), seq);
          assertTrue(before == null, "message " + text + " stored twice, at seq " + before + " and " + seq);
        }
      }
    }
    return byClientId;
  }

  private static void assertKafkaHoldsEachOnce(Map<String, Map<String, Long>> ackedByChat) {
    int expected = ackedByChat.values().stream().mapToInt(Map::size).sum();
    Set<String> chats = ackedByChat.keySet();
    List<TestKafka.Record> records = TestKafka.read(TOPIC, v -> chats.contains(v.getJsonObject("data")
        .getString("chatId")) && v.getJsonObject("data").getString("text", "").startsWith("fault "), expected);
    Map<String, Integer> byCloudEventId = new HashMap<>();
    Map<String, Integer> byClientId = new HashMap<>();
    for (TestKafka.Record r : records) {
      byCloudEventId.merge(r.value().getString("id"), 1, Integer::sum);
      byClientId.merge(r.value().getJsonObject("data").getString("text").substring("fault ".length()), 1,
          Integer::sum);
    }
    long lost = 0;
    for (Map.Entry<String, Map<String, Long>> chat : ackedByChat.entrySet()) {
      for (Map.Entry<String, Long> m : chat.getValue().entrySet()) {
        if (!byCloudEventId.containsKey(chat.getKey() + ":" + m.getValue())) {
          lost++;
        }
      }
    }
    long doubled = byCloudEventId.values().stream().filter(n -> n > 1).count()
        + byClientId.values().stream().filter(n -> n > 1).count();
    assertEquals(0, lost, "acked messages missing from Kafka");
    assertEquals(0, doubled, "events twice in Kafka");
  }

  private static void pause(int seconds) throws InterruptedException {
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
  }

  /** A device sending into one chat every 40 ms, keeping what was acked (client id → seq) and what failed. */
  private static final class Sender extends Thread {
    final String prefix;
    final String chat;
    final int port;
    final Session from;
    final Map<String, Long> acked = new ConcurrentHashMap<>();
    final Map<String, String> failed = new ConcurrentHashMap<>();
    final Map<String, Integer> codes = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean finishing;
    volatile Throwable failure;

    Sender(String prefix, String chat, int port, Session from) {
      super("faults-sender-" + prefix);
      this.prefix = prefix;
      this.chat = chat;
      this.port = port;
      this.from = from;
    }

    void finish() {
      finishing = true;
    }

    int unanswered() {
      return pending.size();
    }

    @Override
    public void run() {
      try (TestSocket socket = TestSocket.authenticated(port, from.token())) {
        long next = System.nanoTime();
        int n = 0;
        while (!finishing) {
          if (System.nanoTime() >= next) {
            String id = prefix + (n++);
            pending.add(id);
            socket.send(new JsonObject().put("type", "send").put("id", id).put("chatId", chat).put("kind", "text")
                .put("text", "fault " + id));
            next += TimeUnit.MILLISECONDS.toNanos(SEND_PERIOD_MILLIS);
          }
          take(socket.poll(5));
        }
        // the last answers: an ack waits at most for the event-bus timeout
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
          take(socket.poll(200));
        }
      } catch (Throwable e) {
        failure = e;
      }
    }

    private void take(JsonObject f) {
      if (f == null || f.getString("id") == null || !pending.contains(f.getString("id"))) {
        return;
      }
      String id = f.getString("id");
      if ("ack".equals(f.getString("type"))) {
        acked.put(id, f.getLong("seq"));
        pending.remove(id);
      } else if ("error".equals(f.getString("type"))) {
        failed.put(id, f.getString("code"));
        codes.merge(f.getString("code"), 1, Integer::sum);
        pending.remove(id);
      }
    }
  }
}
