package chatpro.media.exports;

import chatpro.common.crypto.ExportFileCipher;
import chatpro.common.crypto.KeyRing;
import chatpro.common.crypto.StreamingKeys;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.StreamingAead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The keyset an export file is stored with: S3 user metadata given when its upload begins, so the file and its key go
 * together (deleting the file deletes the key, and no table holds it): the keyset wrapped by the key owner's person
 * key ({@link ExportFileCipher}), and the key owner's id. Unwrapped here with the key owner's key, fetched through the
 * key ring: once that key is destroyed the file is gone for everyone (404, like a missing export).
 */
public final class ExportFileKeys {
  static final String OWNER = "chatpro-key-owner";
  static final String KEYSET = "chatpro-keyset";
  /**
   * S3 keeps at most 2 KB of user metadata per object; a wrapped keyset is about 500 characters of JSON, which base64
   * (a header value has no line breaks) makes a third longer.
   */
  static final int MAX_KEYSET_CHARS = 1024;

  private final Vertx vertx;
  private final KeyRing ring;

  public ExportFileKeys(Vertx vertx, KeyRing ring) {
    this.vertx = vertx;
    this.ring = ring;
  }

  /** The metadata a new export file is stored with. */
  static Map<String, String> metadata(UUID owner, String wrapped) {
    return Map.of(OWNER, owner.toString(),
        KEYSET, Base64.getEncoder().encodeToString(wrapped.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The keyset of the export file stored under {@code key} ({@code exports/<org>/<export>.zip}) with this metadata,
   * unwrapped on a worker; null for a file stored before export files were encrypted (they go within 7 days). 404
   * once the key owner's key is destroyed; 500 when the keyset does not unwrap (changed, or moved from another file).
   */
  public Future<StreamingAead> keyset(String key, Map<String, String> metadata) {
    String owner = metadata.get(OWNER);
    String keyset = metadata.get(KEYSET);
    if (owner == null && keyset == null) {
      return Future.succeededFuture(null);
    }
    UUID ownerId;
    String wrapped;
    try {
      ownerId = UUID.fromString(owner);
      wrapped = new String(Base64.getDecoder().decode(keyset), StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      return Future.failedFuture(unreadable());
    }
    return ring.person(org(key), ownerId)
        .recover(ExportFileKeys::goneIfDestroyed)
        .compose(ownerKey -> unwrap(ownerKey, wrapped, key));
  }

  private Future<StreamingAead> unwrap(Aead owner, String wrapped, String key) {
    return vertx.executeBlocking(() -> {
      try {
        return ExportFileCipher.unwrap(owner, wrapped, org(key), export(key));
      } catch (GeneralSecurityException e) {
        throw unreadable();
      }
    }, false);
  }

  /** The plaintext size of a stored file: its stored size if it is not encrypted (null keyset). */
  public static long plaintextSize(StreamingAead keyset, long storedSize) {
    if (keyset == null) {
      return storedSize;
    }
    long size = StreamingKeys.plaintextSize(storedSize);
    if (size < 0) {
      throw unreadable();
    }
    return size;
  }

  /** A keyset that does not unwrap, or a file whose size no ciphertext has: it will never open. */
  public static ChatproException unreadable() {
    return new ChatproException(ErrorCode.INTERNAL, "the stored export file does not open: changed, or its key moved");
  }

  /** The org in an export file's key. */
  public static UUID org(String key) {
    return UUID.fromString(key.substring(ExportFiles.PREFIX.length(), ExportFiles.PREFIX.length() + 36));
  }

  /** The export in an export file's key. */
  public static UUID export(String key) {
    int at = ExportFiles.PREFIX.length() + 37;
    return UUID.fromString(key.substring(at, at + 36));
  }

  private static Future<Aead> goneIfDestroyed(Throwable e) {
    return Future.failedFuture(e instanceof KeyRing.KeyDestroyed ? ChatproException.notFound("export") : e);
  }
}
