package chatpro.messaging.chat;

import chatpro.common.bus.Caller;
import chatpro.common.time.Times;
import chatpro.messaging.log.TextSeal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The chat list: the caller's chats, most recent activity first, with unread counts, the last message and each
 * member's cursors. Expired messages (retention) do not count as unread; the last message may be one, showing
 * {@code "expired": true} without its content.
 */
public final class ChatList {
  /** Unread counts stop at this number ("999+"), so a long-ignored group costs no more than a busy one. */
  public static final int MAX_UNREAD = 999;
  static final String CHATS = "SELECT c.id, c.org_id, c.type, c.name, c.last_seq, c.created_at,"
      + " (SELECT count(*) FROM (SELECT 1 FROM events e WHERE e.chat_id = c.id AND e.type = 'message'"
      + "   AND e.seq > greatest(m.read_seq, m.joined_seq - 1) AND e.actor_id <> m.user_id AND e.expired_at IS NULL"
      + "   LIMIT " + MAX_UNREAD
      + "   ) u) AS unread,"
      + " (SELECT row_to_json(l) FROM (SELECT e.chat_id, e.seq, e.type, e.at, e.body FROM events e"
      + "   WHERE e.chat_id = c.id AND e.type = 'message' AND e.seq >= m.joined_seq ORDER BY e.seq DESC LIMIT 1) l)"
      + "   AS last"
      + " FROM members m JOIN chats c ON c.id = m.chat_id"
      + " WHERE m.user_id = $1 AND m.removed_seq IS NULL AND c.org_id = $2"
      + " ORDER BY c.last_activity_at DESC, c.id LIMIT 1000";
  /**
   * Whom a user's presence concerns: the people in their direct chats and in groups of at most
   * {@link #PRESENCE_GROUP} members. In a large group presence is noise, and at a shift change it would be a storm
   * (every member's change to every member).
   */
  public static final int PRESENCE_GROUP = 64;
  static final String CONTACTS = "SELECT DISTINCT o.user_id FROM members m JOIN chats c ON c.id = m.chat_id"
      + " JOIN members o ON o.chat_id = m.chat_id"
      + " WHERE m.user_id = $1 AND m.removed_seq IS NULL AND o.removed_seq IS NULL AND o.user_id <> $1"
      + " AND (c.type = 'direct' OR (SELECT count(*) FROM members x WHERE x.chat_id = c.id"
      + " AND x.removed_seq IS NULL) <= " + PRESENCE_GROUP + ") LIMIT 50000";
  /** The members of every listed chat with their cursors, in one query (the client draws each chat's ticks). */
  static final String MEMBERS = "SELECT chat_id, user_id, role, received_seq, read_seq FROM members"
      + " WHERE chat_id = ANY($1) AND removed_seq IS NULL ORDER BY role, user_id";

  private final Pool pool;
  private final TextSeal seal;

  public ChatList(Pool pool, TextSeal seal) {
    this.pool = pool;
    this.seal = seal;
  }

  /** {@code {caller}} → {@code {chats:[Chat + unread + lastMessage]}}. */
  public Future<JsonObject> list(JsonObject request) {
    Caller caller = Caller.from(request);
    return pool.preparedQuery(CHATS).execute(Tuple.of(caller.userUuid(), caller.orgUuid())).compose(rows -> {
      Map<UUID, Row> chats = new LinkedHashMap<>();
      rows.forEach(r -> chats.put(r.getUUID("id"), r));
      List<Future<JsonObject>> lastMessages = new ArrayList<>(chats.size());
      chats.values().forEach(r -> lastMessages.add(lastMessage(r.getUUID("org_id"), r.getValue("last"))));
      return Future.all(lastMessages)
          .compose(opened -> pool.preparedQuery(MEMBERS).execute(Tuple.of(chats.keySet().toArray(UUID[]::new)))
          .map(members -> {
        Map<UUID, JsonArray> byChat = new LinkedHashMap<>();
        members.forEach(m -> byChat.computeIfAbsent(m.getUUID("chat_id"), k -> new JsonArray())
            .add(ChatRepository.member(m).toJson()));
        List<JsonObject> list = new ArrayList<>();
        int index = 0;
        for (Row r : chats.values()) {
          JsonObject chat = new JsonObject().put("id", r.getUUID("id").toString()).put("type", r.getString("type"));
          if (r.getString("name") != null) {
            chat.put("name", r.getString("name"));
          }
          chat.put("members", byChat.getOrDefault(r.getUUID("id"), new JsonArray()))
              .put("lastSeq", r.getLong("last_seq"))
              .put("createdAt", Times.format(r.getOffsetDateTime("created_at").toInstant()))
              .put("unread", r.getLong("unread"))
              .put("lastMessage", opened.<JsonObject>resultAt(index++));
          list.add(chat);
        }
        return new JsonObject().put("chats", new JsonArray(new ArrayList<>(list)));
      }));
    });
  }

  /** The chat's last message as the list shows it, its text opened. */
  private Future<JsonObject> lastMessage(UUID org, Object raw) {
    if (raw == null) {
      return Future.succeededFuture();
    }
    JsonObject row = raw instanceof JsonObject o ? o : new JsonObject(raw.toString());
    JsonObject event = new JsonObject()
        .put("chatId", row.getString("chat_id"))
        .put("seq", row.getLong("seq"))
        .put("type", row.getString("type"))
        .put("at", Times.format(java.time.OffsetDateTime.parse(row.getString("at")).toInstant()));
    UUID chat = UUID.fromString(row.getString("chat_id"));
    return seal.openBody(org, chat, row.getJsonObject("body")).map(body -> {
      body.forEach(e -> event.put(e.getKey(), e.getValue()));
      return event;
    });
  }

  /** {@code {userId}} → {@code {userIds}}: the people who share a chat with this user. */
  public Future<JsonObject> contacts(JsonObject request) {
    UUID user = UUID.fromString(chatpro.common.json.Fields.id(request, "userId"));
    return pool.preparedQuery(CONTACTS).execute(io.vertx.sqlclient.Tuple.of(user)).map(rows -> {
      io.vertx.core.json.JsonArray ids = new io.vertx.core.json.JsonArray();
      rows.forEach(r -> ids.add(r.getUUID(0).toString()));
      return new JsonObject().put("userIds", ids);
    });
  }
}
