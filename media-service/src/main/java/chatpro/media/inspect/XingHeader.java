package chatpro.media.inspect;

/**
 * Reads the frame count an MP3 encoder puts in its first frame (a Xing/Info or VBRI header) and the LAME tag's
 * encoder delay and padding, so a VBR file's duration needs no guess from its bitrate.
 */
final class XingHeader {
  private static final int FRAMES_FLAG = 0x1;
  private static final int BYTES_FLAG = 0x2;
  private static final int TOC_FLAG = 0x4;
  private static final int QUALITY_FLAG = 0x8;
  private static final int VBRI_OFFSET = 4 + 32;

  private XingHeader() {}

  /** The declared audio frame count, or 0 when the first frame carries none. */
  static long frames(Bytes b, int frame, int header) throws MediaRejected {
    int xing = xingOffset(frame, header);
    if (b.startsWith(xing, "Xing") || b.startsWith(xing, "Info")) {
      return (b.u32be(xing + 4) & FRAMES_FLAG) != 0 ? b.u32be(xing + 8) : 0;
    }
    if (b.startsWith(frame + VBRI_OFFSET, "VBRI")) {
      return b.u32be(frame + VBRI_OFFSET + 14);
    }
    return 0;
  }

  /** Encoder delay plus padding in samples from a LAME tag after the Xing fields; 0 without one. */
  static long delayAndPadding(Bytes b, int frame, int header) throws MediaRejected {
    int xing = xingOffset(frame, header);
    if (!b.startsWith(xing, "Xing") && !b.startsWith(xing, "Info")) {
      return 0;
    }
    long flags = b.u32be(xing + 4);
    int lame = xing + 8 + ((flags & FRAMES_FLAG) != 0 ? 4 : 0) + ((flags & BYTES_FLAG) != 0 ? 4 : 0)
        + ((flags & TOC_FLAG) != 0 ? 100 : 0) + ((flags & QUALITY_FLAG) != 0 ? 4 : 0);
    if (!b.startsWith(lame, "LAME") && !b.startsWith(lame, "Lavc") && !b.startsWith(lame, "Lavf")) {
      return 0;
    }
    int packed = b.u16be(lame + 21) << 8 | b.u8(lame + 23); // 12 bits delay, then 12 bits padding
    return (packed >> 12) + (packed & 0xFFF);
  }

  /** The Xing header follows the frame header and the side information, whose size depends on version and mode. */
  private static int xingOffset(int frame, int header) {
    boolean v1 = Mp3Audio.version(header) == 3;
    boolean mono = Mp3Audio.mono(header);
    int sideInfo = v1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
    return frame + 4 + sideInfo;
  }
}
