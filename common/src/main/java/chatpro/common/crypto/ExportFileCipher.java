package chatpro.common.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.StreamingAead;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * Export files at rest: each file is encrypted as it is written (message-service's export job) under a keyset of its
 * own ({@link StreamingKeys}), stored with the file only wrapped by the key of the export's key owner (the officer who
 * made an investigation export; the person a subject-access export is about), and decrypted as it is served
 * (media-service). Both the wrapping and the ciphertext are bound to the org and the export id: a keyset or a file
 * moved to another export does not open, and once the key owner's key is destroyed the file never opens again.
 */
public final class ExportFileCipher {
  private ExportFileCipher() {}

  /** A fresh keyset for one export file, wrapped by its key owner's key. */
  public static StreamingKeys.ObjectKey fresh(Aead owner, UUID org, UUID export) throws GeneralSecurityException {
    return StreamingKeys.fresh(owner, keyContext(org, export));
  }

  /** The file's keyset from its wrapping; fails when it was changed, moved, or wrapped by another person's key. */
  public static StreamingAead unwrap(Aead owner, String wrapped, UUID org, UUID export)
      throws GeneralSecurityException {
    return StreamingKeys.unwrap(owner, wrapped, keyContext(org, export));
  }

  /**
   * The plaintext of a stored file as a seekable channel over its ciphertext; reads fail with an
   * {@link IOException} where a segment does not authenticate.
   */
  public static SeekableByteChannel decrypting(StreamingAead key, UUID org, UUID export,
                                               SeekableByteChannel ciphertext)
      throws IOException, GeneralSecurityException {
    return key.newSeekableDecryptingChannel(ciphertext, fileContext(org, export));
  }

  /** What a file's wrapped keyset is bound to. */
  static byte[] keyContext(UUID org, UUID export) {
    return ("chatpro.export-key:" + org + ":" + export).getBytes(StandardCharsets.UTF_8);
  }

  /** What a file's ciphertext is bound to (the streaming AEAD's associated data). */
  public static byte[] fileContext(UUID org, UUID export) {
    return ("chatpro.export-file:" + org + ":" + export).getBytes(StandardCharsets.UTF_8);
  }
}
