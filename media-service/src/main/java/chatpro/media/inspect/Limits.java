package chatpro.media.inspect;

/**
 * How much one upload may be: bytes per kind, pixels and side of a picture, length of a voice note.
 *
 * @param maxImageBytes largest picture upload in bytes
 * @param maxVoiceBytes largest voice upload in bytes
 * @param maxPixels     largest width × height a picture may declare
 * @param maxSide       largest width or height a picture may declare
 * @param maxVoiceMs    longest voice note in milliseconds
 */
public record Limits(long maxImageBytes, long maxVoiceBytes, long maxPixels, int maxSide, long maxVoiceMs) {
  public static final long MIB = 1024L * 1024;
  /** The inspector maps a file as one buffer, so no limit may pass what one buffer can hold. */
  static final long MAX_BYTES_CEILING = Integer.MAX_VALUE;

  public Limits {
    requireRange("maxImageBytes", maxImageBytes, MAX_BYTES_CEILING);
    requireRange("maxVoiceBytes", maxVoiceBytes, MAX_BYTES_CEILING);
    requireRange("maxPixels", maxPixels, Integer.MAX_VALUE);
    requireRange("maxSide", maxSide, 1 << 16);
    requireRange("maxVoiceMs", maxVoiceMs, 24L * 3600 * 1000);
  }

  /** 16 MiB per upload (the protocol's limit), 40 megapixels, 12,000 px a side, 30 minutes of voice. */
  public static Limits defaults() {
    return new Limits(16 * MIB, 16 * MIB, 40_000_000L, 12_000, 30L * 60 * 1000);
  }

  long maxBytes(String kind) {
    return MediaType.IMAGE.equals(kind) ? maxImageBytes : maxVoiceBytes;
  }

  /**
   * Refuses a picture by the size its header declares, so a small file claiming a huge canvas (a pixel bomb) is
   * refused before any decoder allocates for it. "Too large" is what the uploader can act on, hence 413.
   */
  void checkPicture(long width, long height) throws MediaRejected {
    if (width <= 0 || height <= 0) {
      throw MediaRejected.unsupported("the picture declares no width or height");
    }
    if (width > maxSide || height > maxSide || width * height > maxPixels) {
      throw MediaRejected.tooLarge("the picture is larger than " + maxSide + " px a side or " + maxPixels + " pixels");
    }
  }

  private static void requireRange(String name, long value, long max) {
    if (value <= 0 || value > max) {
      throw new IllegalArgumentException(name + " must be between 1 and " + max + ", was " + value);
    }
  }
}
