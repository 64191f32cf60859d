package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One person flooding message-service's send queue fills only their own share of it: past the share their sends are
 * refused with {@code rate_limited}, and another person's send, made while the flooder's share is full, is stored in
 * the next batch rather than behind the flooder's queue. Both send in one group, so the chat's seq shows the order in
 * which message-service stored them (the shared test system lifts the rate limits; the share is
 * {@link ChatproExtension#SEND_SHARE}).
 */
@ExtendWith(ChatproExtension.class)
class SendFairnessIT {
  static final int ROUND = 512;
  static final int MAX_ROUNDS = 40;

  @Test
  void aFloodersShareFillsAndAQuietSendIsStoredAheadOfTheFloodersQueue() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session flooder = org.member("flooder");
    Session quiet = org.member("quiet");
    String chat = api.post("/api/v1/chats", flooder.token(), new JsonObject().put("type", "group").put("name", "Floor")
        .put("members", new JsonArray(List.of(quiet.userId())))).json().getString("id");

    try (TestSocket flood = TestSocket.authenticated(api.port(), flooder.token());
         TestSocket calm = TestSocket.authenticated(ChatproExtension.api(2).port(), quiet.token())) {
      Map<String, JsonObject> answers = new HashMap<>();
      JsonObject refusal = null;
      int written = 0;
      // The chat's row is held, so nothing of it commits: the batches in flight wait and the flooder's share fills
      // however fast the machine is (a fast one once stored sends as quickly as they came).
      try (TestDb db = TestDb.of("messaging")) {
        SqlConnection holder = TestDb.await(db.pool.getConnection());
        try {
          TestDb.await(holder.query("BEGIN").execute());
          TestDb.await(holder.preparedQuery("SELECT id FROM chats WHERE id = $1 FOR UPDATE")
              .execute(Tuple.of(UUID.fromString(chat))));
          for (int round = 0; round < MAX_ROUNDS && refusal == null; round++) {
            for (int i = 0; i < ROUND; i++) {
              flood.send(RateLimitIT.send(chat, "f" + written++));
            }
            refusal = drain(flood, answers);
          }
          assertNotNull(refusal, "the flooder's share filled within " + written + " sends");
          assertEquals("rate_limited", refusal.getString("code"), refusal.encode());
          assertTrue(refusal.getLong("retryAfter", 0L) >= 1, "a refusal says when to retry: " + refusal);
          // While the flooder's share is full (it just refused a send), the quiet person sends once.
          calm.send(RateLimitIT.send(chat, "quiet-1"));
          // A head start for the quiet send to reach the queue before the row is let go; were it later, thousands of
          // the flooder's sends would still be waiting, and taken in turn it would still go ahead of them.
          Thread.sleep(200);
        } finally {
          TestDb.await(holder.query("COMMIT").execute());
          TestDb.await(holder.close());
        }
      }
      JsonObject quietAck = calm.next(f -> "quiet-1".equals(f.getString("id")), 60);
      assertEquals("ack", quietAck.getString("type"), "the quiet person's send is stored: " + quietAck);
      long quietSeq = quietAck.getLong("seq");

      while (answers.size() < written) {
        JsonObject f = flood.next(x -> x.getString("id") != null, 120);
        answers.put(f.getString("id"), f);
      }
      long storedAfterQuiet = answers.values().stream()
          .filter(a -> "ack".equals(a.getString("type")) && a.getLong("seq") > quietSeq).count();
      // In arrival order the quiet send would wait behind the whole share (4,096) and everything stored after it
      // would be flood frames still on their way (at most one round); taken in turn, it goes into the next batch
      // (512) while at most two batches commit.
      assertTrue(storedAfterQuiet > 2L * ROUND, storedAfterQuiet + " of the flooder's queued sends were stored after"
          + " the quiet send (seq " + quietSeq + ")");
      answers.values().stream().filter(a -> "error".equals(a.getString("type"))).forEach(a ->
          assertEquals("rate_limited", a.getString("code"), "only the share refuses: " + a.encode()));
    }
  }

  /** Records the answers already there, up to the first refusal, which it returns; null when none came. */
  private static JsonObject drain(TestSocket socket, Map<String, JsonObject> answers) throws InterruptedException {
    for (JsonObject f = socket.poll(50); f != null; f = socket.poll(50)) {
      if (f.getString("id") != null) {
        answers.put(f.getString("id"), f);
        if ("error".equals(f.getString("type"))) {
          return f;
        }
      }
    }
    return null;
  }
}
