package chatpro.media.http;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.media.crypto.MediaCipher;
import chatpro.media.crypto.MediaKeys;
import chatpro.media.crypto.Variant;
import chatpro.media.store.MediaRecord;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import chatpro.media.store.StoredObjectChannel;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.StreamingAead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * The plaintext of one stored media object for a signed internal URL: its row, its uploader's key (404 once they
 * are erased), its keyset unwrapped, and the object decrypted as it is read from the store, range by range. The
 * access check was made when the URL was signed ({@code Access}, {@code ExportFiles}).
 */
final class MediaContent {
  private final Vertx vertx;
  private final MediaRepository media;
  private final ObjectStore store;
  private final MediaKeys keys;
  private final ChannelStream stream;

  MediaContent(Vertx vertx, MediaRepository media, ObjectStore store, MediaKeys keys, ChannelStream stream) {
    this.vertx = vertx;
    this.media = media;
    this.store = store;
    this.keys = keys;
    this.stream = stream;
  }

  Future<Void> serve(HttpServerRequest request, UUID org, UUID id, Variant variant) {
    return media.get(id, org)
        .compose(m -> m == null || m.key(variant) == null ? Future.failedFuture(ChatproException.notFound("media"))
            : Future.succeededFuture(m))
        .compose(m -> plaintext(m, variant)
            .compose(channel -> stream.serve(request, channel, variant == Variant.ORIGINAL ? m.size() : null)));
  }

  private Future<SeekableByteChannel> plaintext(MediaRecord m, Variant variant) {
    return keys.uploader(m)
        .compose(key -> store.channel(m.key(variant))
            .recover(e -> Future.failedFuture(ObjectStore.missing(e) ? ChatproException.notFound("media") : e))
            .compose(ciphertext -> decrypting(key, m, variant, ciphertext)));
  }

  /** Unwraps the object's keyset and opens the ciphertext with it; an object stored before encryption as it is. */
  private Future<SeekableByteChannel> decrypting(Aead uploader, MediaRecord m, Variant variant,
                                                 StoredObjectChannel ciphertext) {
    String wrapped = m.keyset(variant);
    if (wrapped == null) {
      return Future.succeededFuture(ciphertext);
    }
    return vertx.<SeekableByteChannel>executeBlocking(() -> {
          StreamingAead key;
          try {
            key = MediaCipher.unwrap(uploader, wrapped, m.orgId(), m.id(), variant);
          } catch (GeneralSecurityException e) {
            throw unreadable();
          }
          return new DecryptedChannel(MediaCipher.decrypting(key, m.orgId(), m.id(), variant, ciphertext), ciphertext,
              MediaContent::unreadable);
        }, false)
        .onFailure(e -> DecryptedChannel.closeQuietly(ciphertext));
  }

  /** A keyset that does not unwrap or a segment that does not authenticate: the object will never open. */
  private static ChatproException unreadable() {
    return new ChatproException(ErrorCode.INTERNAL, "the stored media does not open: changed, or its key moved");
  }
}
