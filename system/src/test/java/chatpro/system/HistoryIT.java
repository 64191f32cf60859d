package chatpro.system;

import static chatpro.system.MessagingIT.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.db.PgPools;
import chatpro.messaging.log.EventLog;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** History through {@code GET /chats/{id}/events}: paging back with {@code before}, forward with {@code after}. */
@ExtendWith(ChatproExtension.class)
class HistoryIT {
  /** Events of one chat made straight in the log (a long chat in seconds): seqs $4..$5, sent by $3. */
  static final String SEED = "WITH s AS (SELECT n, gen_random_uuid() AS id FROM generate_series($4::bigint, $5) n)"
      + " INSERT INTO events (chat_id, seq, org_id, type, at, actor_id, message_id, body)"
      + " SELECT $1, n, $2, 'message', now(), $3, id, jsonb_build_object('messageId', id, 'senderId', $3::text,"
      + " 'kind', 'text', 'text', 'message ' || n, 'sentAt', '2026-11-24T08:00:00Z') FROM s";
  static final String LAST_SEQ = "UPDATE chats SET last_seq = $2 WHERE id = $1";

  @Test
  void pagingBackAnswersTheLastEventsBelowASeqInSeqOrder() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = group(api, ana, ben);
    for (int i = 1; i <= 60; i++) {
      send(api, i % 2 == 0 ? ana : ben, chat, "message " + i);
    }

    assertEquals(List.of(58L, 59L, 60L), seqs(page(api, ben, chat, "before=61&limit=3")));
    assertEquals(List.of(55L, 56L, 57L), seqs(page(api, ben, chat, "before=58&limit=3")), "the page before that");
    assertEquals(LongStream.rangeClosed(11, 60).boxed().toList(), seqs(page(api, ben, chat, "before=61")),
        "50 by default");
    assertEquals(LongStream.rangeClosed(1, 60).boxed().toList(), seqs(page(api, ben, chat, "before=1000&limit=1000")));
    assertEquals(List.of(1L), seqs(page(api, ben, chat, "before=2")));
    assertEquals(List.of(), seqs(page(api, ben, chat, "before=1")), "nothing comes before the first event");
    assertEquals(List.of(), seqs(page(api, ben, chat, "before=0")));
    assertEquals("message 60", page(api, ben, chat, "before=61&limit=1").getJsonObject(0).getString("text"));
    assertEquals(List.of(6L, 7L), seqs(page(api, ben, chat, "after=5&limit=2")), "after pages forward as before");

