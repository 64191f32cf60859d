package chatpro.media.inspect;

/**
 * Walks an MP3 file: an optional ID3v2 tag (skipped unread), then MPEG Layer III frames back to back with one
 * version and sample rate, then optional ID3v1/APE tags. At least {@link #MIN_FRAMES} frames must chain, since two
 * sync bytes alone match too much. Duration is the Xing/Info or VBRI frame count (minus the LAME encoder delay and
 * padding when given), else the frames walked.
 */
final class Mp3Audio {
  private static final int MIN_FRAMES = 4;
  private static final int[] BITRATES_V1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
  private static final int[] BITRATES_V2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
  private static final int[] RATES_V1 = {44_100, 48_000, 32_000};
  private static final int MPEG1 = 3;

  private Mp3Audio() {}

  /** Whether a Layer III frame header with a valid bitrate and sample rate starts at {@code pos}. */
  static boolean isFrameHeader(Bytes b, int pos) {
    if (pos < 0 || pos + 4 > b.size() || b.at(pos) != 0xFF || (b.at(pos + 1) & 0xE0) != 0xE0) {
      return false;
    }
    int version = b.at(pos + 1) >> 3 & 3;
    int layer = b.at(pos + 1) >> 1 & 3;
    int bitrate = b.at(pos + 2) >> 4;
    int rate = b.at(pos + 2) >> 2 & 3;
    return version != 1 && layer == 1 && bitrate != 0 && bitrate != 15 && rate != 3;
  }

  static Voice read(Bytes b, Limits limits) throws MediaRejected {
    int pos = afterId3(b);
    if (!isFrameHeader(b, pos)) {
      throw MediaRejected.unsupported("the file is not MP3 audio");
    }
    int header = b.u16be(pos) << 16 | b.u16be(pos + 2);
    int rate = sampleRate(header);
    int samplesPerFrame = version(header) == MPEG1 ? 1152 : 576;
    long declaredFrames = XingHeader.frames(b, pos, header);
    long gapless = XingHeader.delayAndPadding(b, pos, header);
    if (declaredFrames > 0) {
      pos += frameLength(header); // the Xing/Info frame is silence that only carries the count
    }
    Waveform waveform = new Waveform(limits.maxVoiceMs());
    long frames = 0;
    while (isFrameHeader(b, pos) && sameStream(header, b.u16be(pos) << 16 | b.u16be(pos + 2))) {
      int length = frameLength(b.u16be(pos) << 16 | b.u16be(pos + 2));
      if (pos + length > b.size()) {
        break; // a cut-off last frame is trailing data
      }
      waveform.packet(frames * samplesPerFrame * 1_000_000L / rate, length);
      frames++;
      pos += length;
    }
    if (frames < MIN_FRAMES) {
      throw MediaRejected.unsupported("the file is not MP3 audio");
    }
    Trailing.check(b, pos);
    long samples = (declaredFrames > 0 ? declaredFrames : frames) * samplesPerFrame - gapless;
    return Voice.of(samples * 1_000_000L / rate, waveform, limits);
  }

  /** Skips an ID3v2 tag (its size is four 7-bit bytes) and the zero padding some writers leave after it. */
  private static int afterId3(Bytes b) throws MediaRejected {
    if (!b.startsWith(0, "ID3")) {
      return 0;
    }
    int size = 0;
    for (int i = 6; i < 10; i++) {
      int sevenBits = b.u8(i);
      if (sevenBits > 0x7F) {
        throw MediaRejected.unsupported("the MP3 file has a malformed ID3 tag");
      }
      size = size << 7 | sevenBits;
    }
    int pos = 10 + size + ((b.u8(5) & 0x10) != 0 ? 10 : 0);
    b.require(0, pos);
    while (pos < b.size() && b.at(pos) == 0) {
      pos++;
    }
    return pos;
  }

  static int version(int header) {
    return header >> 19 & 3;
  }

  static int sampleRate(int header) {
    int rate = RATES_V1[header >> 10 & 3];
    return switch (version(header)) {
      case MPEG1 -> rate;
      case 2 -> rate / 2;
      default -> rate / 4; // MPEG 2.5
    };
  }

  static boolean mono(int header) {
    return (header >> 6 & 3) == 3;
  }

  /** Layer III frame length: 144 (MPEG-1) or 72 (MPEG-2/2.5) × bitrate ÷ sample rate, plus the padding slot. */
  static int frameLength(int header) {
    boolean v1 = version(header) == MPEG1;
    int kbps = (v1 ? BITRATES_V1 : BITRATES_V2)[header >> 12 & 0xF];
    int padding = header >> 9 & 1;
    return (v1 ? 144 : 72) * kbps * 1000 / sampleRate(header) + padding;
  }

  /** Frames of one stream share version, layer and sample rate; anything else is not the next frame. */
  private static boolean sameStream(int first, int next) {
    return (first & 0xFFFE0C00) == (next & 0xFFFE0C00);
  }
}
