package chatpro.media.http;

import chatpro.media.crypto.Variant;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The URLs media-service hands the gateways (and export jobs) to its internal HTTP server: a path that says what
 * (an upload for this person, these media bytes, this export file) with an expiry and a signature over both. The
 * gateway only carries them: it needs neither store credentials nor keys, and a URL is worth nothing once expired or
 * changed.
 *
 * <p>The signature is the lowercase hex HMAC-SHA256 of {@code FORMAT, path, expires} joined by newlines, under a key
 * derived from the media link key ({@code LinkSigner#derive}), so every replica accepts what any of them made.
 */
public final class InternalLinks {
  static final String FORMAT = "chatpro-media-internal-v1";
  public static final String DERIVATION_LABEL = "chatpro media internal link key v1";
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private final Clock clock;
  private volatile String base;

  public InternalLinks(byte[] key, Clock clock) {
    this.key = key.clone();
    this.clock = clock;
  }

  /** Where this replica's internal server listens ({@code http://host:port}); set once it does. */
  void listeningAt(String base) {
    this.base = base;
  }

  /** Where the gateway PUTs an upload of this person. */
  public String upload(UUID org, UUID user, String kind, Duration valid) {
    return url("/uploads/" + org + "/" + user + "/" + kind, valid);
  }

  /** Where the decrypted bytes of one variant of a media stream from. */
  public String content(UUID org, UUID media, Variant variant, Duration valid) {
    return url("/media/" + org + "/" + media + "/" + variant.label(), valid);
  }

  /** Where an export file streams from ({@code key} as ExportFiles made it: {@code exports/<org>/<id>.zip}). */
  public String exportFile(String key, Duration valid) {
    return url("/" + key, valid);
  }

  private String url(String path, Duration valid) {
    if (base == null) {
      throw new IllegalStateException("the internal server does not listen yet");
    }
    long expires = clock.instant().plus(valid).getEpochSecond();
    return base + path + "?expires=" + expires + "&signature=" + signature(path, expires);
  }

  /** True when this path and expiry were signed here (by any replica) and have not expired. */
  boolean accepts(String path, String expires, String signature) {
    if (path == null || expires == null || signature == null) {
      return false;
    }
    long until;
    try {
      until = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return false;
    }
    if (until <= clock.instant().getEpochSecond()) {
      return false;
    }
    return MessageDigest.isEqual(signature(path, until).getBytes(StandardCharsets.UTF_8),
        signature.getBytes(StandardCharsets.UTF_8));
  }

  private String signature(String path, long expires) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return HexFormat.of().formatHex(mac.doFinal(String.join("\n", FORMAT, path, Long.toString(expires))
          .getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JVM", e);
    }
  }
}
