package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.bus.Addresses;
import chatpro.common.cluster.Hazelcast;
import chatpro.common.presence.NodeSet;
import chatpro.devstack.junit.DevStackExtension;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dev instance's shape: every service and both gateways in one Vert.x instance and Hazelcast member. Messages
 * cross gateways inside it, each gateway keeps a node id of its own, and a gateway that stops (its member stays, so
 * no membership event comes) takes its users offline and no one else.
 */
@ExtendWith(DevStackExtension.class)
class OneInstanceIT {
  /** Each gateway's event loops, set here so the test does not depend on the machine's processors. */
  private static final int LOOPS = 3;
  private static LocalSystem system;

  @BeforeAll
  static void startInOneInstance() throws Exception {
    Map<String, String> env = new HashMap<>(ChatproExtension.TEST_RATES);
    env.put("CHATPRO_GATEWAY_EVENT_LOOPS", Integer.toString(LOOPS));
    system = ChatproExtension.startSystem("chatpro-one-", env, LocalSystem.Shape.ONE_INSTANCE);
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void everyServiceAndGatewayRunsInTheOneInstance() {
    Vertx one = system.vertx("directory");
    for (String name : system.names()) {
      assertTrue(system.vertx(name) == one, name + " runs in the one instance");
    }
    assertEquals(1, Hazelcast.of(one).getCluster().getMembers().size(), "one Hazelcast member");
  }

  @Test
  void aMessageCrossesGatewaysAndEachGatewayHasANodeOfItsOwn() throws Exception {
    Pair pair = pair("ada", "bo");
    TestApi api = pair.api();
    Session ada = pair.first();
    Session bo = pair.second();
    String chat = pair.chat();
    try (TestSocket adaSocket = TestSocket.authenticated(system.gatewayPort(1), ada.token());
         TestSocket boSocket = TestSocket.authenticated(system.gatewayPort(2), bo.token())) {
      eventually(api, ada, bo.userId(), "online");
      JsonObject ack = adaSocket.request(new JsonObject().put("type", "send").put("id", "s1").put("chatId", chat)
          .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", "across the gateways"));
      assertEquals("ack", ack.getString("type"), ack.encode());
      JsonObject event = boSocket.next(TestSocket.event(), 10).getJsonObject("event");
      assertEquals("across the gateways", event.getString("text"));
      assertEquals(ack.getLong("seq"), event.getLong("seq"));

      String member = Hazelcast.nodeId(system.vertx("gateway-1"));
      JsonObject located = ask(Addresses.PRESENCE_LOCATE,
          new JsonObject().put("userIds", new JsonArray().add(ada.userId()).add(bo.userId())));
      JsonObject locations = located.getJsonObject("locations");
      assertEquals(1, locations.getJsonArray(ada.userId()).size(), locations.encode());
      assertEquals(1, locations.getJsonArray(bo.userId()).size(), locations.encode());
      assertTrue(loopsOf(member, "gateway-1").contains(locations.getJsonArray(ada.userId()).getString(0)),
          locations.encode());
      assertTrue(loopsOf(member, "gateway-2").contains(locations.getJsonArray(bo.userId()).getString(0)),
          locations.encode());
    }
  }

  @Test
  void aGatewaySpreadsItsSocketsOverItsEventLoopsAndEachSocketGetsEachEventOnce() throws Exception {
    Pair pair = pair("fay", "gus");
    Session fay = pair.first();
    Session gus = pair.second();
    int devices = 3 * LOOPS;
    List<TestSocket> gusDevices = new ArrayList<>();
    try (TestSocket faySocket = TestSocket.authenticated(system.gatewayPort(2), fay.token())) {
      for (int i = 0; i < devices; i++) {
        gusDevices.add(TestSocket.authenticated(system.gatewayPort(1), gus.token()));
      }
      String member = Hazelcast.nodeId(system.vertx("gateway-1"));
      Set<String> expected = loopsOf(member, "gateway-1");
      Set<String> located = eventuallyLocated(gus.userId(), expected.size());
      assertEquals(expected, located, "gus's devices are held by every loop of gateway-1");

      List<Long> seqs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        JsonObject ack = faySocket.request(new JsonObject().put("type", "send").put("id", "m" + i)
            .put("chatId", pair.chat()).put("clientId", UUID.randomUUID().toString()).put("kind", "text")
            .put("text", "to every device " + i));
        assertEquals("ack", ack.getString("type"), ack.encode());
        seqs.add(ack.getLong("seq"));
      }
      for (TestSocket device : gusDevices) {
        for (long seq : seqs) {
          assertEquals(seq, device.next(TestSocket.event(), 10).getJsonObject("event").getLong("seq"));
        }
      }
      Thread.sleep(300);
      for (TestSocket device : gusDevices) {
        device.assertNoChatFrames(20, "each event reaches each device once");
      }
    } finally {
      gusDevices.forEach(TestSocket::close);
    }
  }

  /** The node ids of a gateway's loops: {@code member/gateway-1}, {@code member/gateway-1.1}, ... */
  private static Set<String> loopsOf(String member, String gateway) {
    Set<String> nodes = new TreeSet<>();
    for (int loop = 0; loop < LOOPS; loop++) {
      nodes.add(NodeSet.nodeId(member, loop == 0 ? gateway : gateway + "." + loop));
    }
    return nodes;
  }

  private static Set<String> eventuallyLocated(String userId, int nodes) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      JsonObject located = ask(Addresses.PRESENCE_LOCATE, new JsonObject().put("userIds", new JsonArray().add(userId)));
      Set<String> at = new TreeSet<>();
      located.getJsonObject("locations").getJsonArray(userId, new JsonArray()).forEach(n -> at.add((String) n));
      if (at.size() >= nodes || System.nanoTime() > deadline) {
        return at;
      }
      Thread.sleep(100);
    }
  }

  @Test
  void aStoppedGatewayTakesItsUsersOfflineAndAStartedOneDeliversAgain() throws Exception {
    Pair pair = pair("cy", "di");
    TestApi api = pair.api();
    Session cy = pair.first();
    Session di = pair.second();
    String chat = pair.chat();
    try (TestSocket cySocket = TestSocket.authenticated(system.gatewayPort(1), cy.token())) {
      TestSocket diSocket = TestSocket.authenticated(system.gatewayPort(2), di.token());
      try {
        eventually(api, cy, di.userId(), "online");
        system.stop("gateway-2");
        eventually(api, cy, di.userId(), "offline");
        assertEquals("online", status(api, di, cy.userId()), "cy's gateway still runs");
      } finally {
        diSocket.close();
        system.start("gateway-2");
      }
      try (TestSocket again = TestSocket.authenticated(system.gatewayPort(2), di.token())) {
        eventually(api, cy, di.userId(), "online");
        JsonObject ack = cySocket.request(new JsonObject().put("type", "send").put("id", "s2").put("chatId", chat)
            .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", "you are back"));
        assertEquals("ack", ack.getString("type"), ack.encode());
        assertEquals("you are back", again.next(TestSocket.event(), 10).getJsonObject("event").getString("text"));
      }
    }
  }

  @Test
  void aNodeGoneWhileItsMemberStaysIsDroppedFromItsUsers() throws Exception {
    TestApi api = new TestApi(system.gatewayPort(1));
    Org org = api.newOrg();
    Session ed = org.member("ed");
    String ghost = NodeSet.nodeId(Hazelcast.nodeId(system.vertx("presence")), "gateway-ghost");
    ask(Addresses.PRESENCE_CONNECT, new JsonObject().put("userId", ed.userId()).put("nodeId", ghost)
        .put("orgId", org.id()));
    eventually(api, org.admin(), ed.userId(), "online");
    JsonObject gone = ask(Addresses.PRESENCE_NODE_GONE, new JsonObject().put("nodeId", ghost));
    assertEquals(1, gone.getInteger("offline"), gone.encode());
    eventually(api, org.admin(), ed.userId(), "offline");
  }

  /** Two members of a new org and their direct chat, through gateway-1's API. */
  private record Pair(TestApi api, Session first, Session second, String chat) {}

  private static Pair pair(String first, String second) throws Exception {
    TestApi api = new TestApi(system.gatewayPort(1));
    Org org = api.newOrg();
    Session a = org.member(first);
    Session b = org.member(second);
    String chat = api.post("/api/v1/chats", a.token(), TestApi.directChat(b.userId())).json().getString("id");
    return new Pair(api, a, b, chat);
  }

  private static JsonObject ask(String address, JsonObject body) throws Exception {
    return system.vertx("gateway-1").eventBus().<JsonObject>request(address, body)
        .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS).body();
  }

  private static String status(TestApi api, Session asker, String userId) throws Exception {
    return api.get("/api/v1/presence/" + userId, asker.token()).json().getString("status");
  }

  private static void eventually(TestApi api, Session asker, String userId, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String last = status(api, asker, userId);
    while (!status.equals(last)) {
      assertTrue(System.nanoTime() < deadline, userId + " is " + last + ", not " + status + ", after 10 s");
      Thread.sleep(100);
      last = status(api, asker, userId);
    }
  }
}
