package chatpro.messaging.send;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Directory;
import chatpro.common.error.ChatproException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Checks on a send that need other data: what it replies to or forwards must be visible to the sender, mentions
 * must be members, media must be the sender's, urgent needs one of the org's urgent roles. A plain text message
 * needs none of them and costs nothing here.
 */
public final class SendChecks {
  static final String MEMBER = "SELECT 1 FROM members WHERE chat_id = $1 AND user_id = $2 AND removed_seq IS NULL";
  static final String REPLY = "SELECT 1 FROM events e JOIN members m ON m.chat_id = e.chat_id AND m.user_id = $3"
      + " WHERE e.message_id = $1 AND e.chat_id = $2 AND e.type = 'message' AND e.seq >= m.joined_seq";
  static final String FORWARD = "SELECT 1 FROM events e JOIN members m ON m.chat_id = e.chat_id AND m.user_id = $2"
      + " WHERE e.message_id = $1 AND e.type = 'message' AND e.org_id = $3 AND e.seq >= m.joined_seq"
      + " AND (m.removed_seq IS NULL OR e.seq <= m.removed_seq) AND NOT coalesce((e.body->>'deleted')::boolean, false)"
      + " AND e.expired_at IS NULL";
  static final String FORWARDED_MEDIA = "SELECT 1 FROM events WHERE message_id = $1 AND type = 'message'"
      + " AND media_id = $2";
  static final String MENTIONS = "SELECT count(*) FROM members WHERE chat_id = $1 AND user_id = ANY($2)"
      + " AND removed_seq IS NULL";

  private final Vertx vertx;
  private final Pool pool;
  private final Directory directory;

  public SendChecks(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.directory = new Directory(vertx);
  }

  public Future<SendRequest> check(SendRequest r) {
    if (r.replyTo() == null && r.forwardOf() == null && r.mentions() == null && r.mediaId() == null && !r.urgent()) {
      return Future.succeededFuture(r);
    }
    UUID sender = r.caller().userUuid();
    return exists(MEMBER, Tuple.of(r.chatId(), sender), ChatproException.notFound("chat"))
        .compose(v -> r.replyTo() == null ? Future.succeededFuture()
            : exists(REPLY, Tuple.of(UUID.fromString(r.replyTo()), r.chatId(), sender),
                ChatproException.badRequest("replyTo must be a message of this chat")))
        .compose(v -> r.forwardOf() == null ? Future.succeededFuture()
            : exists(FORWARD, Tuple.of(UUID.fromString(r.forwardOf()), sender, r.caller().orgUuid()),
                ChatproException.badRequest("forwardOf must be a message you can see")))
        .compose(v -> mentions(r))
        .compose(v -> r.urgent() ? urgentAllowed(r) : Future.succeededFuture())
        .compose(v -> r.mediaId() == null ? Future.succeededFuture(r) : media(r));
  }

  /**
   * The media must be the sender's own upload, or the media of the message being forwarded (whose visibility was
   * checked above); media-service answers its description for the event, of the kind the send names.
   */
  private Future<SendRequest> media(SendRequest r) {
    Future<Boolean> forwarded = r.forwardOf() == null ? Future.succeededFuture(false)
        : pool.preparedQuery(FORWARDED_MEDIA).execute(Tuple.of(UUID.fromString(r.forwardOf()),
            UUID.fromString(r.mediaId()))).map(rows -> rows.size() > 0);
    return forwarded.compose(isForward -> vertx.eventBus().<JsonObject>request(Addresses.MEDIA_DESCRIBE,
            new JsonObject().put("caller", r.caller().toJson()).put("mediaId", r.mediaId()).put("forwarded", isForward)))
        .recover(e -> ChatproException.from(e).code() == chatpro.common.error.ErrorCode.NOT_FOUND
            ? Future.failedFuture(ChatproException.badRequest("mediaId is not a picture or voice note you uploaded"))
            : Future.failedFuture(e))
        .compose(reply -> {
          JsonObject description = reply.body();
          if (!r.kind().equals(description.remove("kind"))) {
            return Future.failedFuture(ChatproException.badRequest("kind must be the kind of the media"));
          }
          return Future.succeededFuture(r.withMedia(description));
        });
  }

  private Future<Void> mentions(SendRequest r) {
    if (r.mentions() == null || r.mentions().isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] ids = r.mentions().stream().map(UUID::fromString).toArray(UUID[]::new);
    return pool.preparedQuery(MENTIONS).execute(Tuple.tuple().addValue(r.chatId()).addValue(ids)).compose(rows ->
        rows.iterator().next().getLong(0) == ids.length ? Future.succeededFuture()
            : Future.failedFuture(ChatproException.badRequest("mentions must be members of this chat")));
  }

  /**
   * Urgent messages reach people off duty: only the org's urgent roles may send them (403 otherwise), judged by the
   * sender's current roles in the directory, not the roles in a token that may be minutes old.
   */
  private Future<Void> urgentAllowed(SendRequest r) {
    return directory.orgSettings(r.caller()).compose(settings -> directory.requireAnyRole(r.caller(),
        settings.getJsonArray("urgentRoles").getList(), "your role may not send urgent messages"));
  }

  private Future<Void> exists(String sql, Tuple args, ChatproException otherwise) {
    return pool.preparedQuery(sql).execute(args)
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture() : Future.failedFuture(otherwise));
  }
}
