package chatpro.messaging.media;

import chatpro.common.bus.Caller;
import chatpro.common.json.Fields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * What the log knows about media for media-service, the authority on what was sent: whether a person can see a
 * message carrying a media object (the download rule), and whether any message still carries it (its deletion).
 */
public final class MediaCarriers {
  /** A message not deleted, carrying the media, inside the person's membership of its chat. */
  static final String VISIBLE = "SELECT 1 FROM events e JOIN members m ON m.chat_id = e.chat_id AND m.user_id = $2"
      + " WHERE e.media_id = $1 AND e.org_id = $3 AND e.type = 'message' AND e.seq >= m.joined_seq"
      + " AND (m.removed_seq IS NULL OR e.seq <= m.removed_seq) LIMIT 1";
  /** Messages not deleted or expired that carry it, and originals a legal hold keeps (deleted but held). */
  static final String CARRIED = "SELECT (SELECT count(*) FROM events WHERE media_id = $1 AND org_id = $2"
      + " AND type = 'message') + (SELECT count(*) FROM held_originals WHERE media_id = $1 AND org_id = $2)";

  private final Pool pool;

  public MediaCarriers(Pool pool) {
    this.pool = pool;
  }

  /** {@code {caller, mediaId}} → {@code {visible}}. */
  public Future<JsonObject> visible(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID media = UUID.fromString(Fields.id(request, "mediaId"));
    return pool.preparedQuery(VISIBLE).execute(Tuple.of(media, caller.userUuid(), caller.orgUuid()))
        .map(rows -> new JsonObject().put("visible", rows.size() > 0));
  }

  /** {@code {orgId, mediaId}} → {@code {messages}}: how many messages (not deleted or expired, or held) carry it. */
  public Future<JsonObject> carried(JsonObject request) {
    UUID media = UUID.fromString(Fields.id(request, "mediaId"));
    UUID org = UUID.fromString(Fields.id(request, "orgId"));
    return pool.preparedQuery(CARRIED).execute(Tuple.of(media, org))
        .map(rows -> new JsonObject().put("messages", rows.iterator().next().getLong(0)));
  }
}
