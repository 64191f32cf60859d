package chatpro.common.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;

/**
 * Keysets for objects stored encrypted as a whole (media objects, export files): Tink's streaming AEAD
 * (AES-256-GCM-HKDF, 1 MiB segments), a fresh keyset for each object, kept only wrapped by a person's key. The
 * wrapping is bound to a context that names the object, so a keyset moved to another object does not unwrap.
 * Segments are authenticated one by one: a range is decrypted from the segment that holds its start, and a changed
 * byte fails the segment that holds it instead of yielding other plaintext.
 */
public final class StreamingKeys {
  /** Segments of 1 MiB: a seek reads and checks at most one segment before the first byte it needs. */
  public static final int SEGMENT_BYTES = 1024 * 1024;
  /** Tink's header for these parameters: its length byte, a 32-byte salt and a 7-byte nonce prefix. */
  static final int HEADER_BYTES = 1 + 32 + 7;
  /** Each segment's GCM tag. */
  static final int TAG_BYTES = 16;
  private static final AesGcmHkdfStreamingParameters PARAMETERS = parameters();

  private StreamingKeys() {}

  /** A fresh keyset for one object, and its wrapping by the owner's key (what is stored with or for the object). */
  public record ObjectKey(StreamingAead aead, String wrapped) {}

  public static ObjectKey fresh(Aead owner, byte[] context) throws GeneralSecurityException {
    KeysetHandle keyset = KeysetHandle.generateNew(PARAMETERS);
    String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, owner, context);
    return new ObjectKey(keyset.getPrimitive(RegistryConfiguration.get(), StreamingAead.class), wrapped);
  }

  /** The object's keyset from its wrapping; fails when it was changed, moved, or wrapped by another person's key. */
  public static StreamingAead unwrap(Aead owner, String wrapped, byte[] context) throws GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrapped, owner, context)
        .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
  }

  /**
   * The plaintext size of a ciphertext of this size (Tink's format: the header in the first segment, a tag per
   * segment), known without reading it; -1 for a size no ciphertext of these parameters has.
   */
  public static long plaintextSize(long ciphertextSize) {
    if (ciphertextSize < HEADER_BYTES + TAG_BYTES) {
      return -1;
    }
    long segments = (ciphertextSize + SEGMENT_BYTES - 1) / SEGMENT_BYTES;
    long last = ciphertextSize - (segments - 1) * SEGMENT_BYTES;
    if (last < TAG_BYTES + (segments == 1 ? HEADER_BYTES : 1)) {
      return -1;
    }
    return ciphertextSize - HEADER_BYTES - segments * TAG_BYTES;
  }

  private static AesGcmHkdfStreamingParameters parameters() {
    try {
      StreamingAeadConfig.register();
      return AesGcmHkdfStreamingParameters.builder()
          .setKeySizeBytes(32)
          .setDerivedAesGcmKeySizeBytes(32)
          .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
          .setCiphertextSegmentSizeBytes(SEGMENT_BYTES)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink's streaming AEAD could not be registered", e);
    }
  }
}
