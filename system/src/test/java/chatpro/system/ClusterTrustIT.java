package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.bus.CallerSeals;
import chatpro.common.cluster.ClusteredVertx;
import chatpro.common.config.ChatproConfig;
import chatpro.common.error.ChatproException;
import chatpro.devstack.ClusterCredentials;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No trust inside the cluster beyond what is proven: a process on the cluster network without the cluster's
 * certificate can join Hazelcast (its open-source edition authenticates no member) but can neither send nor receive
 * an event-bus message; and a certified process that writes a caller into a body, or an operator action, without
 * the cluster secret's seal is refused by the service itself.
 */
@ExtendWith(ChatproExtension.class)
class ClusterTrustIT {
  private static final DeliveryOptions SHORT = new DeliveryOptions().setSendTimeout(3_000);

  @Test
  void aProcessWithoutAnyCertificateCanNeitherSendNorReceive() throws Exception {
    Vertx rogue = await(Vertx.builder().with(new VertxOptions().setEventBusOptions(new EventBusOptions()
            .setHost("127.0.0.1").setClusterPublicHost("127.0.0.1")))
        .withClusterManager(new HazelcastClusterManager(ClusteredVertx.hazelcastConfig(rogueConfig(Map.of())
            .cluster())))
        .buildClustered());
    neitherSendsNorReceives(rogue);
  }

  @Test
  void aProcessWithACertificateOfAnotherCaCanNeitherSendNorReceive() throws Exception {
    // It even holds the cluster secret and trusts the cluster's CA: only its own certificate is wrong.
    Path dir = Files.createTempDirectory("rogue-cert");
    ClusterCredentials.createUntrusted(dir, "rogue");
    Vertx rogue = await(ClusteredVertx.start(rogueConfig(Map.of(
        "CHATPRO_CLUSTER_TLS_CERT", dir.resolve("rogue.crt").toString(),
        "CHATPRO_CLUSTER_TLS_KEY", dir.resolve("rogue.key").toString())).cluster()));
    neitherSendsNorReceives(rogue);
  }

  @Test
  void aCallerWrittenIntoABodyIsRefused() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session bob = org.member("bob");
    Vertx member = ChatproExtension.system().vertx("media");
    CallerSeals seals = CallerSeals.of(member);
    Caller asBob = new Caller(bob.userId(), org.id(), List.of("member"), null);
    JsonObject askAdmin = new JsonObject().put("userId", org.admin().userId());

    // the control: sealed with the cluster secret, the same question is answered
    JsonObject answered = await(member.eventBus().<JsonObject>request(Addresses.USER_GET,
        askAdmin.copy().put("caller", seals.seal(asBob).toJson()))).body();
    assertEquals(org.admin().userId(), answered.getString("id"), answered.encode());

    assertEquals("unauthorized", refusal(member, Addresses.USER_GET, askAdmin.copy().put("caller", asBob.toJson())),
        "a caller without a seal");
    CallerSeals otherSecret = new CallerSeals("another cluster's secret, long enough to be one");
    assertEquals("unauthorized", refusal(member, Addresses.USER_GET,
        askAdmin.copy().put("caller", otherSecret.seal(asBob).toJson())), "a seal made with another secret");
    JsonObject promoted = seals.seal(asBob).toJson().put("roles", new JsonArray().add("admin"));
    assertEquals("unauthorized", refusal(member, Addresses.USER_SET_ACTIVE, new JsonObject().put("caller", promoted)
        .put("userId", org.admin().userId()).put("active", false)), "a sealed caller given another role");
    JsonObject elsewhere = seals.seal(asBob).toJson().put("orgId", UUID.randomUUID().toString());
    assertEquals("unauthorized", refusal(member, Addresses.USER_GET, askAdmin.copy().put("caller", elsewhere)),
        "a sealed caller moved to another org");
    CallerSeals earlier = new CallerSeals(ChatproExtension.system().config("media").cluster().secret(),
        Clock.fixed(Instant.now().minus(CallerSeals.LIFETIME).minusSeconds(5), ZoneOffset.UTC));
    assertEquals("unauthorized", refusal(member, Addresses.USER_GET,
        askAdmin.copy().put("caller", earlier.seal(asBob).toJson())), "an expired seal");
    assertEquals("unauthorized", refusal(member, Addresses.USER_GET,
        askAdmin.copy().put("caller", "not an object")), "a caller that is not an object");

    // a send batch carries a caller per send: each is checked, and a forged one stores nothing
    JsonObject chat = api.post("/api/v1/chats", org.admin().token(), TestApi.directChat(bob.userId())).json();
    JsonObject forgedSend = new JsonObject().put("caller", asBob.toJson()).put("chatId", chat.getString("id"))
        .put("message", new JsonObject().put("clientId", "forged-1").put("kind", "text").put("text", "not from bob"));
    JsonObject results = await(member.eventBus().<JsonObject>request(Addresses.MESSAGE_SEND_BATCH,
        new JsonObject().put("requests", new JsonArray().add(forgedSend)))).body();
    assertEquals("unauthorized", ChatproException.decode(results.getJsonArray("results").getJsonObject(0)
        .getString("failure")).code().code(), results.encode());
    TestApi.Answer history = api.get("/api/v1/chats/" + chat.getString("id") + "/events?after=0", bob.token());
    assertEquals(200, history.status(), history.body());
    assertTrue(!history.body().contains("not from bob") && !history.body().contains("forged-1"), history.body());

