package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Presence and the off-duty timer through the public API, across two gateway nodes. */
@ExtendWith(ChatproExtension.class)
class OffDutyIT {

  @Test
  void offDutyHoldsEventsBackAndReleasesThemInOrderWhenBackOnDuty() throws Exception {
    TestApi one = ChatproExtension.api(1);
    TestApi two = ChatproExtension.api(2);
    Org org = one.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = one.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    String until = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();

    try (TestSocket benOnTwo = TestSocket.authenticated(two.port(), ben.token());
         TestSocket benOnOne = TestSocket.authenticated(one.port(), ben.token())) {
      send(one, ana, chat, "before", "m0");
      assertEquals(1L, benOnTwo.next(TestSocket.event(), 10).getJsonObject("event").getLong("seq"));
      assertEquals(1L, benOnOne.next(TestSocket.event(), 10).getJsonObject("event").getLong("seq"));

      Answer off = one.post("/api/v1/me/off-duty", ben.token(), new JsonObject().put("until", until));
      assertEquals(200, off.status(), off.body());
      assertEquals("off_duty", off.json().getString("status"));
      assertEquals(until, off.json().getString("offDutyUntil"));

      Answer sent = send(one, ana, chat, "after hours", "m1");
      JsonArray notice = sent.json().getJsonArray("offDuty");
      assertEquals(ben.userId(), notice.getJsonObject(0).getString("userId"), sent.body());
      assertEquals(until, notice.getJsonObject(0).getString("until"));
      send(one, ana, chat, "still after hours", "m2");
      assertEquals("off_duty", one.get("/api/v1/presence/" + ben.userId(), ana.token()).json().getString("status"));
      benOnTwo.assertNoChatFrames(1000, "an off-duty device gets no live event");
      benOnOne.assertNoChatFrames(200, "nor its other device");

      benOnOne.send(new JsonObject().put("type", "open"));
      assertEquals(List.of(2L, 3L), seqs(benOnOne, 2), "open pushes what was held, in order");
      send(one, ana, chat, "while looking", "m3");
      assertEquals(4L, benOnOne.next(TestSocket.event(), 10).getJsonObject("event").getLong("seq"));
      benOnTwo.assertNoChatFrames(500, "the other device stays quiet");

      assertEquals(204, two.call("DELETE", "/api/v1/me/off-duty", ben.token(), null).status());
      assertEquals(List.of(2L, 3L, 4L), seqs(benOnTwo, 3), "back on duty: everything held, in order");
      send(one, ana, chat, "good morning", "m4");
      assertEquals(5L, benOnTwo.next(TestSocket.event(), 10).getJsonObject("event").getLong("seq"));
      assertEquals(5L, benOnOne.next(TestSocket.event(), 10).getJsonObject("event").getLong("seq"));
      JsonObject presence = one.get("/api/v1/presence/" + ben.userId(), ana.token()).json();
      assertEquals("online", presence.getString("status"));
    }
  }

