package chatpro.messaging.send;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.common.time.Times;
import chatpro.messaging.compliance.Holds;
import chatpro.messaging.log.Appender;
import chatpro.messaging.log.Appender.Change;
import chatpro.messaging.log.Event;
import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Edit, delete for everyone, and reactions: each a new event about an earlier message. The message's row is locked
 * while the change is decided, so the retention sweep never takes it halfway; content a legal hold covers is kept
 * ({@link Holds}) before an edit or deletion hides it from members.
 */
public final class MessageActions {
  public static final Duration EDIT_WINDOW = Duration.ofMinutes(15);
  public static final int MAX_EMOJI = 32;
  static final String ROLE = "SELECT role, joined_seq FROM members WHERE chat_id = $1 AND user_id = $2"
      + " AND removed_seq IS NULL";

  private final Pool pool;
  private final EventLog log;
  private final Appender appender;
  private final Holds holds;
  private final Clock clock;

  public MessageActions(Pool pool, EventLog log, Appender appender, Holds holds, Clock clock) {
    this.pool = pool;
    this.log = log;
    this.appender = appender;
    this.holds = holds;
    this.clock = clock;
  }

  /** {@code {caller, messageId, text}}: the sender only, within 15 minutes, not after deletion. */
  public Future<JsonObject> edit(JsonObject request) {
    Caller caller = Caller.from(request);
    String text = Fields.string(request, "text", 1, SendRequest.MAX_TEXT);
    return act(caller, messageId(request), (conn, message, role) -> {
      if (!message.actorId().equals(caller.userUuid())) {
        return Future.failedFuture(ChatproException.forbidden("only the sender may edit a message"));
      }
      if (message.fields().getBoolean("deleted", false)) {
        return Future.failedFuture(ChatproException.conflict("the message was deleted"));
      }
      if (expired(message)) {
        return Future.failedFuture(ChatproException.conflict("the message expired"));
      }
      Instant sent = Times.parse(message.fields().getString("sentAt")).orElse(message.at());
      if (clock.instant().isAfter(sent.plus(EDIT_WINDOW))) {
        return Future.failedFuture(ChatproException.forbidden("messages can be edited for 15 minutes"));
      }
      return keepIfHeld(conn, message, false)
          .compose(v -> log.edit(conn, message, text, clock.instant()))
          .map(v -> List.of(event(caller, message, Event.MESSAGE_EDITED, new JsonObject()
              .put("messageId", message.messageId().toString()).put("text", text))));
    });
  }

  /** {@code {caller, messageId}}: the sender, or a group admin; the content is gone for everyone. */
  public Future<JsonObject> delete(JsonObject request) {
    Caller caller = Caller.from(request);
    String inChat = request.getString("chatId");
    return act(caller, messageId(request), (conn, message, role) -> {
      boolean sender = message.actorId().equals(caller.userUuid());
      if (inChat != null && !inChat.equals(message.chatId().toString())) {
        return Future.failedFuture(ChatproException.notFound("message"));
      }
      if (!sender && !"group-admin".equals(role)) {
        return Future.failedFuture(ChatproException.forbidden("only the sender or a group admin may delete it"));
      }
      if (message.fields().getBoolean("deleted", false) || expired(message)) {
        return Future.succeededFuture(List.of());
      }
      return keepIfHeld(conn, message, true)
          .compose(v -> log.eraseContent(conn, message))
          .map(v -> List.of(event(caller, message, Event.MESSAGE_DELETED,
              new JsonObject().put("messageId", message.messageId().toString()))));
    });
  }

  /** {@code {caller, messageId, emoji}}: one reaction per person per message; an empty emoji removes it. */
  public Future<JsonObject> react(JsonObject request) {
    Caller caller = Caller.from(request);
    String emoji = Fields.string(request, "emoji", 0, MAX_EMOJI);
    return act(caller, messageId(request), (conn, message, role) -> {
      if (message.fields().getBoolean("deleted", false)) {
        return Future.failedFuture(ChatproException.conflict("the message was deleted"));
      }
      if (expired(message)) {
        return Future.failedFuture(ChatproException.conflict("the message expired"));
      }
      return Future.succeededFuture(List.of(event(caller, message, Event.REACTION, new JsonObject()
          .put("messageId", message.messageId().toString()).put("userId", caller.userId()).put("emoji", emoji))));
    });
  }

  /** The decision about a message, made while its chat is locked. */
  @FunctionalInterface
  interface Action {
    Future<List<Event>> apply(SqlConnection conn, Event message, String role);
  }

  /** Finds the message and the caller's role in its chat (404 unless they can see it), then acts under the lock. */
  private Future<JsonObject> act(Caller caller, UUID messageId, Action action) {
    return log.message(pool, messageId)
        .compose(found -> {
          if (found == null || !found.orgId().equals(caller.orgUuid())) {
            return Future.failedFuture(ChatproException.notFound("message"));
          }
          return appender.<Void>inChat(found.chatId(), (conn, last) -> log.messageForChange(conn, messageId)
              .compose(message -> conn.preparedQuery(ROLE).execute(Tuple.of(message.chatId(), caller.userUuid()))
                  .compose(rows -> {
                    if (rows.size() == 0 || rows.iterator().next().getLong("joined_seq") > message.seq()) {
                      return Future.failedFuture(ChatproException.notFound("message"));
                    }
                    return isGroup(conn, message.chatId()).compose(group -> {
                      String role = group && "admin".equals(rows.iterator().next().getString("role"))
                          ? "group-admin" : "member";
                      return action.apply(conn, message, role);
                    });
                  }))
              .map(drafts -> new Change<Void>(drafts, null)));
        })
        .map(done -> done.events().isEmpty() ? new JsonObject()
            : new JsonObject().put("seq", done.events().get(0).seq()));
  }

  /** Before a change hides content from members: a copy for the record, if a legal hold covers the message. */
  private Future<Void> keepIfHeld(SqlConnection conn, Event message, boolean withEdits) {
    return holds.covers(conn, message)
        .compose(held -> held ? log.keepOriginals(conn, message, withEdits, clock.instant())
            : Future.succeededFuture());
  }

  private static boolean expired(Event message) {
    return message.fields().getBoolean("expired", false);
  }

  private Future<Boolean> isGroup(SqlConnection conn, UUID chatId) {
    return conn.preparedQuery("SELECT type FROM chats WHERE id = $1").execute(Tuple.of(chatId))
        .map(rows -> "group".equals(rows.iterator().next().getString(0)));
  }

  private Event event(Caller caller, Event message, String type, JsonObject fields) {
    return new Event(message.chatId(), 0, caller.orgUuid(), type, clock.instant(), caller.userUuid(),
        null, fields);
  }

  private static UUID messageId(JsonObject request) {
    String id = request.getString("messageId");
    if (!Fields.isId(id)) {
      throw ChatproException.notFound("message");
    }
    return UUID.fromString(id);
  }
}
