package chatpro.media.http;

import chatpro.common.crypto.ExportFileCipher;
import chatpro.common.error.ChatproException;
import chatpro.media.exports.ExportFileKeys;
import chatpro.media.store.ObjectStore;
import chatpro.media.store.StoredObjectChannel;
import com.google.crypto.tink.StreamingAead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.channels.SeekableByteChannel;

/**
 * The plaintext of one export file for a signed internal URL: the stored file, its keyset (stored with it) unwrapped
 * with its key owner's key (404 once that key is destroyed), and the file decrypted as it is read from the store,
 * range by range. Its plaintext size is known from the stored size, so a range is read from the segment that holds
 * its start. The access check was made when the URL was signed ({@code ExportFiles.link}).
 */
final class ExportContent {
  private final Vertx vertx;
  private final ObjectStore store;
  private final ExportFileKeys keys;
  private final ChannelStream stream;

  ExportContent(Vertx vertx, ObjectStore store, ExportFileKeys keys, ChannelStream stream) {
    this.vertx = vertx;
    this.store = store;
    this.keys = keys;
    this.stream = stream;
  }

  /** Streams the file stored under {@code key}, a key of the form {@code exports/<org>/<export>.zip}. */
  Future<Void> serve(HttpServerRequest request, String key) {
    return store.channel(key)
        .recover(e -> Future.failedFuture(ObjectStore.missing(e) ? ChatproException.notFound("export") : e))
        .compose(ciphertext -> keys.keyset(key, ciphertext.metadata())
            .compose(keyset -> plaintext(key, keyset, ciphertext))
            .onFailure(e -> DecryptedChannel.closeQuietly(ciphertext)))
        .compose(file -> stream.serve(request, file.channel(), file.size()));
  }

  /** A channel of the plaintext and its size. */
  private record Plaintext(SeekableByteChannel channel, long size) {}

  /** The file decrypted as it is read; a file stored before export files were encrypted (no keyset) as it is. */
  private Future<Plaintext> plaintext(String key, StreamingAead keyset, StoredObjectChannel ciphertext) {
    if (keyset == null) {
      return Future.succeededFuture(new Plaintext(ciphertext, ciphertext.size()));
    }
    return vertx.executeBlocking(() -> {
      long size = ExportFileKeys.plaintextSize(keyset, ciphertext.size());
      SeekableByteChannel plain = ExportFileCipher.decrypting(keyset, ExportFileKeys.org(key),
          ExportFileKeys.export(key), ciphertext);
      return new Plaintext(new DecryptedChannel(plain, ciphertext, ExportFileKeys::unreadable), size);
    }, false);
  }
}