  @Test
  void everyOffDutyChangeIsInEffectForDeliveryWhenItIsAnswered() throws Exception {
    TestApi one = ChatproExtension.api(1);
    TestApi two = ChatproExtension.api(2);
    Org org = one.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = one.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    String until = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    // A half-hour working window twelve hours from now: off duty by schedule as soon as it is saved.
    java.time.ZonedDateTime later = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(12);
    JsonObject elsewhen = new JsonObject().put("timezone", "UTC").put("workingHours", new JsonArray()
        .add(new JsonObject().put("day", later.getDayOfWeek().name().substring(0, 3))
            .put("start", String.format("%02d:00", later.getHour()))
            .put("end", String.format("%02d:30", later.getHour()))));
    JsonObject noSchedule = new JsonObject().put("workingHours", new JsonArray());
    long seq = 0;
    try (TestSocket benSocket = TestSocket.authenticated(two.port(), ben.token())) {
      for (int round = 0; round < 3; round++) {
        boolean bySchedule = round == 2;
        Answer off = bySchedule ? one.put("/api/v1/me/schedule", ben.token(), elsewhen)
            : one.post("/api/v1/me/off-duty", ben.token(), new JsonObject().put("until", until));
        assertEquals(200, off.status(), off.body());
        Answer held = send(one, ana, chat, "held " + round, "h" + round);
        JsonArray notice = held.json().getJsonArray("offDuty");
        assertTrue(notice != null && ben.userId().equals(notice.getJsonObject(0).getString("userId")),
            "the ack right after the answer says ben is off duty: " + held.body());
        assertTrue(notice.getJsonObject(0).containsKey("until"), held.body());
        benSocket.assertNoChatFrames(300, "held from the moment the change was answered");

        Answer back = bySchedule ? one.put("/api/v1/me/schedule", ben.token(), noSchedule)
            : one.call("DELETE", "/api/v1/me/off-duty", ben.token(), null);
        assertEquals(bySchedule ? 200 : 204, back.status(), back.body());
        Answer live = send(one, ana, chat, "live " + round, "l" + round);
        assertTrue(!live.json().containsKey("offDuty"), "back on when answered: " + live.body());
        assertEquals(List.of(seq + 1, seq + 2), seqs(benSocket, 2), "the held one, then the live one, in order");
        seq += 2;
      }
    }
  }

  @Test
  void offDutyUntilIsToldEverywhereEvenPastLeaveLongerThanAYear() throws Exception {
    TestApi one = ChatproExtension.api(1);
    Org org = one.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = one.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    JsonArray everyDay = new JsonArray();
    for (String day : List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")) {
      everyDay.add(new JsonObject().put("day", day).put("start", "09:00").put("end", "17:00"));
    }
    // Two touching leave ranges of a year each: longer than any single range, so longer than the search used to be.
    JsonObject sabbatical = new JsonObject().put("timezone", "UTC").put("workingHours", everyDay)
        .put("leave", new JsonArray()
            .add(new JsonObject().put("from", today.minusDays(1).toString()).put("to", today.plusDays(364).toString()))
            .add(new JsonObject().put("from", today.plusDays(365).toString())
                .put("to", today.plusDays(730).toString())));
    String back = today.plusDays(731) + "T09:00:00Z";
    Predicate<JsonObject> benOff = f -> "presence".equals(f.getString("type"))
        && ben.userId().equals(f.getString("userId")) && "off_duty".equals(f.getString("status"));
    try (TestSocket anaSocket = TestSocket.authenticated(one.port(), ana.token())) {
      assertEquals(200, one.put("/api/v1/me/schedule", ben.token(), sabbatical).status());
      JsonObject presence = one.get("/api/v1/presence/" + ben.userId(), ana.token()).json();
      assertEquals("off_duty", presence.getString("status"));
      assertEquals(back, presence.getString("offDutyUntil"), "presence: " + presence.encode());
      JsonArray notice = send(one, ana, chat, "see you in two years", "s1").json().getJsonArray("offDuty");
      assertEquals(back, notice.getJsonObject(0).getString("until"), "the ack: " + notice.encode());
      assertEquals(back, anaSocket.next(benOff, 10).getString("offDutyUntil"), "the presence frame");
    }
    List<TestKafka.Record> records = TestKafka.read("chatpro.presence.v1", r -> {
      JsonObject data = r.getJsonObject("data");
      return data != null && ben.userId().equals(data.getString("userId")) && "off_duty".equals(data.getString("status"));
    }, 1);
    assertEquals(1, records.size(), records.toString());
    assertEquals(back, records.get(0).value().getJsonObject("data").getString("offDutyUntil"), "the Kafka record");
  }

