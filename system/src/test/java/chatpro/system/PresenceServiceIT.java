package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.bus.CallerSeals;
import chatpro.common.cluster.Hazelcast;
import chatpro.common.error.ChatproException;
import chatpro.common.kafka.Topics;
import chatpro.common.presence.OffDuty;
import chatpro.common.presence.OffDutyView;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * presence-service's event-bus API from another cluster member, as the gateway calls it: schedules, the off-duty
 * switch and the cluster's off-duty map, org defaults, presence with last seen, the Kafka record of a change,
 * presence frames to contacts, and a gateway node's death taking its users offline.
 */
@ExtendWith(ChatproExtension.class)
class PresenceServiceIT {
  /** Every day a whole-day window: on duty at all times, unless on leave. */
  static JsonObject alwaysWorking() {
    JsonArray hours = new JsonArray();
    for (String day : List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")) {
      hours.add(new JsonObject().put("day", day).put("start", "00:00").put("end", "00:00"));
    }
    return new JsonObject().put("timezone", "UTC").put("workingHours", hours).put("leave", new JsonArray());
  }

  /** On leave from yesterday to tomorrow (UTC): off duty now, whatever the time, back at the midnight after. */
  static JsonObject onLeaveAroundToday() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return alwaysWorking().put("leave", new JsonArray().add(new JsonObject()
        .put("from", today.minusDays(1).toString()).put("to", today.plusDays(1).toString())));
  }

  static Instant backAfterLeave() {
    return LocalDate.now(ZoneOffset.UTC).plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  static Vertx bus() throws Exception {
    return ChatproExtension.system().vertx("directory");
  }

  /** The caller as the gateway would send it: sealed with this Vert.x instance's cluster secret. */
  static JsonObject caller(Org org, Session who, String... roles) throws Exception {
    return CallerSeals.of(bus()).seal(new Caller(who.userId(), org.id(), List.of(roles), null)).toJson();
  }

  static JsonObject ask(String address, JsonObject body) throws Exception {
    return bus().eventBus().<JsonObject>request(address, body).map(m -> m.body())
        .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  /** The failure's protocol code ("bad_request", ...), or fails the test if the request succeeded. */
  static String refusal(String address, JsonObject body) throws Exception {
    Throwable failure = bus().eventBus().<JsonObject>request(address, body)
        .transform(r -> io.vertx.core.Future.succeededFuture(r.failed() ? r.cause() : null))
        .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    assertNotNull(failure, "expected " + address + " to refuse");
    return ChatproException.from(failure).code().code();
  }

  static JsonObject presence(Org org, Session asker, String userId) throws Exception {
    return ask(Addresses.PRESENCE_GET, new JsonObject().put("caller", caller(org, asker)).put("userId", userId));
  }

  static Long offDutyMapValue(String userId) throws Exception {
    return OffDuty.untilMillis(Hazelcast.of(bus()), userId);
  }

  static void eventually(Duration within, String what, Supplier<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + within.toSeconds() + " s");
      }
      Thread.sleep(100);
    }
  }

  static boolean statusIs(Org org, Session asker, String userId, String status) {
    try {
      return status.equals(presence(org, asker, userId).getString("status"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static boolean mapHas(String userId, boolean present) {
    try {
      return (offDutyMapValue(userId) != null) == present;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void scheduleIsSavedReadBackRefusedWhenBadAndRemovedWhenEmpty() throws Exception {
    Org org = ChatproExtension.api(1).newOrg();
    Session ann = org.member("ann");
    JsonObject me = caller(org, ann);

    assertEquals(new JsonObject().put("workingHours", new JsonArray()).put("leave", new JsonArray()),
        ask(Addresses.PRESENCE_SCHEDULE_GET, new JsonObject().put("caller", me)));
    JsonObject saved = ask(Addresses.PRESENCE_SCHEDULE_PUT, new JsonObject().put("caller", me)
        .put("schedule", alwaysWorking()));
    assertEquals(alwaysWorking(), saved);
    assertEquals(alwaysWorking(), ask(Addresses.PRESENCE_SCHEDULE_GET, new JsonObject().put("caller", me)));

    JsonObject bad = alwaysWorking().put("timezone", "+02:00");
    assertEquals("bad_request", refusal(Addresses.PRESENCE_SCHEDULE_PUT, new JsonObject().put("caller", me)
        .put("schedule", bad)));
    assertEquals("bad_request", refusal(Addresses.PRESENCE_SCHEDULE_PUT, new JsonObject().put("caller", me)
        .put("schedule", "weekdays")));

    JsonObject empty = new JsonObject().put("workingHours", new JsonArray()).put("leave", new JsonArray());
    assertEquals(empty, ask(Addresses.PRESENCE_SCHEDULE_PUT, new JsonObject().put("caller", me)
        .put("schedule", new JsonObject().put("workingHours", new JsonArray()))));
    assertEquals(empty, ask(Addresses.PRESENCE_SCHEDULE_GET, new JsonObject().put("caller", me)));
  }

  @Test
  void ownScheduleOnLeaveIsInEffectWhenAnsweredAndSavingAgainClearsTheOverride() throws Exception {
    Org org = ChatproExtension.api(1).newOrg();
    Session bea = org.member("bea");
    JsonObject me = caller(org, bea);

    ask(Addresses.PRESENCE_SCHEDULE_PUT, new JsonObject().put("caller", me).put("schedule", onLeaveAroundToday()));
    JsonObject p = presence(org, org.admin(), bea.userId());
    assertEquals("off_duty", p.getString("status"));
    assertEquals(backAfterLeave().toString(), p.getString("offDutyUntil"));
    assertEquals(backAfterLeave().toEpochMilli(), offDutyMapValue(bea.userId()));

    // Back on by hand, then saving the same schedule clears that back-on: off duty again.
    assertEquals(new JsonObject(), ask(Addresses.PRESENCE_OFF_DUTY_CLEAR, new JsonObject().put("caller", me)));
    assertEquals("offline", presence(org, org.admin(), bea.userId()).getString("status"));
    assertNull(offDutyMapValue(bea.userId()));
    ask(Addresses.PRESENCE_SCHEDULE_PUT, new JsonObject().put("caller", me).put("schedule", onLeaveAroundToday()));
    assertEquals("off_duty", presence(org, org.admin(), bea.userId()).getString("status"));
  }

  @Test
  void anOffDutySwitchIsInEveryReadersCopyWhenItIsAnswered() throws Exception {
    Org org = ChatproExtension.api(1).newOrg();
    Session cy = org.member("cy");
    JsonObject me = caller(org, cy);
    // A reader as gateways and message-service have one, on a member other than presence-service's: what it holds
    // is read in the answer's own callback, before anything else can happen on that member's event loop.
    Vertx gateway = ChatproExtension.system().vertx("gateway-2");
    OffDutyView reader = new OffDutyView().start(gateway, Hazelcast.of(gateway), user -> { })
        .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    try {
      // Before the answer waited, a copy lagging the answer showed within some twenty rounds on this machine.
      for (int round = 0; round < 30; round++) {
        Instant until = Instant.now().plus(2, ChronoUnit.HOURS).plusSeconds(round).truncatedTo(ChronoUnit.SECONDS);
        Long held = gateway.eventBus().<JsonObject>request(Addresses.PRESENCE_OFF_DUTY_SET, new JsonObject()
                .put("caller", me).put("until", until.toString()))
            .map(answer -> reader.until(cy.userId()))
            .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertEquals(until.toEpochMilli(), held, "off duty in the reader's copy when answered, round " + round);
        Boolean stillOff = gateway.eventBus().<JsonObject>request(Addresses.PRESENCE_OFF_DUTY_CLEAR,
                new JsonObject().put("caller", me))
            .map(answer -> reader.isOffDuty(cy.userId()))
            .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertFalse(stillOff, "back on in the reader's copy when answered, round " + round);
      }
    } finally {
      reader.stop(gateway).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }
  }

  /**
   * A reader left behind on a node that stopped (its Vert.x closed without stopping the reader, as a test system in
   * the same JVM leaves its readers) holds up no answer: only the live members of this cluster are asked, each about
   * its own readers.
   */
  @Test
  void aReaderLeftOnAStoppedNodeDoesNotHoldUpTheAnswer() throws Exception {
    Org org = ChatproExtension.api(1).newOrg();
    Session di = org.member("di");
    JsonObject me = caller(org, di);
    LocalSystem system = ChatproExtension.system();
    Vertx gateway = system.vertx("gateway-2");
    new OffDutyView().start(gateway, Hazelcast.of(gateway), user -> { })
        .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    system.stop("gateway-2");
    system.start("gateway-2");
    for (int round = 0; round < 3; round++) {
      Instant until = Instant.now().plus(2, ChronoUnit.HOURS).plusSeconds(round).truncatedTo(ChronoUnit.SECONDS);
      long start = System.nanoTime();
      ask(Addresses.PRESENCE_OFF_DUTY_SET, new JsonObject().put("caller", me).put("until", until.toString()));
      ask(Addresses.PRESENCE_OFF_DUTY_CLEAR, new JsonObject().put("caller", me));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < OffDuty.SEEN_WAIT_MS, "two answers without waiting out a reader that is gone: " + millis
          + " ms, round " + round);
    }
  }

  @Test
  void offDutyPutsThePersonInTheMapAndClearTakesThemOut() throws Exception {
    Org org = ChatproExtension.api(1).newOrg();
    Session cy = org.member("cy");
    JsonObject me = caller(org, cy);
    Instant until = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    JsonObject answer = ask(Addresses.PRESENCE_OFF_DUTY_SET, new JsonObject().put("caller", me)
        .put("until", until.toString()));
    assertEquals(new JsonObject().put("status", "off_duty").put("offDutyUntil", until.toString()), answer);
    // The answer waits for the readers of every member; this member (directory's) has none, so its copy may lag.
    eventually(Duration.ofSeconds(2), "the off-duty map holding cy", () -> mapHas(cy.userId(), true));
    assertEquals(until.toEpochMilli(), offDutyMapValue(cy.userId()));
    JsonObject p = presence(org, org.admin(), cy.userId());
    assertEquals("off_duty", p.getString("status"));
    assertEquals(until.toString(), p.getString("offDutyUntil"));
    assertFalse(p.containsKey("lastSeen"));

    assertEquals(new JsonObject(), ask(Addresses.PRESENCE_OFF_DUTY_CLEAR, new JsonObject().put("caller", me)));
    eventually(Duration.ofSeconds(2), "the off-duty map dropping cy", () -> mapHas(cy.userId(), false));
    assertEquals("offline", presence(org, org.admin(), cy.userId()).getString("status"));

    assertEquals("bad_request", refusal(Addresses.PRESENCE_OFF_DUTY_SET, new JsonObject().put("caller", me)
        .put("until", Instant.now().minusSeconds(60).toString())));
    assertEquals("bad_request", refusal(Addresses.PRESENCE_OFF_DUTY_SET, new JsonObject().put("caller", me)
        .put("until", Instant.now().plus(31, ChronoUnit.DAYS).toString())));
    assertEquals("bad_request", refusal(Addresses.PRESENCE_OFF_DUTY_SET, new JsonObject().put("caller", me)));
  }

  @Test
  void orgDefaultAppliesToPeopleWithoutTheirOwnAndOnlyAdminsSetIt() throws Exception {
    Org org = ChatproExtension.api(1).newOrg();
    Session dan = org.member("dan");
    Session eve = org.member("eve");
    ask(Addresses.PRESENCE_SCHEDULE_PUT, new JsonObject().put("caller", caller(org, eve))
        .put("schedule", alwaysWorking()));

    // The token's roles say admin, but directory says dan is a member: refused.
    assertEquals("forbidden", refusal(Addresses.PRESENCE_ORG_SCHEDULE_PUT, new JsonObject()
        .put("caller", caller(org, dan, "admin")).put("schedule", onLeaveAroundToday())));
    JsonObject admin = caller(org, org.admin(), "admin");
    assertEquals(onLeaveAroundToday(), ask(Addresses.PRESENCE_ORG_SCHEDULE_PUT, new JsonObject().put("caller", admin)
        .put("schedule", onLeaveAroundToday())));
    assertEquals(onLeaveAroundToday(), ask(Addresses.PRESENCE_ORG_SCHEDULE_GET,
        new JsonObject().put("caller", caller(org, dan))));

    eventually(Duration.ofSeconds(5), "dan off duty by the org default",
        () -> statusIs(org, eve, dan.userId(), "off_duty"));
    assertEquals(backAfterLeave().toString(), presence(org, eve, dan.userId()).getString("offDutyUntil"));
    assertEquals("offline", presence(org, dan, eve.userId()).getString("status"));
    assertNull(offDutyMapValue(eve.userId()));

    ask(Addresses.PRESENCE_ORG_SCHEDULE_PUT, new JsonObject().put("caller", admin)
        .put("schedule", new JsonObject().put("workingHours", new JsonArray())));
    eventually(Duration.ofSeconds(5), "dan back on duty", () -> statusIs(org, eve, dan.userId(), "offline"));
    eventually(Duration.ofSeconds(2), "the off-duty map dropping dan", () -> mapHas(dan.userId(), false));
  }

  @Test
  void presenceOfAnotherOrgsUserIsNotFound() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org mine = api.newOrg();
    Org theirs = api.newOrg();
    Session stranger = theirs.member("fay");
    assertEquals("not_found", refusal(Addresses.PRESENCE_GET, new JsonObject()
        .put("caller", caller(mine, mine.admin())).put("userId", stranger.userId())));
  }

  @Test
  void aChangeIsRecordedOnceInKafka() throws Exception {
    Org org = ChatproExtension.api(1).newOrg();
    Session gus = org.member("gus");
    Instant until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    ask(Addresses.PRESENCE_OFF_DUTY_SET, new JsonObject().put("caller", caller(org, gus))
        .put("until", until.toString()));

    List<TestKafka.Record> records = TestKafka.read(Topics.PRESENCE,
        v -> gus.userId().equals(v.getJsonObject("data").getString("userId")), 1);
    assertEquals(1, records.size());
    JsonObject record = records.get(0).value();
    assertEquals(gus.userId(), records.get(0).key());
    assertEquals("chatpro.presence.changed", record.getString("type"));
    assertEquals("chatpro/" + org.id(), record.getString("source"));
    assertEquals("off_duty", record.getJsonObject("data").getString("status"));
    assertEquals(until.toString(), record.getJsonObject("data").getString("offDutyUntil"));
    assertNotNull(record.getJsonObject("data").getString("at"));
  }

  @Test
  void contactsOnlineGetAPresenceFrame() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session hal = org.member("hal");
    Session ivy = org.member("ivy");
    assertEquals(201, api.post("/api/v1/chats", hal.token(), TestApi.directChat(ivy.userId())).status());
    try (TestSocket ivySocket = TestSocket.authenticated(ChatproExtension.api(2).port(), ivy.token())) {
      eventually(Duration.ofSeconds(10), "ivy online", () -> statusIs(org, hal, ivy.userId(), "online"));
      Instant until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
      ask(Addresses.PRESENCE_OFF_DUTY_SET, new JsonObject().put("caller", caller(org, hal))
          .put("until", until.toString()));
      JsonObject frame = ivySocket.next(f -> "presence".equals(f.getString("type"))
          && hal.userId().equals(f.getString("userId")), 10);
      assertEquals(new JsonObject().put("type", "presence").put("userId", hal.userId()).put("status", "off_duty")
          .put("offDutyUntil", until.toString()), frame);
    }
  }

  @Test
  void aGatewayNodesDeathTakesItsUsersOfflineWithLastSeen() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session jo = org.member("jo");
    LocalSystem system = ChatproExtension.system();
    TestSocket socket = TestSocket.authenticated(system.gatewayPort(2), jo.token());
    try {
      eventually(Duration.ofSeconds(10), "jo online", () -> statusIs(org, org.admin(), jo.userId(), "online"));
      assertFalse(presence(org, org.admin(), jo.userId()).containsKey("lastSeen"));
      // Published before the node goes (a connection shorter than the offline delay would publish nothing).
      assertEquals(1, TestKafka.read(Topics.PRESENCE, v -> jo.userId().equals(v.getJsonObject("data")
          .getString("userId")) && "online".equals(v.getJsonObject("data").getString("status")), 1).size());
      system.stop("gateway-2");
      long stopped = System.nanoTime();
      eventually(Duration.ofSeconds(10), "jo offline", () -> statusIs(org, org.admin(), jo.userId(), "offline"));
      assertTrue(System.nanoTime() - stopped < Duration.ofSeconds(10).toNanos());
      eventually(Duration.ofSeconds(5), "jo's last seen",
          () -> {
            try {
              return presence(org, org.admin(), jo.userId()).containsKey("lastSeen");
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
      // Online, then offline: exactly two records, nothing repeated.
      List<TestKafka.Record> records = TestKafka.read(Topics.PRESENCE,
          v -> jo.userId().equals(v.getJsonObject("data").getString("userId")), 2);
      assertEquals(List.of("online", "offline"), records.stream()
          .map(r -> r.value().getJsonObject("data").getString("status")).toList());

      // An org that hides last seen shows it to the person only.
      assertEquals(200, api.patch("/api/v1/orgs/me", org.admin().token(),
          new JsonObject().put("settings", new JsonObject().put("hideLastSeen", true))).status());
      assertFalse(presence(org, org.admin(), jo.userId()).containsKey("lastSeen"));
      assertTrue(presence(org, jo, jo.userId()).containsKey("lastSeen"));
    } finally {
      socket.close();
      system.start("gateway-2");
    }
  }
}
