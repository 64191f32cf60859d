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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
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
          return new Classified(MediaCipher.decrypting(key, m.orgId(), m.id(), variant, ciphertext), ciphertext);
        }, false)
        .onFailure(e -> closeQuietly(ciphertext));
  }

  /** A keyset that does not unwrap or a segment that does not authenticate: the object will never open. */
  private static ChatproException unreadable() {
    return new ChatproException(ErrorCode.INTERNAL, "the stored media does not open: changed, or its key moved");
  }

  private static void closeQuietly(SeekableByteChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was read from it
    }
  }

  /**
   * The decrypted channel, its read failures told apart: the store not answering is worth a retry (503); a read
   * that fails while the store gave every byte means the ciphertext does not authenticate (500, and logged).
   */
  private static final class Classified implements SeekableByteChannel {
    private final SeekableByteChannel plain;
    private final StoredObjectChannel ciphertext;

    Classified(SeekableByteChannel plain, StoredObjectChannel ciphertext) {
      this.plain = plain;
      this.ciphertext = ciphertext;
    }

    @Override
    public int read(ByteBuffer dst) {
      try {
        return plain.read(dst);
      } catch (IOException e) {
        throw ciphertext.failed() ? new ChatproException(ErrorCode.UNAVAILABLE, "the media store did not answer")
            : unreadable();
      }
    }

    @Override
    public long size() throws IOException {
      return plain.size();
    }

    @Override
    public long position() throws IOException {
      return plain.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      plain.position(newPosition);
      return this;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return plain.isOpen();
    }

    @Override
    public void close() throws IOException {
      plain.close();
    }
  }
}
