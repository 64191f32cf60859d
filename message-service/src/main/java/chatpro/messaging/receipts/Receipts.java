package chatpro.messaging.receipts;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.common.time.Times;
import chatpro.messaging.chat.Chats;
import chatpro.messaging.delivery.Delivery;
import chatpro.messaging.duty.OffDutyNotes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The ticks. Each member has a received and a read cursor per chat; a cursor only moves forward, and read implies
 * received. When one moves, the others are told: in a direct chat the other member, in a group only the senders of
 * the messages the cursor passed (never a fan-out to the whole group).
 */
public final class Receipts {
  /** Moves one cursor forward (never past the chat's last seq); answers the old and new positions. */
  static final String MOVE = "UPDATE members m SET"
      + " received_seq = greatest(m.received_seq, least($3, c.last_seq)),"
      + " read_seq = CASE WHEN $4 THEN greatest(m.read_seq, least($3, c.last_seq)) ELSE m.read_seq END"
      + " FROM chats c, (SELECT received_seq, read_seq FROM members WHERE chat_id = $1 AND user_id = $2) old"
      + " WHERE m.chat_id = $1 AND m.user_id = $2 AND m.removed_seq IS NULL AND c.id = m.chat_id AND c.org_id = $5"
      + " RETURNING c.type, old.received_seq AS old_received, old.read_seq AS old_read, m.received_seq, m.read_seq";
  static final String RECORD = "INSERT INTO cursor_moves (chat_id, user_id, kind, from_seq, to_seq, at)"
      + " VALUES ($1, $2, $3, $4, $5, $6)";
  static final String OTHERS = "SELECT user_id FROM members WHERE chat_id = $1 AND user_id <> $2"
      + " AND removed_seq IS NULL";
  static final String SENDERS = "SELECT DISTINCT actor_id FROM events WHERE chat_id = $1 AND type = 'message'"
      + " AND seq > $2 AND seq <= $3 AND actor_id <> $4";
  static final String MESSAGE = "SELECT e.seq, e.actor_id FROM events e JOIN members m ON m.chat_id = e.chat_id"
      + " JOIN chats c ON c.id = e.chat_id WHERE e.chat_id = $1 AND e.message_id = $2 AND e.type = 'message'"
      + " AND m.user_id = $3 AND m.removed_seq IS NULL AND e.seq >= m.joined_seq AND c.org_id = $4";
  static final String INFO = "SELECT m.user_id,"
      + " (SELECT min(at) FROM cursor_moves v WHERE v.chat_id = m.chat_id AND v.user_id = m.user_id"
      + "   AND v.from_seq < $2 AND v.to_seq >= $2) AS received_at,"
      + " (SELECT min(at) FROM cursor_moves v WHERE v.chat_id = m.chat_id AND v.user_id = m.user_id"
      + "   AND v.kind = 'read' AND v.from_seq < $2 AND v.to_seq >= $2) AS read_at"
      + " FROM members m WHERE m.chat_id = $1 AND m.removed_seq IS NULL AND m.user_id <> $3 ORDER BY m.user_id";

  static final String HOLD_READ = "UPDATE members m SET held_read_seq = greatest(coalesce(m.held_read_seq, 0),"
      + " least($3, c.last_seq)) FROM chats c WHERE m.chat_id = $1 AND m.user_id = $2 AND m.removed_seq IS NULL"
      + " AND c.id = m.chat_id AND c.org_id = $4";
  /** Takes the held reads of a user who is back on duty (only one replica gets them). */
  static final String TAKE_HELD = "UPDATE members m SET held_read_seq = NULL FROM (SELECT chat_id, held_read_seq"
      + " FROM members WHERE user_id = $1 AND held_read_seq IS NOT NULL FOR UPDATE) h"
      + " WHERE m.chat_id = h.chat_id AND m.user_id = $1 RETURNING m.chat_id, m.org_id, h.held_read_seq";

  private final Pool pool;
  private final Delivery delivery;
  private final Clock clock;
  private final OffDutyNotes duty;

  public Receipts(Pool pool, Delivery delivery, OffDutyNotes duty, Clock clock) {
    this.pool = pool;
    this.delivery = delivery;
    this.duty = duty;
    this.clock = clock;
  }

  /**
   * {@code {caller, chatId, kind: received|read, seq}}; 404 for chats the caller is not in. While the reader is off
   * duty a read is held back (it still counts as received) and applied when they are back on duty.
   */
  public Future<JsonObject> move(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID chatId = Chats.chatId(request);
    boolean read = "read".equals(request.getValue("kind"));
    if (!read && !"received".equals(request.getValue("kind"))) {
      throw ChatproException.badRequest("kind must be received or read");
    }
    long seq = Fields.number(request, "seq", 0, Long.MAX_VALUE);
    if (read && duty.isOffDuty(caller.userId())) {
      return pool.preparedQuery(HOLD_READ).execute(Tuple.of(chatId, caller.userUuid(), seq, caller.orgUuid()))
          .compose(v -> move(caller, chatId, seq, false));
    }
    return move(caller, chatId, seq, read);
  }