    // operator actions: the gateway's operator seal, not a body, lets them happen
    JsonObject newOrg = new JsonObject().put("slug", "forged-" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", "Forged").put("admin", new JsonObject().put("username", "admin").put("displayName", "Admin")
            .put("password", "correct horse battery"));
    assertEquals("unauthorized", refusal(member, Addresses.ORG_CREATE, newOrg.copy()), "an org without the seal");
    assertEquals("unauthorized", refusal(member, Addresses.ORG_CREATE,
        newOrg.copy().put("caller", seals.seal(asBob).toJson())), "an org asked for by a person");
    assertEquals("unauthorized", refusal(member, Addresses.ORG_CREATE,
        otherSecret.asOperator(newOrg.copy())), "an operator seal of another secret");
    assertEquals("unauthorized", refusal(member, Addresses.KEYS_ROTATE, new JsonObject()), "a key rotation");
    assertEquals("unauthorized", refusal(member, Addresses.RETENTION_SWEEP_NOW, new JsonObject()), "a sweep");
    api.login(org.slug(), "admin", "correct horse battery");
  }

  /**
   * The rogue has joined Hazelcast: it registers a consumer and sends to one of a certified member. Nothing reaches
   * either, while two certified members talk to each other as always; and the rogue leaves the system healthy.
   */
  private static void neitherSendsNorReceives(Vertx rogue) throws Exception {
    Vertx gateway = ChatproExtension.system().vertx("gateway-1");
    Vertx media = ChatproExtension.system().vertx("media");
    String trustedAddress = "chatpro.test.trusted." + UUID.randomUUID();
    String rogueAddress = "chatpro.test.rogue." + UUID.randomUUID();
    AtomicInteger trustedGot = new AtomicInteger();
    AtomicInteger rogueGot = new AtomicInteger();
    MessageConsumer<JsonObject> trusted = gateway.eventBus().consumer(trustedAddress, m -> {
      trustedGot.incrementAndGet();
      m.reply(new JsonObject().put("ok", true));
    });
    try {
      await(trusted.completion());
      await(rogue.eventBus().<JsonObject>consumer(rogueAddress, m -> {
        rogueGot.incrementAndGet();
        m.reply(new JsonObject().put("ok", true));
      }).completion());

      assertEquals(true, await(media.eventBus().<JsonObject>request(trustedAddress, new JsonObject(), SHORT)).body()
          .getBoolean("ok"), "certified members talk as always");
      assertEquals(1, trustedGot.get());

      Throwable sent = failure(rogue.eventBus().request(trustedAddress, new JsonObject(), SHORT));
      assertNoAnswer(sent, "the rogue's message to a certified member");
      assertEquals(1, trustedGot.get(), "nothing the rogue sent arrived");
      Throwable asked = failure(rogue.eventBus().request(Addresses.USER_GET,
          new JsonObject().put("userId", UUID.randomUUID().toString()), SHORT));
      assertNoAnswer(asked, "the rogue's question to directory-service (not even a refusal comes back)");

      Throwable toRogue = failure(media.eventBus().request(rogueAddress, new JsonObject().put("password", "secret"),
          SHORT));
      assertTrue(toRogue instanceof ReplyException, String.valueOf(toRogue));
      assertEquals(0, rogueGot.get(), "nothing a certified member sent reached the rogue");
    } finally {
      await(trusted.unregister());
      await(rogue.close());
    }
    Org org = ChatproExtension.api(1).newOrg();
    assertEquals(200, ChatproExtension.api(2).get("/api/v1/me", org.admin().token()).status(),
        "the system is healthy once the rogue has gone");
  }

  private static void assertNoAnswer(Throwable failure, String what) {
    ReplyException reply = assertInstanceOf(ReplyException.class, failure, what + ": " + failure);
    assertTrue(reply.failureType() == ReplyFailure.TIMEOUT || reply.failureType() == ReplyFailure.NO_HANDLERS,
        what + " was answered: " + reply.failureType() + " " + reply.getMessage());
  }

  /** The settings a rogue process would copy from a member: the cluster's name, members and secret. */
  private static ChatproConfig rogueConfig(Map<String, String> overrides) throws Exception {
    Map<String, String> env = new HashMap<>(ChatproExtension.system().sharedSettings());
    env.put("CHATPRO_NODE_NAME", "rogue");
    env.put("CHATPRO_CLUSTER_PORT", Integer.toString(LocalSystem.freePort()));
    env.putAll(overrides);
    return ChatproConfig.from(env);
  }

  private static String refusal(Vertx member, String address, JsonObject body) throws Exception {
    Throwable failure = failure(member.eventBus().request(address, body, SHORT));
    return ChatproException.from(failure).code().code();
  }

  private static Throwable failure(Future<?> future) throws Exception {
    return await(future.transform(r -> r.succeeded()
        ? Future.failedFuture(new AssertionError("expected a failure, got " + r.result()))
        : Future.succeededFuture(r.cause())));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
