package chatpro.media.inspect;

import java.util.Locale;
import java.util.Map;

/** Compares the Content-Type an uploader declared with the type the bytes turned out to be. */
final class DeclaredType {
  private static final Map<String, String> ALIASES = Map.of(
      "image/jpg", "image/jpeg",
      "audio/opus", "audio/ogg",
      "audio/x-m4a", "audio/mp4");

  private DeclaredType() {}

  /** The declared type without parameters, lowercase, aliases resolved; null when the header claims nothing. */
  static String normalise(String declared) {
    if (declared == null) {
      return null;
    }
    int semicolon = declared.indexOf(';');
    String type = (semicolon < 0 ? declared : declared.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    if (type.isEmpty() || type.equals("application/octet-stream")) {
      return null;
    }
    return ALIASES.getOrDefault(type, type);
  }

  /** Refuses an upload whose declared type names something other than what its bytes are. */
  static void check(String declared, MediaType sniffed) throws MediaRejected {
    String claimed = normalise(declared);
    if (claimed != null && !claimed.equals(sniffed.mime)) {
      throw MediaRejected.unsupported("the declared type does not match the bytes, which are " + sniffed.mime);
    }
  }
}
