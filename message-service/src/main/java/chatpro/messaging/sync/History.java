package chatpro.messaging.sync;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.messaging.chat.Chats;
import chatpro.messaging.log.Event;
import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Catch-up and history: the events a member may see, by per-chat seq. */
public final class History {
  public static final int SYNC_LIMIT = 5000;
  public static final int PAGE_LIMIT = 1000;

  static final String IS_MEMBER = "SELECT 1 FROM members m JOIN chats c ON c.id = m.chat_id"
      + " WHERE m.chat_id = $1 AND m.user_id = $2 AND m.removed_seq IS NULL AND c.org_id = $3";

  private final Pool pool;
  private final EventLog log;

  public History(Pool pool, EventLog log) {
    this.pool = pool;
    this.log = log;
  }

  /**
   * {@code {caller, chats:{chatId: lastSeq}}} → {@code {chatIds:[...], seqs:[...], events:[...], more}}: the i-th
   * event is the wire JSON (encoded text) of seq {@code seqs[i]} of chat {@code chatIds[i]}, ready to be framed.
   */
  public Future<JsonObject> sync(JsonObject request) {
    Caller caller = Caller.from(request);
    JsonObject known = request.getValue("chats") == null ? new JsonObject() : Fields.object(request.getValue("chats"));
    if (known.size() > 10_000) {
      throw ChatproException.badRequest("chats holds at most 10000 entries");
    }
    List<UUID> chats = new ArrayList<>();
    List<Long> afters = new ArrayList<>();
    for (Map.Entry<String, Object> e : known) {
      if (!(e.getValue() instanceof Number n) || n.longValue() < 0) {
        throw ChatproException.badRequest("chats maps chat ids to a seq (a whole number)");
      }
      if (Fields.isId(e.getKey())) {
        chats.add(UUID.fromString(e.getKey()));
        afters.add(n.longValue());
      }
    }
    return log.sync(pool, caller.userUuid(), chats.toArray(UUID[]::new), afters.toArray(Long[]::new), SYNC_LIMIT + 1)
        .map(found -> {
          int n = Math.min(found.size(), SYNC_LIMIT);
          JsonArray chatIds = new JsonArray(new ArrayList<>(n));
          JsonArray seqs = new JsonArray(new ArrayList<>(n));
          JsonArray events = new JsonArray(new ArrayList<>(n));
          for (EventLog.WireEvent e : found.subList(0, n)) {
            chatIds.add(e.chatId().toString());
            seqs.add(e.seq());
            events.add(e.json());
          }
          return new JsonObject().put("chatIds", chatIds).put("seqs", seqs).put("events", events)
              .put("more", found.size() > SYNC_LIMIT);
        });
  }

  /**
   * {@code {caller, chatId, after? | before?, limit?}} → {@code {events}} in seq order; 404 for non-members. With
   * {@code after}: the first events above it (default limit 100); with {@code before}: the last ones below it
   * (default limit 50). Both at once are a 400.
   */
  public Future<JsonObject> page(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID chatId = Chats.chatId(request);
    Page page = Page.from(request);
    return requireMember(chatId, caller)
        .compose(v -> page.read(log, pool, chatId, caller.userUuid()))
        .map(History::events);
  }

  /** Which part of a chat's history a request asks for. */
  record Page(Long before, long after, int limit) {
    static final int DEFAULT_AFTER_LIMIT = 100;
    static final int DEFAULT_BEFORE_LIMIT = 50;

    static Page from(JsonObject request) {
      boolean backwards = request.getValue("before") != null;
      if (backwards && request.getValue("after") != null) {
        throw ChatproException.badRequest("give before or after, not both");
      }
      Long before = backwards ? Fields.number(request, "before", Long.MIN_VALUE, Long.MAX_VALUE) : null;
      long after = request.getValue("after") == null ? 0 : Fields.number(request, "after", 0, Long.MAX_VALUE);
      int limit = request.getValue("limit") == null ? (backwards ? DEFAULT_BEFORE_LIMIT : DEFAULT_AFTER_LIMIT)
          : (int) Fields.number(request, "limit", 1, PAGE_LIMIT);
      return new Page(before, after, limit);
    }

    Future<List<Event>> read(EventLog log, Pool pool, UUID chatId, UUID userId) {
      return before == null ? log.page(pool, chatId, userId, after, limit)
          : log.pageBefore(pool, chatId, userId, before, limit);
    }
  }

  private Future<Void> requireMember(UUID chatId, Caller caller) {
    return pool.preparedQuery(IS_MEMBER).execute(Tuple.of(chatId, caller.userUuid(), caller.orgUuid()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ChatproException.notFound("chat"))
            : Future.succeededFuture());
  }

  private static JsonObject events(List<Event> found) {
    JsonArray events = new JsonArray();
    found.forEach(e -> events.add(e.toJson()));
    return new JsonObject().put("events", events);
  }
}
