package chatpro.media.access;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.bus.MediaLink;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.media.crypto.MediaKeys;
import chatpro.media.crypto.Variant;
import chatpro.media.http.InternalLinks;
import chatpro.media.store.MediaRecord;
import chatpro.media.store.MediaRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Who may have a media object: its uploader, and members who can see a message that carries it (message-service
 * decides that from its log). Everyone else, other organisations included, is told it does not exist, and so is
 * everyone once its uploader is erased. A person who may have it can get a signed link to it that needs no header,
 * for as long as the link lives and the media exists.
 */
public final class Access {
  /** URLs of the internal server for the gateway's stream live at most this long. */
  static final Duration CONTENT_URL_VALID = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final MediaRepository media;
  private final MediaKeys keys;
  private final LinkSigner signer;
  private final InternalLinks internal;
  private final Clock clock;

  public Access(Vertx vertx, MediaRepository media, MediaKeys keys, LinkSigner signer, InternalLinks internal,
                Clock clock) {
    this.vertx = vertx;
    this.media = media;
    this.keys = keys;
    this.signer = signer;
    this.internal = internal;
    this.clock = clock;
  }

  /**
   * {@code {caller, mediaId, thumbnail?}} → {@code {url, expiresAt, mime, fileName, size?}}: a URL of this service's
   * internal server that streams the decrypted bytes (or the thumbnail) for the gateway, and how to serve them.
   */
  public Future<JsonObject> link(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = id(request.getString("mediaId"));
    boolean thumbnail = request.getBoolean("thumbnail", false);
    return visible(caller, id)
        .compose(m -> serve(m, thumbnail));
  }

  /** {@code {caller, mediaId, thumbnail?}} → a {@link MediaLink} to the bytes (or thumbnail) the caller may have. */
  public Future<JsonObject> signLink(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = id(request.getString("mediaId"));
    boolean thumbnail = request.getBoolean("thumbnail", false);
    return visible(caller, id)
        .compose(m -> withThumbnailIfAsked(m, thumbnail))
        .compose(keys::readable)
        .map(m -> signer.sign(caller.orgId(), m.id().toString(), thumbnail).toJson());
  }

  /**
   * A {@link MediaLink} as a client presented it → the same answer as {@link #link}, if this service signed it, it
   * has not expired and the media still exists; 404 otherwise, the same for every reason.
   */
  public Future<JsonObject> openLink(JsonObject request) {
    MediaLink link = MediaLink.from(request);
    UUID org = id(link.orgId());
    UUID id = id(link.mediaId());
    if (!signer.accepts(link)) {
      return Future.failedFuture(ChatproException.notFound("media"));
    }
    return media.get(id, org)
        .compose(Access::existing)
        .compose(m -> serve(m, link.thumbnail()));
  }

  private Future<JsonObject> serve(MediaRecord m, boolean thumbnail) {
    return withThumbnailIfAsked(m, thumbnail)
        .compose(keys::readable)
        .map(found -> contentLink(found, thumbnail));
  }

  /** A URL for the gateway's stream, with the type and file name it serves the bytes under. */
  private JsonObject contentLink(MediaRecord m, boolean thumbnail) {
    String url = internal.content(m.orgId(), m.id(), Variant.of(thumbnail), CONTENT_URL_VALID);
    String expiresAt = clock.instant().plus(CONTENT_URL_VALID).toString();
    JsonObject answer = new JsonObject().put("url", url).put("expiresAt", expiresAt)
        .put("mime", thumbnail ? "image/jpeg" : m.mime()).put("fileName", m.fileName(thumbnail));
    return thumbnail ? answer : answer.put("size", m.size());
  }

  /** Voice notes have no thumbnail: asking for one is asking for something that does not exist. */
  private static Future<MediaRecord> withThumbnailIfAsked(MediaRecord m, boolean thumbnail) {
    return thumbnail && m.thumbnailKey() == null ? Future.failedFuture(ChatproException.notFound("media"))
        : Future.succeededFuture(m);
  }

  private static Future<MediaRecord> existing(MediaRecord m) {
    return m == null ? Future.failedFuture(ChatproException.notFound("media")) : Future.succeededFuture(m);
  }

  /**
   * {@code {caller, mediaId, forwarded?}} → the media's {@code media} object for a message event. Without
   * {@code forwarded} only the uploader may send it; with it, message-service has checked that the sender can see
   * the message it comes from. Either way the media is marked as being sent, so no sweep removes it meanwhile.
   */
  public Future<JsonObject> describe(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = id(request.getString("mediaId"));
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

  /** A malformed id names no media (nor org): 404 like any other unknown one. */
  private static UUID id(String id) {
    if (id == null || !Fields.isId(id)) {
      throw ChatproException.notFound("media");
    }
    return UUID.fromString(id);
  }

  private Future<MediaRecord> visible(Caller caller, UUID id) {
    return media.get(id, caller.orgUuid())
        .compose(Access::existing)
        .compose(m -> visibleTo(caller, m));
  }

  private Future<MediaRecord> visibleTo(Caller caller, MediaRecord m) {
    if (m.uploaderId().equals(caller.userUuid())) {
      return Future.succeededFuture(m);
    }
    JsonObject ask = new JsonObject().put("caller", caller.toJson()).put("mediaId", m.id().toString());
    return vertx.eventBus().<JsonObject>request(Addresses.MESSAGE_MEDIA_VISIBLE, ask)
        .compose(reply -> reply.body().getBoolean("visible", false) ? Future.succeededFuture(m)
            : Future.failedFuture(ChatproException.notFound("media")));
  }
}
