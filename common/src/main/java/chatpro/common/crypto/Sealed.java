package chatpro.common.crypto;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Text sealed with a person's key (AES-256-GCM, a random nonce each time), as base64 of Tink's ciphertext: the
 * key's id, the nonce, the ciphertext and the tag. {@code context} is bound as associated data, so a sealed value
 * moved to another message, chat or org does not open.
 */
public final class Sealed {
  private Sealed() {}

  public static String seal(Aead key, String text, String context) {
    try {
      return Base64.getEncoder().encodeToString(key.encrypt(text.getBytes(StandardCharsets.UTF_8), bytes(context)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** The text, or a {@link GeneralSecurityException} when the value was changed, moved or sealed with another key. */
  public static String open(Aead key, String sealed, String context) throws GeneralSecurityException {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("not base64");
    }
    return new String(key.decrypt(raw, bytes(context)), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String context) {
    return context.getBytes(StandardCharsets.UTF_8);
  }
}
