package chatpro.media.crypto;

import chatpro.common.crypto.StreamingKeys;
import chatpro.common.crypto.StreamingKeys.ObjectKey;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.StreamingAead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * Media bytes at rest. Every stored object (a picture, its thumbnail, a voice note) is encrypted with a streaming
 * keyset made for that object alone ({@link StreamingKeys}: AES-256-GCM-HKDF, 1 MiB segments), which is stored only
 * wrapped by its uploader's person key. The wrapping is bound to the org, the media id and the variant, and so is the
 * ciphertext: a keyset or an object moved to another media (or from the picture to its thumbnail) does not open.
 *
 * <p>Blocking code (file and cipher work): call it on a worker thread.
 */
public final class MediaCipher {
  static final int SEGMENT_BYTES = StreamingKeys.SEGMENT_BYTES;

  private MediaCipher() {}

  /** A fresh keyset for one object, and its wrapping by the uploader's key (what the media table stores). */
  public static ObjectKey fresh(Aead uploader, UUID org, UUID media, Variant variant) throws GeneralSecurityException {
    return StreamingKeys.fresh(uploader, keyContext(org, media, variant));
  }

  /** The object's keyset from its wrapping; fails when it was changed, moved, or wrapped by another person's key. */
  public static StreamingAead unwrap(Aead uploader, String wrapped, UUID org, UUID media, Variant variant)
      throws GeneralSecurityException {
    return StreamingKeys.unwrap(uploader, wrapped, keyContext(org, media, variant));
  }

  /** Writes the encryption of {@code plain} to {@code sealed} (created or truncated). */
  public static void encrypt(StreamingAead key, UUID org, UUID media, Variant variant, Path plain, Path sealed)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(plain);
         OutputStream file = Files.newOutputStream(sealed);
         OutputStream out = key.newEncryptingStream(file, objectContext(org, media, variant))) {
      in.transferTo(out);
    }
  }

  /**
   * The plaintext of a stored object as a seekable channel over its ciphertext; reads fail with an
   * {@link IOException} where a segment does not authenticate.
   */
  public static SeekableByteChannel decrypting(StreamingAead key, UUID org, UUID media, Variant variant,
                                               SeekableByteChannel ciphertext)
      throws IOException, GeneralSecurityException {
    return key.newSeekableDecryptingChannel(ciphertext, objectContext(org, media, variant));
  }

  /** What an object's wrapped keyset is bound to. */
  static byte[] keyContext(UUID org, UUID media, Variant variant) {
    return ("chatpro.media-key:" + org + ":" + media + ":" + variant.label()).getBytes(StandardCharsets.UTF_8);
  }

  /** What an object's ciphertext is bound to (the streaming AEAD's associated data). */
  static byte[] objectContext(UUID org, UUID media, Variant variant) {
    return ("chatpro.media:" + org + ":" + media + ":" + variant.label()).getBytes(StandardCharsets.UTF_8);
  }
}
