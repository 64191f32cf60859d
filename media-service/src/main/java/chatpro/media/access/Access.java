package chatpro.media.access;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.media.store.MediaRecord;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Who may have a media object: its uploader, and members who can see a message that carries it (message-service
 * decides that from its log). Everyone else, other organisations included, is told it does not exist.
 */
public final class Access {
  /** Signed links live at most this long (the protocol allows five minutes). */
  static final Duration LINK_VALID = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final MediaRepository media;
  private final ObjectStore store;
  private final Clock clock;

  public Access(Vertx vertx, MediaRepository media, ObjectStore store, Clock clock) {
    this.vertx = vertx;
    this.media = media;
    this.store = store;
    this.clock = clock;
  }

  /**
   * {@code {caller, mediaId, thumbnail?, forClients?}} → {@code {url, expiresAt, mime, fileName}}: a link to the bytes
   * (or the thumbnail) that answers with the sniffed type and an inline disposition. {@code forClients} signs it
   * for the address clients reach the store by; otherwise it is for the gateway, which streams the bytes.
   */
  public Future<JsonObject> link(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = mediaId(request);
    boolean thumbnail = request.getBoolean("thumbnail", false);
    boolean forClients = request.getBoolean("forClients", false);
    return visible(caller, id).compose(m -> {
      if (thumbnail && m.thumbnailKey() == null) {
        return Future.failedFuture(ChatproException.notFound("media"));
      }
      String key = thumbnail ? m.thumbnailKey() : m.objectKey();
      String mime = thumbnail ? "image/jpeg" : m.mime();
      String fileName = m.fileName(thumbnail);
      String disposition = "inline; filename=\"" + fileName + "\"";
      String expiresAt = clock.instant().plus(LINK_VALID).toString();
      return store.downloadUrl(key, LINK_VALID, mime, disposition, forClients)
          .map(url -> {
            JsonObject answer = new JsonObject().put("url", url).put("expiresAt", expiresAt).put("mime", mime)
                .put("fileName", fileName);
            return thumbnail ? answer : answer.put("size", m.size());
          });
    });
  }

  /**
   * {@code {caller, mediaId, forwarded?}} → the media's {@code media} object for a message event. Without
   * {@code forwarded} only the uploader may send it; with it, message-service has checked that the sender can see
   * the message it comes from. Either way the media is marked as being sent, so no sweep removes it meanwhile.
   */
  public Future<JsonObject> describe(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = mediaId(request);
    boolean forwarded = request.getBoolean("forwarded", false);
    return media.get(id, caller.orgUuid()).compose(m -> {
      if (m == null || (!forwarded && !m.uploaderId().equals(caller.userUuid()))) {
        return Future.failedFuture(ChatproException.notFound("media"));
      }
      return media.claim(id, caller.orgUuid()).compose(claimed -> claimed == null
          ? Future.failedFuture(ChatproException.notFound("media"))
          : Future.succeededFuture(claimed.describe().put("kind", claimed.kind())));
    });
  }

  /** A malformed id names no media: 404 like any other unknown one. */
  private static UUID mediaId(JsonObject request) {
    String id = request.getString("mediaId");
    if (id == null || !Fields.isId(id)) {
      throw ChatproException.notFound("media");
    }
    return UUID.fromString(id);
  }

  private Future<MediaRecord> visible(Caller caller, UUID id) {
    return media.get(id, caller.orgUuid()).compose(m -> {
      if (m == null) {
        return Future.failedFuture(ChatproException.notFound("media"));
      }
      if (m.uploaderId().equals(caller.userUuid())) {
        return Future.succeededFuture(m);
      }
      JsonObject ask = new JsonObject().put("caller", caller.toJson()).put("mediaId", id.toString());
      return vertx.eventBus().<JsonObject>request(Addresses.MESSAGE_MEDIA_VISIBLE, ask)
          .compose(reply -> reply.body().getBoolean("visible", false) ? Future.succeededFuture(m)
              : Future.failedFuture(ChatproException.notFound("media")));
    });
  }
}
