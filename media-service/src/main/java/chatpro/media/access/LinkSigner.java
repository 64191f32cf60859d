package chatpro.media.access;

import chatpro.common.bus.MediaLink;
import chatpro.common.config.ChatproConfig.S3Config;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the links clients load media by on the gateway's own origin. A link binds the org, the media,
 * full bytes or thumbnail, and its expiry: changing any of them, or the signature, makes it worthless. Only
 * media-service holds the key; every replica derives the same one from the settings.
 *
 * <p>The signature is the lowercase hex HMAC-SHA256 of {@code FORMAT, orgId, mediaId, "thumbnail"|"full",
 * expires} joined by newlines (ids never hold one), under {@code CHATPRO_MEDIA_LINK_SECRET} or, when that is empty,
 * under HMAC-SHA256(S3 secret key, {@code DERIVATION_LABEL}).
 */
public final class LinkSigner {
  /** Links live at most this long (the protocol allows five minutes). */
  public static final Duration VALID = Duration.ofMinutes(5);
  /** Replicas' clocks may differ this much; a link reaching further ahead was not made by one of them. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
  /** Labels the key derived from the S3 secret, so it is of no use for anything but media links. */
  static final String DERIVATION_LABEL = "chatpro media link key v1";
  /** Starts the signed text; a later format changes it, so links of one format never pass for another. */
  static final String FORMAT = "chatpro-media-link-v1";
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private final Clock clock;

  LinkSigner(byte[] key, Clock clock) {
    this.key = key.clone();
    this.clock = clock;
  }

  /** The signer for these settings: {@code CHATPRO_MEDIA_LINK_SECRET}, or a key derived from the S3 secret key. */
  public static LinkSigner from(S3Config s3, Clock clock) {
    if (!s3.linkSecret().isEmpty()) {
      return new LinkSigner(s3.linkSecret().getBytes(StandardCharsets.UTF_8), clock);
    }
    if (s3.secretKey().isEmpty()) {
      throw new IllegalStateException("CHATPRO_MEDIA_LINK_SECRET and CHATPRO_S3_SECRET_KEY are both empty:"
          + " media links need one of them to be signed with");
    }
    return new LinkSigner(hmac(s3.secretKey().getBytes(StandardCharsets.UTF_8), DERIVATION_LABEL), clock);
  }

  /**
   * A key for another purpose derived from this signer's key (HMAC-SHA256 of the label), so every replica has it
   * without another setting and no signature made with it passes for a media link or the other way round.
   */
  public byte[] derive(String label) {
    return hmac(key, label);
  }

  /** A link to this media of this org, valid for {@link #VALID} from now. */
  public MediaLink sign(String orgId, String mediaId, boolean thumbnail) {
    long expires = clock.instant().plus(VALID).getEpochSecond();
    return new MediaLink(orgId, mediaId, thumbnail, expires, signature(orgId, mediaId, thumbnail, expires));
  }

  /** True when this signer made the link (as it stands) and it has not expired. */
  public boolean accepts(MediaLink link) {
    if (link.orgId() == null || link.mediaId() == null || link.signature() == null) {
      return false;
    }
    long now = clock.instant().getEpochSecond();
    if (link.expires() <= now || link.expires() > now + VALID.plus(CLOCK_SKEW).toSeconds()) {
      return false;
    }
    String expected = signature(link.orgId(), link.mediaId(), link.thumbnail(), link.expires());
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        link.signature().getBytes(StandardCharsets.UTF_8));
  }

  private String signature(String orgId, String mediaId, boolean thumbnail, long expires) {
    String signed = String.join("\n", FORMAT, orgId, mediaId, thumbnail ? "thumbnail" : "full",
        Long.toString(expires));
    return HexFormat.of().formatHex(hmac(key, signed));
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JVM", e);
    }
  }
}
