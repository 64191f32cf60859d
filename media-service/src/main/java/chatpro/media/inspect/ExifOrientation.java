package chatpro.media.inspect;

/**
 * Reads the one EXIF field the inspector keeps the meaning of: Orientation (tag 0x0112 in IFD0). Everything else in
 * EXIF, GPS included, is dropped unread.
 */
final class ExifOrientation {
  static final int UPRIGHT = 1;
  private static final int ORIENTATION_TAG = 0x0112;
  private static final int MAX_ENTRIES = 1024;

  private ExifOrientation() {}

  /**
   * The orientation (1..8) in a TIFF-structured EXIF block at [pos, pos+len), with or without the "Exif\0\0" prefix
   * JPEG uses; {@link #UPRIGHT} when absent or unreadable, because a broken EXIF block must not refuse a photo.
   */
  static int read(Bytes b, int pos, int len) {
    if (b.startsWith(pos, "Exif\0\0")) {
      pos += 6;
      len -= 6;
    }
    try {
      return readTiff(b, pos, len);
    } catch (MediaRejected broken) {
      return UPRIGHT;
    }
  }

  private static int readTiff(Bytes b, int tiff, int len) throws MediaRejected {
    boolean little;
    if (b.startsWith(tiff, "II*\0")) {
      little = true;
    } else if (b.startsWith(tiff, "MM\0*")) {
      little = false;
    } else {
      return UPRIGHT;
    }
    long ifd = u32(b, tiff + 4, little);
    if (ifd < 8 || ifd + 2 > len) {
      return UPRIGHT;
    }
    int entries = Math.min(u16(b, tiff + (int) ifd, little), MAX_ENTRIES);
    for (int i = 0; i < entries; i++) {
      int entry = tiff + (int) ifd + 2 + i * 12;
      if (entry + 12 > tiff + len) {
        return UPRIGHT;
      }
      if (u16(b, entry, little) == ORIENTATION_TAG) {
        int value = u16(b, entry + 8, little);
        return value >= 1 && value <= 8 ? value : UPRIGHT;
      }
    }
    return UPRIGHT;
  }

  private static int u16(Bytes b, int pos, boolean little) throws MediaRejected {
    return little ? b.u16le(pos) : b.u16be(pos);
  }

  private static long u32(Bytes b, int pos, boolean little) throws MediaRejected {
    return little ? b.u32le(pos) : b.u32be(pos);
  }

  /** Orientations 5..8 turn the picture a quarter: its displayed width is its stored height. */
  static boolean swapsSides(int orientation) {
    return orientation >= 5;
  }
}
