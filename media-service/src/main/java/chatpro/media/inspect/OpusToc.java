package chatpro.media.inspect;

/** Reads how long an Opus packet plays from its first (TOC) byte, as RFC 6716 section 3.1 lays out. */
final class OpusToc {
  private static final int[] SILK_US = {10_000, 20_000, 40_000, 60_000};
  private static final int[] HYBRID_US = {10_000, 20_000};
  private static final int[] CELT_US = {2_500, 5_000, 10_000, 20_000};

  private OpusToc() {}

  /** The packet's length in microseconds; 0 when the packet is empty or malformed. */
  static long durationUs(Bytes b, int pos, int len) {
    if (len < 1) {
      return 0;
    }
    int toc = b.at(pos);
    int config = toc >> 3;
    int frameUs = config < 12 ? SILK_US[config & 3] : config < 16 ? HYBRID_US[config & 1] : CELT_US[config & 3];
    int frames = switch (toc & 3) {
      case 0 -> 1;
      case 1, 2 -> 2;
      default -> len >= 2 ? b.at(pos + 1) & 0x3F : 0;
    };
    return (long) frameUs * frames;
  }
}