    for (String bad : List.of("before=5&after=2", "before=x", "before=5&limit=0", "before=5&limit=1001",
        "after=2&limit=1001", "before=")) {
      Answer refused = api.get("/api/v1/chats/" + chat + "/events?" + bad, ben.token());
      assertEquals(400, refused.status(), bad + ": " + refused.body());
      assertEquals("bad_request", refused.errorCode());
    }
    Session eve = org.member("eve");
    assertEquals(404, api.get("/api/v1/chats/" + chat + "/events?before=61", eve.token()).status());
    assertEquals(404, api.get("/api/v1/chats/" + chat + "/events?before=61",
        api.newOrg().admin().token()).status(), "another org's chat");
  }

  @Test
  void pagingBackShowsEachMemberOnlyTheirMembershipPeriod() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cai = org.member("cai");
    String chat = group(api, ana, ben);
    send(api, ana, chat, "one");                                                              // seq 1
    send(api, ben, chat, "two");                                                              // seq 2
    assertEquals(200, addMember(api, ana, chat, cai).status());                               // seq 3
    send(api, ana, chat, "three");                                                            // seq 4

    assertEquals(List.of(3L, 4L), seqs(page(api, cai, chat, "before=5")), "cai sees from joining on");
    assertEquals(List.of(3L), seqs(page(api, cai, chat, "before=4&limit=10")));
    assertEquals(List.of(), seqs(page(api, cai, chat, "before=3")), "nothing from before cai joined");
    assertEquals(List.of(1L, 2L, 3L, 4L), seqs(page(api, ana, chat, "before=5")));

    assertEquals(204, api.call("DELETE", "/api/v1/chats/" + chat + "/members/" + ben.userId(), ana.token(), null)
        .status());                                                                           // seq 5
    send(api, ana, chat, "while ben is away");                                                // seq 6
    assertEquals(404, api.get("/api/v1/chats/" + chat + "/events?before=7", ben.token()).status());
    assertEquals(200, addMember(api, ana, chat, ben).status());                               // seq 7
    send(api, cai, chat, "welcome back");                                                     // seq 8
    assertEquals(List.of(7L, 8L), seqs(page(api, ben, chat, "before=100")), "a new membership starts anew");
  }

  @Test
  void pagingBackThroughAHundredThousandEventsReadsOnlyThePage() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = group(api, ana, ben);
    send(api, ana, chat, "the first message");
    long last = 100_001;
    // As the schema's owner: the services' own role may not ANALYZE the table it only writes rows of.
    Pool pool = PgPools.create(ChatproExtension.system().vertx("messaging"),
        ChatproExtension.system().config("messaging").pg().asOwner(), "messaging");
    try {
      Tuple seed = Tuple.of(UUID.fromString(chat), UUID.fromString(org.id()), UUID.fromString(ana.userId()), 2L, last);
      await(pool.preparedQuery(SEED).execute(seed));
      await(pool.preparedQuery(LAST_SEQ).execute(Tuple.of(UUID.fromString(chat), last)));
      await(pool.query("ANALYZE events").execute());

      assertEquals(LongStream.rangeClosed(last - 999, last).boxed().toList(),
          seqs(page(api, ben, chat, "before=" + (last + 1) + "&limit=1000")));
      assertEquals(LongStream.rangeClosed(49_001, 50_000).boxed().toList(),
          seqs(page(api, ben, chat, "before=50001&limit=1000")));
      assertEquals(List.of(1L, 2L), seqs(page(api, ben, chat, "before=3&limit=1000")));

      Tuple deep = Tuple.of(UUID.fromString(chat), UUID.fromString(ben.userId()), 50_001L, 1000);
      for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
        JsonObject scan = eventsScan(pool, mode, deep);
        assertTrue(scan.getString("Node Type").startsWith("Index"), mode + ": " + scan.encode());
        assertEquals("Backward", scan.getString("Scan Direction"), mode + ": " + scan.encode());
        assertTrue(scan.getLong("Actual Rows") <= 1000, mode + " reads only the page: " + scan.encode());
      }
    } finally {
      pool.close();
    }
  }

  /** The plan node that reads the events table, from EXPLAIN ANALYZE of the history query. */
  private static JsonObject eventsScan(Pool pool, String planMode, Tuple args) throws Exception {
    RowSet<Row> rows = await(pool.withConnection(conn -> conn.query("SET plan_cache_mode = " + planMode).execute()
        .compose(v -> conn.preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + EventLog.PAGE_BEFORE).execute(args))
        .eventually(() -> conn.query("RESET plan_cache_mode").execute())));
    Object plan = rows.iterator().next().getValue(0);
    JsonArray explained = plan instanceof JsonArray a ? a : new JsonArray(plan.toString());
    List<JsonObject> found = new ArrayList<>();
    collect(explained.getJsonObject(0).getJsonObject("Plan"), found);
    assertEquals(1, found.size(), explained.encode());
    return found.get(0);
  }

  private static void collect(JsonObject node, List<JsonObject> found) {
    if ("events".equals(node.getString("Relation Name"))) {
      found.add(node);
    }
    node.getJsonArray("Plans", new JsonArray()).forEach(child -> collect((JsonObject) child, found));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static String group(TestApi api, Session admin, Session... members) throws Exception {
    JsonArray ids = new JsonArray();
    for (Session m : members) {
      ids.add(m.userId());
    }
    Answer created = api.post("/api/v1/chats", admin.token(), new JsonObject().put("type", "group").put("name", "Ward")
        .put("members", ids));
    assertEquals(201, created.status(), created.body());
    return created.json().getString("id");
  }

  static Answer addMember(TestApi api, Session admin, String chat, Session joining) throws Exception {
    return api.post("/api/v1/chats/" + chat + "/members", admin.token(),
        new JsonObject().put("userIds", new JsonArray().add(joining.userId())));
  }

  static JsonArray page(TestApi api, Session who, String chat, String query) throws Exception {
    Answer answer = api.get("/api/v1/chats/" + chat + "/events?" + query, who.token());
    assertEquals(200, answer.status(), query + ": " + answer.body());
    return answer.json().getJsonArray("events");
  }

  static List<Long> seqs(JsonArray events) {
    return events.stream().map(e -> ((JsonObject) e).getLong("seq")).toList();
  }
}
