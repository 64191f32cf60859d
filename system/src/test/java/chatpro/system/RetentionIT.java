package chatpro.system;

import static chatpro.system.TestDb.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.audit.Audit;
import chatpro.common.crypto.KeyRing;
import chatpro.common.crypto.MasterKey;
import chatpro.messaging.compliance.MediaReleases;
import chatpro.messaging.compliance.RetentionSweep;
import chatpro.messaging.compliance.RetentionSweep.Result;
import chatpro.messaging.compliance.RetentionSweep.Swept;
import chatpro.messaging.log.EventLog;
import chatpro.messaging.log.TextSeal;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention on the real stack: the sweep is message-service's own class, built here on the system's database and
 * event bus with a clock of the test's choosing (30 days on, then a year on), as the service wires it.
 */
@ExtendWith(ChatproExtension.class)
class RetentionIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String EVENTS = "SELECT chat_id, seq, type, body::text AS body, expired_at FROM events"
      + " WHERE org_id = $1 ORDER BY chat_id, seq";

  @Test
  void retentionIsAnOrgSettingOfOneTo3650DaysOrNone() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    String admin = org.admin().token();
    JsonObject settings = api.get("/api/v1/orgs/me", ana.token()).json().getJsonObject("settings");
    assertTrue(settings.containsKey("messageRetentionDays"), settings.encode());
    assertNull(settings.getValue("messageRetentionDays"), "keep everything by default");

    Answer set = api.patch("/api/v1/orgs/me", admin, retention(30));
    assertEquals(200, set.status(), set.body());
    assertEquals(30, set.json().getJsonObject("settings").getInteger("messageRetentionDays"));
    assertEquals(30, days(api, ana));
    for (Object bad : List.of(0, 3651, -1, 1.5, "30", true)) {
      Answer refused = api.patch("/api/v1/orgs/me", admin, retention(bad));
      assertEquals(400, refused.status(), bad + ": " + refused.body());
      assertEquals("bad_request", refused.errorCode());
    }
    assertEquals(403, api.patch("/api/v1/orgs/me", ana.token(), retention(1)).status(), "admins only");
    assertEquals(200, api.patch("/api/v1/orgs/me", admin, retention(3650)).status());
    assertEquals(200, api.patch("/api/v1/orgs/me", admin, retention(3650)).status(), "unchanged: no entry");
    assertEquals(200, api.patch("/api/v1/orgs/me", admin, retention(1)).status());
    assertEquals(200, api.patch("/api/v1/orgs/me", admin, retention(null)).status());
    assertNull(api.get("/api/v1/orgs/me", ana.token()).json().getJsonObject("settings")
        .getValue("messageRetentionDays"), "null keeps everything again");

    List<JsonObject> changes = entries(api, org.admin(), "retention.changed", 4);
    assertEquals(List.of("null>30", "30>3650", "3650>1", "1>null"), changes.stream()
        .map(e -> e.getJsonObject("details").getValue("from") + ">" + e.getJsonObject("details").getValue("to"))
        .toList(), "one entry per change");
    assertEquals(org.admin().userId(), changes.get(0).getString("actorId"));
  }

  @Test
  void aSweepTakesExactlyTheExpiredContentAndKeepsWhatIsHeldOrShared() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cid = org.member("cid");
    Session cora = HoldsIT.complianceOfficer(api, org, "cora");
    assertEquals(200, api.patch("/api/v1/orgs/me", org.admin().token(), retention(30)).status());
    Org elsewhere = api.newOrg();
    Session oli = elsewhere.member("oli");
    String theirs = direct(api, oli, elsewhere.member("pia"));
    MessagingIT.send(api, oli, theirs, "an org that keeps everything");

    String direct = direct(api, ana, ben);
    String group = HistoryIT.group(api, ana, ben, cid);
    String heldChat = HistoryIT.group(api, ana, ben);
    String picture = uploaded(api, ana, "image/png", "text-chunk.png");
    String heldPicture = uploaded(api, ana, "image/jpeg", "plain.jpg");
    String m1 = MessagingIT.send(api, ana, direct, "old words").getString("messageId");   // direct 1
    try (TestSocket anas = TestSocket.authenticated(api.port(), ana.token());
         TestSocket bens = TestSocket.authenticated(api.port(), ben.token())) {
      ack(bens.request(new JsonObject().put("type", "react").put("id", "r").put("messageId", m1)
          .put("emoji", "👍")));                                                              // direct 2
      ack(anas.request(new JsonObject().put("type", "edit").put("id", "e").put("messageId", m1)
          .put("text", "old words, edited")));                                               // direct 3
    }
    String m2 = image(api, ana, direct, picture, null);                                       // direct 4
    MessagingIT.send(api, cid, group, "words of a person on hold");                           // group 1
    MessagingIT.send(api, ana, group, "words in the group");                                  // group 2
    MessagingIT.send(api, ana, heldChat, "words in a chat on hold");                          // held 1
    image(api, ana, heldChat, heldPicture, null);                                             // held 2
    HoldsIT.place(api, cora, "user", cid.userId());
    HoldsIT.place(api, cora, "chat", heldChat);
    Thread.sleep(50);
    image(api, ben, group, picture, m2);                                                      // group 3: a forward
    Instant forwardedAt = Instant.parse(MessagingIT.events(api, ben, group).get(2).getString("at"));
    assertEquals(200, api.patch("/api/v1/chats/" + group, ana.token(), new JsonObject().put("name", "Renamed"))
        .status());                                                                           // group 4
    assertEquals(200, HistoryIT.addMember(api, ana, group, cora).status());                   // group 5
    Thread.sleep(50);
    MessagingIT.send(api, ana, direct, "recent words");                                       // direct 5
    assertEquals(3, chat(api, ben, direct).getLong("unread"));
    assertEquals(2, keysOf(org, picture).size(), "the picture and its thumbnail");

    try (TestDb db = TestDb.of("messaging")) {
      Map<String, String> before = snapshot(db, org.id());
      Map<String, String> beforeElsewhere = snapshot(db, elsewhere.id());

      // 30 days after the forward, less a millisecond: everything before it has expired, the forward has not.
      Swept first = sweepAt(db, org, Clock.fixed(forwardedAt.plus(Duration.ofDays(30)).minusMillis(1),
          ZoneOffset.UTC));
      assertEquals(new Swept(UUID.fromString(org.id()), 3, 1, 1, 1), first, "m1, m2 and ana's group message");
      List<JsonObject> seen = MessagingIT.events(api, ben, direct);
      assertExpired(seen.get(0), "text");
      assertEquals(m1, seen.get(0).getString("messageId"));
      assertEquals(ana.userId(), seen.get(0).getString("senderId"));
      assertEquals("reaction", seen.get(1).getString("type"));
      assertExpired(seen.get(1), "emoji");
      assertEquals(ben.userId(), seen.get(1).getString("userId"));
      assertEquals("message.edited", seen.get(2).getString("type"));
      assertExpired(seen.get(2), "text");
      assertExpired(seen.get(3), "media");
      assertEquals("recent words", seen.get(4).getString("text"));
      assertFalse(seen.get(4).containsKey("expired"));
      JsonObject chat = chat(api, ben, direct);
      assertEquals(1, chat.getLong("unread"), "expired messages are not unread");
      assertEquals("recent words", chat.getJsonObject("lastMessage").getString("text"));
      assertEquals(picture, chat(api, ben, group).getJsonObject("lastMessage").getJsonObject("media")
          .getString("id"), "the forward still carries the picture");
      Thread.sleep(2000);
      assertEquals(2, keysOf(org, picture).size(), "a forward still carries it: the bytes stay");
      assertEquals(200, fetch(api, "/api/v1/media/" + picture, cid.token()).statusCode());

      Swept second = sweepAt(db, org, Clock.offset(Clock.systemUTC(), Duration.ofDays(365)));
      assertEquals(new Swept(UUID.fromString(org.id()), 2, 0, 0, 1), second, "the forward and the recent message");
      waitUntil(() -> keysOf(org, picture).isEmpty(), "the last message carrying the picture expired");
      assertEquals(2, keysOf(org, heldPicture).size(), "a picture in a held chat stays");
      assertEquals(404, fetch(api, "/api/v1/media/" + picture, ana.token()).statusCode());

      Map<String, String> after = snapshot(db, org.id());
      Set<String> expired = new TreeSet<>();
      after.forEach((key, row) -> {
        if (!row.endsWith("|")) {
          expired.add(key.replace(direct, "direct").replace(group, "group").replace(heldChat, "held"));
        }
      });
      assertEquals(Set.of("direct:1", "direct:2", "direct:3", "direct:4", "direct:5", "group:2", "group:3"),
          expired, "exactly the expired messages, their reaction and their edit");
      assertTrue(after.get(group + ":4").startsWith("chat.renamed|") && after.get(group + ":5")
          .startsWith("member.added|"), "rename and membership events are kept as they were");
      assertEquals(before.keySet(), after.keySet(), "no event was deleted or added");
      before.forEach((key, row) -> {
        if (!expired.contains(key.replace(direct, "direct").replace(group, "group").replace(heldChat, "held"))) {
          assertEquals(row, after.get(key), "not one row more: " + key);
        }
      });
      assertEquals(beforeElsewhere, snapshot(db, elsewhere.id()), "another org's log is untouched");

      chat = chat(api, ben, direct);
      assertEquals(0, chat.getLong("unread"));
      assertExpired(chat.getJsonObject("lastMessage"), "text");
      assertExpired(chat(api, ben, group).getJsonObject("lastMessage"), "media");
      Map<String, List<JsonObject>> synced = sync(api, ben);
      assertEquals(5, synced.get(direct).size());
      synced.get(direct).forEach(e -> assertTrue(e.getBoolean("expired", false), e.encode()));
      assertEquals("words of a person on hold", synced.get(group).get(0).getString("text"), "held by the person");
      assertExpired(synced.get(group).get(1), "text");
      assertEquals("words in a chat on hold", synced.get(heldChat).get(0).getString("text"), "held by the chat");
      assertEquals(heldPicture, synced.get(heldChat).get(1).getJsonObject("media").getString("id"));

      List<JsonObject> swept = entries(api, org.admin(), "retention.swept", 2);
      assertEquals(2, swept.size(), "one entry per sweep that took something");
      assertEquals(new JsonObject().put("messages", 3).put("reactions", 1).put("edits", 1).put("media", 1),
          swept.get(0).getJsonObject("details"));
      assertEquals(2, swept.get(1).getJsonObject("details").getInteger("messages"));
      assertNull(swept.get(0).getString("actorId"), "the system did it");
    }
  }

  @Test
  void onlyOneSweeperRunsAtATime() throws Exception {
    try (TestDb db = TestDb.of("messaging")) {
      SqlConnection holder = await(db.pool.getConnection());
      try {
        await(holder.query("SELECT pg_advisory_lock(hashtext('chatpro.retention.sweep'))").execute());
        assertFalse(await(sweeper(db, Clock.systemUTC()).sweep()).ran(), "another replica is sweeping");
      } finally {
        await(holder.query("SELECT pg_advisory_unlock(hashtext('chatpro.retention.sweep'))").execute());
        holder.close();
      }
      assertTrue(sweepUntilRan(sweeper(db, Clock.systemUTC())).ran());
    }
  }

  @Test
  void aBatchReadsOnlyWhatItTakesThroughTheIndexOfUnexpiredMessages() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    String chat = HistoryIT.group(api, ana, org.member("ben"));
    MessagingIT.send(api, ana, chat, "the first message");
    try (TestDb db = TestDb.asOwner("messaging")) {
      await(db.pool.preparedQuery(HistoryIT.SEED).execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(chat),
          UUID.fromString(org.id()), UUID.fromString(ana.userId()), 2L, 50_001L)));
      await(db.pool.preparedQuery(HistoryIT.LAST_SEQ).execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(chat),
          50_001L)));
      await(db.pool.query("ANALYZE events").execute());
      io.vertx.sqlclient.Tuple args = io.vertx.sqlclient.Tuple.tuple().addValue(UUID.fromString(org.id()))
          .addValue(Instant.now().plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC))
          .addValue(EventLog.ExpiryKey.START.at()).addValue(EventLog.ExpiryKey.START.chatId()).addValue(0L)
          .addValue(500).addValue(Instant.now().atOffset(ZoneOffset.UTC));
      // EXPLAIN ANALYZE runs the batch: inside a transaction that is rolled back, nothing changes.
      JsonArray plan = await(db.pool.withConnection(conn -> conn.query("BEGIN").execute()
          .compose(v -> conn.preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + EventLog.EXPIRE).execute(args))
          .map(rows -> {
            Object p = rows.iterator().next().getValue(0);
            return p instanceof JsonArray a ? a : new JsonArray(p.toString());
          })
          .eventually(() -> conn.query("ROLLBACK").execute())));
      JsonObject scan = find(plan.getJsonObject(0).getJsonObject("Plan"), "events_unexpired");
      assertTrue(scan != null, "the batch walks the index of unexpired messages: " + plan.encode());
      assertTrue(scan.getLong("Actual Rows") <= 500, "and reads only its batch: " + scan.encode());
      assertEquals(0, db.rows("SELECT 1 FROM events WHERE org_id = $1 AND expired_at IS NOT NULL",
          UUID.fromString(org.id())).size(), "rolled back");
    }
  }

  /** Sweeps with the clock given (retrying while the service's own sweeper holds the lock); answers the org's part. */
  private static Swept sweepAt(TestDb db, Org org, Clock clock) throws Exception {
    Result result = sweepUntilRan(sweeper(db, clock));
    return result.orgs().stream().filter(s -> s.orgId().toString().equals(org.id())).findFirst()
        .orElse(new Swept(UUID.fromString(org.id()), 0, 0, 0, 0));
  }

  private static Result sweepUntilRan(RetentionSweep sweep) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Result result = await(sweep.sweep());
    while (!result.ran() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      result = await(sweep.sweep());
    }
    assertTrue(result.ran(), "the sweep got its lock");
    return result;
  }

  /** The sweep as MessageVerticle wires it, on the running system's database and event bus, at the given clock. */
  static RetentionSweep sweeper(TestDb db, Clock clock) throws Exception {
    Vertx vertx = ChatproExtension.system().vertx("messaging");
    EventLog log = new EventLog(db.pool, new TextSeal(new KeyRing(vertx,
        MasterKey.load(ChatproExtension.system().config("messaging").masterKeyFile()))));
    return new RetentionSweep(vertx, db.pool, log, new MediaReleases(vertx, db.pool),
        new Audit(Clock.systemUTC()), clock, RetentionSweep.Pace.DEFAULT);
  }

  /** Every event of an org: "chatId:seq" → "type|body|" plus "expired" when the sweep took it. */
  private static Map<String, String> snapshot(TestDb db, String orgId) throws Exception {
    Map<String, String> rows = new TreeMap<>();
    for (Row r : db.rows(EVENTS, UUID.fromString(orgId))) {
      rows.put(r.getUUID("chat_id") + ":" + r.getLong("seq"), r.getString("type") + "|" + r.getString("body") + "|"
          + (r.getValue("expired_at") == null ? "" : "expired"));
    }
    return rows;
  }

  /**
   * The org's audit entries of an action, through {@code GET /api/v1/audit} as the reader (an admin or compliance
   * officer) sees them, once at least {@code expected} of them are in the chain (entries join it within 5 s).
   */
  static List<JsonObject> entries(TestApi api, Session reader, String action, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Answer answer = api.get("/api/v1/audit?after=0&limit=1000", reader.token());
      assertEquals(200, answer.status(), answer.body());
      List<JsonObject> found = answer.json().getJsonArray("entries").stream().map(e -> (JsonObject) e)
          .filter(e -> action.equals(e.getString("action"))).toList();
      if (found.size() >= expected || System.nanoTime() > deadline) {
        return found;
      }
      Thread.sleep(250);
    }
  }

  private static void assertExpired(JsonObject event, String gone) {
    assertTrue(event.getBoolean("expired", false), "expired: " + event.encode());
    assertFalse(event.containsKey(gone), gone + " is gone: " + event.encode());
    assertFalse(event.containsKey("text") || event.containsKey("media") || event.containsKey("emoji"),
        event.encode());
  }

  private static JsonObject find(JsonObject node, String index) {
    if (index.equals(node.getString("Index Name"))) {
      return node;
    }
    for (Object child : node.getJsonArray("Plans", new JsonArray())) {
      JsonObject found = find((JsonObject) child, index);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  static JsonObject retention(Object days) {
    return new JsonObject().put("settings", new JsonObject().put("messageRetentionDays", days));
  }

  private static int days(TestApi api, Session who) throws Exception {
    return api.get("/api/v1/orgs/me", who.token()).json().getJsonObject("settings").getInteger("messageRetentionDays");
  }

  static String direct(TestApi api, Session a, Session b) throws Exception {
    Answer created = api.post("/api/v1/chats", a.token(), TestApi.directChat(b.userId()));
    assertTrue(created.status() == 201 || created.status() == 200, created.body());
    return created.json().getString("id");
  }

  /** A picture message (a forward of {@code forwardOf} when given); answers its messageId. */
  static String image(TestApi api, Session who, String chat, String media, String forwardOf) throws Exception {
    JsonObject body = new JsonObject().put("clientId", UUID.randomUUID().toString()).put("kind", "image")
        .put("mediaId", media);
    if (forwardOf != null) {
      body.put("forwardOf", forwardOf);
    }
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), body);
    assertEquals(201, sent.status(), sent.body());
    return sent.json().getString("messageId");
  }

  static JsonObject chat(TestApi api, Session who, String chatId) throws Exception {
    for (Object c : api.get("/api/v1/chats", who.token()).json().getJsonArray("chats")) {
      if (chatId.equals(((JsonObject) c).getString("id"))) {
        return (JsonObject) c;
      }
    }
    throw new AssertionError("chat " + chatId + " is not in the list");
  }

  /** Everything the person may see, by WebSocket {@code sync} from the start: chatId → events in seq order. */
  static Map<String, List<JsonObject>> sync(TestApi api, Session who) throws Exception {
    Map<String, List<JsonObject>> byChat = new HashMap<>();
    try (TestSocket socket = TestSocket.authenticated(api.port(), who.token())) {
      socket.send(new JsonObject().put("type", "sync").put("id", "s").put("chats", new JsonObject()));
      while (true) {
        JsonObject frame = socket.next(f -> "event".equals(f.getString("type")) || "s".equals(f.getString("id")), 10);
        if ("s".equals(frame.getString("id"))) {
          assertFalse(frame.getBoolean("more"));
          return byChat;
        }
        JsonObject event = frame.getJsonObject("event");
        byChat.computeIfAbsent(event.getString("chatId"), k -> new java.util.ArrayList<>()).add(event);
      }
    }
  }

  static void ack(JsonObject answer) {
    assertEquals("ack", answer.getString("type"), answer.encode());
  }

  /**
   * A picture uploaded on a client of this class's own: connections MediaIT's client keeps open change what its own
   * upload tests meet (a refused upload on a reused connection went unanswered when another class had used them).
   */
  static String uploaded(TestApi api, Session who, String type, String fixture) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
            + "/api/v1/media?kind=image")).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer "
            + who.token()).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(MediaIT.fixture(fixture))).build();
    HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(201, answer.statusCode(), answer.body());
    return new JsonObject(answer.body()).getString("id");
  }

  /** A GET of bytes (media, an export) on this class's own client. */
  static HttpResponse<byte[]> fetch(TestApi api, String path, String token) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The object keys of one media object (the bytes and any thumbnail), straight from the object store. */
  static List<String> keysOf(Org org, String media) throws Exception {
    return MediaIT.objects("media/" + org.id() + "/").stream().filter(k -> k.contains(media)).toList();
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitUntil(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 90 s: " + what);
      }
      Thread.sleep(500);
    }
  }
}
