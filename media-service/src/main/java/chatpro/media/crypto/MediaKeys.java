package chatpro.media.crypto;

import chatpro.common.crypto.KeyRing;
import chatpro.common.error.ChatproException;
import chatpro.media.store.MediaRecord;
import com.google.crypto.tink.Aead;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * People's keys as media-service needs them: the uploader's, to wrap a new object's keyset and to unwrap it again.
 * Media whose uploader was erased (their key destroyed) no longer exist for anyone: 404, like an unknown id.
 */
public final class MediaKeys {
  private final KeyRing ring;

  public MediaKeys(KeyRing ring) {
    this.ring = ring;
  }

  /** The key of the person uploading now. */
  public Future<Aead> uploader(UUID orgId, UUID userId) {
    return ring.person(orgId, userId).recover(MediaKeys::goneIfDestroyed);
  }

  /** The key of the person who uploaded this media, or 404 once they are erased. */
  public Future<Aead> uploader(MediaRecord m) {
    return uploader(m.orgId(), m.uploaderId());
  }

  /** The media itself, once its uploader's key is known to exist (the check before a link is handed out). */
  public Future<MediaRecord> readable(MediaRecord m) {
    return uploader(m).map(key -> m);
  }

  private static Future<Aead> goneIfDestroyed(Throwable e) {
    return Future.failedFuture(e instanceof KeyRing.KeyDestroyed ? ChatproException.notFound("media") : e);
  }
}