  static final String HOLDERS = "SELECT DISTINCT user_id FROM members WHERE held_read_seq IS NOT NULL LIMIT 1000";

  /** Releases held reads of everyone no longer off duty (a safety net for a missed back-on-duty event). */
  public void releaseStaleHeldReads() {
    pool.query(HOLDERS).execute().onSuccess(rows -> rows.forEach(r -> {
      String user = r.getUUID(0).toString();
      if (!duty.isOffDuty(user)) {
        releaseHeldReads(user);
      }
    }));
  }

  /** Applies and tells the reads held while this user was off duty. */
  public void releaseHeldReads(String userId) {
    UUID user = UUID.fromString(userId);
    pool.preparedQuery(TAKE_HELD).execute(Tuple.of(user)).onSuccess(rows -> rows.forEach(r -> {
      Caller caller = new Caller(userId, r.getUUID("org_id").toString(), List.of(), null);
      move(caller, r.getUUID("chat_id"), r.getLong("held_read_seq"), true)
          .onFailure(e -> org.slf4j.LoggerFactory.getLogger(Receipts.class)
              .warn("a held read was not applied: {}", e.toString()));
    }));
  }

  private Future<JsonObject> move(Caller caller, UUID chatId, long seq, boolean read) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.withTransaction(conn -> conn.preparedQuery(MOVE)
            .execute(Tuple.of(chatId, caller.userUuid(), seq, read, caller.orgUuid()))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(ChatproException.notFound("chat"));
              }
              Row r = rows.iterator().next();
              Move move = new Move(r.getString("type"), r.getLong("old_received"), r.getLong("old_read"),
                  r.getLong("received_seq"), r.getLong("read_seq"));
              List<Tuple> records = new ArrayList<>();
              if (move.received() > move.oldReceived()) {
                records.add(Tuple.of(chatId, caller.userUuid(), "received", move.oldReceived(), move.received(), now));
              }
              if (move.read() > move.oldRead()) {
                records.add(Tuple.of(chatId, caller.userUuid(), "read", move.oldRead(), move.read(), now));
              }
              return records.isEmpty() ? Future.succeededFuture(move)
                  : conn.preparedQuery(RECORD).executeBatch(records).map(move);
            }))
        .compose(move -> tell(caller, chatId, move).map(v -> new JsonObject()
            .put("received", move.received()).put("read", move.read())));
  }

  /** Where a member's cursors were and are. */
  record Move(String type, long oldReceived, long oldRead, long received, long read) {
    boolean moved() {
      return received > oldReceived || read > oldRead;
    }
  }

  private Future<Void> tell(Caller caller, UUID chatId, Move move) {
    if (!move.moved()) {
      return Future.succeededFuture();
    }
    JsonObject frame = new JsonObject().put("type", "receipt").put("chatId", chatId.toString())
        .put("userId", caller.userId());
    if (move.received() > move.oldReceived()) {
      frame.put("received", move.received());
    }
    if (move.read() > move.oldRead()) {
      frame.put("read", move.read());
    }
    Future<List<String>> to = "direct".equals(move.type())
        ? users(pool.preparedQuery(OTHERS).execute(Tuple.of(chatId, caller.userUuid())))
        : users(pool.preparedQuery(SENDERS).execute(Tuple.of(chatId,
            Math.min(move.oldReceived(), move.oldRead()), Math.max(move.received(), move.read()), caller.userUuid())));
    return to.onSuccess(users -> delivery.deliverFrame(users, frame)).mapEmpty();
  }

  /** {@code {caller, chatId, messageId}} → who of the current members received and read it, and when. */
  public Future<JsonObject> info(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID chatId = Chats.chatId(request);
    String messageId = request.getString("messageId");
    if (!Fields.isId(messageId)) {
      throw ChatproException.notFound("message");
    }
    return pool.preparedQuery(MESSAGE)
        .execute(Tuple.of(chatId, UUID.fromString(messageId), caller.userUuid(), caller.orgUuid()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ChatproException.notFound("message"));
          }
          Row message = rows.iterator().next();
          return pool.preparedQuery(INFO).execute(Tuple.of(chatId, message.getLong("seq"), message.getUUID("actor_id")));
        })
        .map(rows -> {
          JsonArray receipts = new JsonArray();
          for (Row r : rows) {
            JsonObject one = new JsonObject().put("userId", r.getUUID("user_id").toString());
            putTime(one, "receivedAt", r.getOffsetDateTime("received_at"));
            putTime(one, "readAt", r.getOffsetDateTime("read_at"));
            receipts.add(one);
          }
          return new JsonObject().put("receipts", receipts);
        });
  }

  private static void putTime(JsonObject o, String field, OffsetDateTime t) {
    if (t != null) {
      o.put(field, Times.format(t.toInstant()));
    }
  }

  private static Future<List<String>> users(Future<io.vertx.sqlclient.RowSet<Row>> rows) {
    return rows.map(set -> {
      List<String> users = new ArrayList<>();
      set.forEach(r -> users.add(r.getUUID(0).toString()));
      return users;
    });
  }
}