  @Test
  void readsOfAnOffDutyPersonArePassedOnOnlyWhenTheyAreBack() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    long seq = send(api, ana, chat, "the rota for next week", "r1").json().getLong("seq");
    String until = Instant.now().plus(1, ChronoUnit.HOURS).toString();
    assertEquals(200, api.post("/api/v1/me/off-duty", ben.token(), new JsonObject().put("until", until)).status());
    Predicate<JsonObject> readReceipt = f -> "receipt".equals(f.getString("type")) && f.containsKey("read");
    try (TestSocket anaSocket = TestSocket.authenticated(ChatproExtension.api(2).port(), ana.token());
         TestSocket benSocket = TestSocket.authenticated(api.port(), ben.token())) {
      benSocket.send(new JsonObject().put("type", "open"));
      benSocket.send(new JsonObject().put("type", "read").put("chatId", chat).put("seq", seq));
      for (JsonObject f = anaSocket.poll(1500); f != null; f = anaSocket.poll(300)) {
        assertTrue(!readReceipt.test(f), "no read receipt while ben is off duty: " + f);
      }
      assertEquals(List.of(seq, 0L), MessagingIT.cursors(api.get("/api/v1/chats/" + chat, ana.token()).json(),
          ben.userId()), "the held read is not in ben's cursor yet; it counted as received");
      assertEquals(204, api.call("DELETE", "/api/v1/me/off-duty", ben.token(), null).status());
      JsonObject receipt = anaSocket.next(readReceipt, 10);
      assertEquals(ben.userId(), receipt.getString("userId"));
      assertEquals(seq, receipt.getLong("read"));
    }
    assertEquals(List.of(seq, seq), MessagingIT.cursors(MessagingIT.chatIn(api.get("/api/v1/chats", ana.token())
        .json(), chat), ben.userId()), "passed on with the receipt");
  }

  @Test
  void urgentReachesOffDutyPeopleOnlyFromAllowedRolesAndIsRecorded() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session boss = org.admin();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String group = api.post("/api/v1/chats", boss.token(), new JsonObject().put("type", "group").put("name", "Ward 3")
        .put("members", new JsonArray().add(ana.userId()).add(ben.userId()))).json().getString("id");
    String until = Instant.now().plus(1, ChronoUnit.HOURS).toString();
    assertEquals(200, api.post("/api/v1/me/off-duty", ben.token(), new JsonObject().put("until", until)).status());
    try (TestSocket benSocket = TestSocket.authenticated(ChatproExtension.api(2).port(), ben.token())) {
      Answer refused = api.post("/api/v1/chats/" + group + "/messages", ana.token(), new JsonObject()
          .put("clientId", "u1").put("kind", "text").put("text", "come in now").put("urgent", true));
      assertEquals(403, refused.status(), "members may not send urgent messages by default");
      assertEquals("forbidden", refused.errorCode());
      send(api, ana, group, "ordinary", "n1");
      benSocket.assertNoChatFrames(800, "ordinary messages wait");

      Answer urgent = api.post("/api/v1/chats/" + group + "/messages", boss.token(), new JsonObject()
          .put("clientId", "u2").put("kind", "text").put("text", "fire alarm, ward 3").put("urgent", true));
      assertEquals(201, urgent.status(), urgent.body());
      List<JsonObject> got = new ArrayList<>();
      got.add(benSocket.next(TestSocket.event(), 10).getJsonObject("event"));
      got.add(benSocket.next(TestSocket.event(), 10).getJsonObject("event"));
      assertEquals(List.of(1L, 2L), got.stream().map(e -> e.getLong("seq")).toList(),
          "the urgent message arrives, after what came before it in that chat");
      assertTrue(got.get(1).getBoolean("urgent"));
    }
    JsonArray record = api.get("/api/v1/orgs/me/urgent-uses", boss.token()).json().getJsonArray("urgentUses");
    assertEquals(1, record.size(), record.encode());
    JsonObject use = record.getJsonObject(0);
    assertEquals(boss.userId(), use.getString("senderId"));
    assertEquals(group, use.getString("chatId"));
    assertEquals(new JsonArray().add(ben.userId()), use.getJsonArray("offDuty"));
    assertEquals(2, use.getJsonArray("recipients").size());
    assertEquals(403, api.get("/api/v1/orgs/me/urgent-uses", ana.token()).status());
  }

  @Test
  void presenceReachesOnlyPeopleWhoShareAChat() throws Exception {
    TestApi one = ChatproExtension.api(1);
    TestApi two = ChatproExtension.api(2);
    Org org = one.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cai = org.member("cai");
    one.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId()));
    try (TestSocket anaSocket = TestSocket.authenticated(one.port(), ana.token());
         TestSocket caiSocket = TestSocket.authenticated(one.port(), cai.token())) {
      Predicate<JsonObject> benPresence = f -> "presence".equals(f.getString("type"))
          && ben.userId().equals(f.getString("userId"));
      try (TestSocket benSocket = TestSocket.authenticated(two.port(), ben.token())) {
        assertEquals("online", anaSocket.next(benPresence, 10).getString("status"));
        assertEquals("online", one.get("/api/v1/presence/" + ben.userId(), cai.token()).json().getString("status"));
      }
      JsonObject offline = anaSocket.next(benPresence.and(f -> "offline".equals(f.getString("status"))), 15);
      assertEquals("offline", offline.getString("status"));
      JsonObject seen = one.get("/api/v1/presence/" + ben.userId(), ana.token()).json();
      assertEquals("offline", seen.getString("status"));
      assertTrue(seen.containsKey("lastSeen"));
      for (JsonObject f = caiSocket.poll(300); f != null; f = caiSocket.poll(100)) {
        assertTrue(!benPresence.test(f), "cai shares no chat with ben: " + f);
      }
      assertEquals(404, one.get("/api/v1/presence/" + ben.userId(), one.newOrg().member("xavier").token()).status());
    }
  }

  @Test
  void aPersonsOwnDevicesHearTheirDutyChange() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Session ben = api.newOrg().member("ben");
    Predicate<JsonObject> own = f -> "presence".equals(f.getString("type")) && ben.userId().equals(f.getString("userId"));
    try (TestSocket phone = TestSocket.authenticated(api.port(), ben.token())) {
      String until = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
      assertEquals(200, api.post("/api/v1/me/off-duty", ben.token(), new JsonObject().put("until", until)).status());
      JsonObject off = phone.next(own.and(f -> "off_duty".equals(f.getString("status"))), 10);
      assertEquals(until, off.getString("offDutyUntil"));
      assertEquals(204, api.call("DELETE", "/api/v1/me/off-duty", ben.token(), null).status());
      assertEquals("online", phone.next(own.and(f -> !"off_duty".equals(f.getString("status"))), 10).getString("status"));
    }
  }

  @Test
  void presenceOfManyPeopleIsOneAnswerWithTheSameSemanticsAsOne() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cai = org.member("cai");
    Session eve = org.member("eve");
    Session zed = api.newOrg().member("zed");
    String until = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    assertEquals(200, api.post("/api/v1/me/off-duty", cai.token(), new JsonObject().put("until", until)).status());
    TestSocket.authenticated(api.port(), eve.token()).close();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!api.get("/api/v1/presence/" + eve.userId(), ana.token()).json().containsKey("lastSeen")
        && System.nanoTime() < deadline && sleep(100)) {
      // eve's socket is closing
    }
    String ids = String.join(",", ben.userId(), zed.userId(), cai.userId(), java.util.UUID.randomUUID().toString(),
        eve.userId(), ana.userId());
    try (TestSocket benSocket = TestSocket.authenticated(ChatproExtension.api(1).port(), ben.token())) {
      JsonArray many = presence(api, ana, ids);
      assertEquals(List.of(ben.userId(), cai.userId(), eve.userId(), ana.userId()),
          many.stream().map(p -> ((JsonObject) p).getString("userId")).toList(), "the org's people, in order");
      assertEquals(List.of("online", "off_duty", "offline", "offline"),
          many.stream().map(p -> ((JsonObject) p).getString("status")).toList());
      assertEquals(until, many.getJsonObject(1).getString("offDutyUntil"));
      assertTrue(many.getJsonObject(2).containsKey("lastSeen"), many.encode());
      for (Object one : many) {
        String id = ((JsonObject) one).getString("userId");
        assertEquals(api.get("/api/v1/presence/" + id, ana.token()).json(), one, "as GET /presence/" + id);
      }
      assertEquals(new JsonArray(), presence(api, zed, ids.replace(zed.userId() + ",", "")), "never another org's");
      assertEquals(new JsonArray(), presence(api, ana, ""));
    }
    assertEquals(200, api.patch("/api/v1/orgs/me", org.admin().token(), new JsonObject()
        .put("settings", new JsonObject().put("hideLastSeen", true))).status());
    assertTrue(!presence(api, ana, eve.userId()).getJsonObject(0).containsKey("lastSeen"), "the org hides it");
    assertTrue(presence(api, eve, eve.userId()).getJsonObject(0).containsKey("lastSeen"), "but not from eve herself");

    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(java.util.UUID.randomUUID().toString());
    }
    for (String bad : List.of("?ids=" + String.join(",", tooMany), "?ids=" + ana.userId() + ",me", "")) {
      Answer refused = api.get("/api/v1/presence" + bad, ana.token());
      assertEquals(400, refused.status(), bad + ": " + refused.body());
      assertEquals("bad_request", refused.errorCode());
    }
  }

  @Test
  void anOrgHidingLastSeenPublishesNoOnlineOrOfflineTimesToKafka() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org hiding = api.newOrg();
    assertEquals(200, api.patch("/api/v1/orgs/me", hiding.admin().token(), new JsonObject()
        .put("settings", new JsonObject().put("hideLastSeen", true))).status());
    String hidden = comeAndGoThenGoOffDuty(api, hiding);
    String shown = comeAndGoThenGoOffDuty(api, api.newOrg());
    assertEquals(List.of("off_duty"), presenceRecords(hidden),
        "only the duty change: an online or offline record's time is a last seen");
    assertEquals(List.of("online", "offline", "off_duty"), presenceRecords(shown), "an org that shows last seen");
  }

  /** Eve connects and leaves (Ana sees both), then goes off duty; answers Eve's id. */
  private static String comeAndGoThenGoOffDuty(TestApi api, Org org) throws Exception {
    Session ana = org.member("ana");
    Session eve = org.member("eve");
    api.post("/api/v1/chats", ana.token(), TestApi.directChat(eve.userId()));
    Predicate<JsonObject> evePresence = f -> "presence".equals(f.getString("type"))
        && eve.userId().equals(f.getString("userId"));
    try (TestSocket anaSocket = TestSocket.authenticated(api.port(), ana.token())) {
      try (TestSocket eveSocket = TestSocket.authenticated(ChatproExtension.api(2).port(), eve.token())) {
        assertEquals("online", anaSocket.next(evePresence, 10).getString("status"));
      }
      assertEquals("offline", anaSocket.next(evePresence, 15).getString("status"), "live frames still come");
      String until = Instant.now().plus(1, ChronoUnit.HOURS).toString();
      assertEquals(200, api.post("/api/v1/me/off-duty", eve.token(), new JsonObject().put("until", until)).status());
    }
    return eve.userId();
  }

  /** The statuses of the person's records on chatpro.presence.v1, once their off-duty record is there. */
  private static List<String> presenceRecords(String userId) {
    Predicate<JsonObject> theirs = r -> r.getJsonObject("data") != null
        && userId.equals(r.getJsonObject("data").getString("userId"));
    assertEquals(1, TestKafka.read("chatpro.presence.v1", theirs.and(r -> "off_duty".equals(r.getJsonObject("data")
        .getString("status"))), 1).size());
    List<TestKafka.Record> records = TestKafka.read("chatpro.presence.v1", theirs, 1);
    records.forEach(r -> assertTrue(!r.value().getJsonObject("data").containsKey("lastSeen"), r.toString()));
    return records.stream().map(r -> r.value().getJsonObject("data").getString("status")).toList();
  }

  private static JsonArray presence(TestApi api, Session who, String ids) throws Exception {
    Answer answer = api.get("/api/v1/presence?ids=" + ids, who.token());
    assertEquals(200, answer.status(), answer.body());
    return answer.json().getJsonArray("presence");
  }

  @Test
  void aScheduleIsKeptAndAnEmptyOneRemovesIt() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    JsonObject schedule = new JsonObject().put("timezone", "Europe/London")
        .put("workingHours", new JsonArray().add(new JsonObject().put("day", "MON").put("start", "22:00")
            .put("end", "06:00")))
        .put("leave", new JsonArray().add(new JsonObject().put("from", "2026-12-24").put("to", "2026-12-27")));
    Answer saved = api.put("/api/v1/me/schedule", ana.token(), schedule);
    assertEquals(200, saved.status(), saved.body());
    assertEquals(schedule, api.get("/api/v1/me/schedule", ana.token()).json());
    assertEquals(400, api.put("/api/v1/me/schedule", ana.token(), schedule.copy().put("timezone", "Mars/Olympus"))
        .status());
    assertEquals(403, api.put("/api/v1/orgs/me/schedule", ana.token(), schedule).status());
    assertEquals(200, api.put("/api/v1/orgs/me/schedule", org.admin().token(), schedule).status(), "admins may");
    assertEquals(400, api.post("/api/v1/me/off-duty", ana.token(), new JsonObject()
        .put("until", Instant.now().plus(40, ChronoUnit.DAYS).toString())).status(), "at most 30 days ahead");
    Answer removed = api.put("/api/v1/me/schedule", ana.token(), new JsonObject().put("workingHours", new JsonArray()));
    assertEquals(200, removed.status(), removed.body());
    assertEquals(0, api.get("/api/v1/me/schedule", ana.token()).json().getJsonArray("workingHours").size());
  }

  @Test
  void aScheduledEndTakesEffectWithinFiveSeconds() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Session ana = api.newOrg().member("ana");
    // A zone where it is not near midnight, so one window from 00:00 to the next minute is on today.
    java.time.ZonedDateTime local = null;
    for (String zone : List.of("UTC", "Asia/Tokyo", "America/New_York", "Pacific/Auckland")) {
      java.time.ZonedDateTime t = java.time.ZonedDateTime.now(java.time.ZoneId.of(zone));
      if (t.getHour() >= 1 && t.getHour() <= 21) {
        local = t;
        break;
      }
    }
    java.time.ZonedDateTime end = local.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    if (java.time.Duration.between(local, end).toSeconds() < 5) {
      end = end.plusMinutes(1);
    }
    String day = local.getDayOfWeek().name().substring(0, 3);
    JsonObject schedule = new JsonObject().put("timezone", local.getZone().getId())
        .put("workingHours", new JsonArray().add(new JsonObject().put("day", day).put("start", "00:00")
            .put("end", String.format("%02d:%02d", end.getHour(), end.getMinute()))));
    assertEquals(200, api.put("/api/v1/me/schedule", ana.token(), schedule).status());
    assertEquals("offline", api.get("/api/v1/presence/" + ana.userId(), ana.token()).json().getString("status"),
        "inside the window: on duty");
    Thread.sleep(Math.max(0, java.time.Duration.between(java.time.ZonedDateTime.now(), end).toMillis()));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    JsonObject presence;
    do {
      presence = api.get("/api/v1/presence/" + ana.userId(), ana.token()).json();
    } while (!"off_duty".equals(presence.getString("status")) && System.nanoTime() < deadline && sleep(200));
    assertEquals("off_duty", presence.getString("status"), "the window ended: off duty within 5 s");
    assertEquals(end.plusWeeks(1).truncatedTo(ChronoUnit.DAYS).toInstant().toString(),
        presence.getString("offDutyUntil"), "until the same window next week");
  }

  private static boolean sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return true;
  }

  private static Answer send(TestApi api, Session who, String chat, String text, String clientId) throws Exception {
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), new JsonObject()
        .put("clientId", clientId).put("kind", "text").put("text", text));
    assertEquals(201, sent.status(), sent.body());
    return sent;
  }

  private static List<Long> seqs(TestSocket socket, int count) throws Exception {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      seqs.add(socket.next(TestSocket.event(), 10).getJsonObject("event").getLong("seq"));
    }
    return seqs;
  }
}
