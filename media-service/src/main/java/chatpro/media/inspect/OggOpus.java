package chatpro.media.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks an Ogg Opus file page by page: one logical stream, OpusHead first, then audio packets.
 *
 * <p>Duration is the last page's granule position (48 kHz samples) minus the pre-skip from OpusHead, per RFC 7845.
 * Granules only mark page ends, so the packets completed on a page are placed evenly between the previous granule and
 * this one for the waveform; encoders keep one frame size per stream, so that is where they really are.
 */
final class OggOpus {
  private static final int PAGE_HEADER = 27;
  private static final int BEGINNING_OF_STREAM = 0x02;
  private static final long NO_GRANULE = -1;
  private static final double US_PER_SAMPLE = 1_000_000.0 / 48_000;

  private final Bytes b;
  private final Limits limits;
  private final Waveform waveform;
  private final List<Integer> pagePackets = new ArrayList<>();
  private long serial = -1;
  private int packets;
  private int packetBytes;
  private int preSkip = -1;
  private long previousGranule;

  private OggOpus(Bytes b, Limits limits) {
    this.b = b;
    this.limits = limits;
    this.waveform = new Waveform(limits.maxVoiceMs());
  }

  static Voice read(Bytes b, Limits limits) throws MediaRejected {
    return new OggOpus(b, limits).walk();
  }

  private Voice walk() throws MediaRejected {
    int pos = 0;
    while (b.startsWith(pos, "OggS")) {
      pos = page(pos);
    }
    if (preSkip < 0 || packets < 3) {
      throw MediaRejected.unsupported("the Ogg file is not an Opus voice note");
    }
    Trailing.check(b, pos);
    return Voice.of(Math.round((previousGranule - preSkip) * US_PER_SAMPLE), waveform, limits);
  }

  /** Reads one page; answers where the next one starts. */
  private int page(int pos) throws MediaRejected {
    b.require(pos, PAGE_HEADER);
    long pageSerial = b.u32le(pos + 14);
    boolean first = serial < 0;
    if (b.at(pos + 4) != 0 || first != ((b.at(pos + 5) & BEGINNING_OF_STREAM) != 0)
        || !first && pageSerial != serial) {
      throw MediaRejected.unsupported("the Ogg file is not a single stream");
    }
    serial = pageSerial;
    long granule = b.u64le(pos + 6);
    int segments = b.at(pos + 26);
    int body = pos + PAGE_HEADER + segments;
    b.require(pos + PAGE_HEADER, segments);
    int offset = body;
    for (int i = 0; i < segments; i++) {
      int lace = b.at(pos + PAGE_HEADER + i);
      b.require(offset, lace);
      packetBytes += lace;
      offset += lace;
      if (lace < 255) {
        packet(offset - packetBytes, packetBytes);
        packetBytes = 0;
      }
    }
    if (granule != NO_GRANULE) {
      placePackets(granule);
    }
    return offset;
  }

  /** A completed packet ending at {@code start + len}; a packet spanning pages starts on an earlier page. */
  private void packet(int start, int len) throws MediaRejected {
    if (packets == 0) {
      if (len < 19 || !b.startsWith(start, "OpusHead") || b.at(start + 8) > 15) {
        throw MediaRejected.unsupported("the Ogg file is not Opus");
      }
      preSkip = b.u16le(start + 10);
    } else if (packets >= 2) {
      pagePackets.add(len);
    }
    packets++;
  }

  private void placePackets(long granule) throws MediaRejected {
    long maxSamples = limits.maxVoiceMs() * 48 + preSkip;
    if (granule < previousGranule || granule > maxSamples) {
      throw granule > maxSamples ? Voice.tooLong() : MediaRejected.unsupported("the Ogg file runs backwards");
    }
    int n = pagePackets.size();
    for (int i = 0; i < n; i++) {
      long sample = previousGranule + (granule - previousGranule) * i / n - preSkip;
      waveform.packet(Math.round(sample * US_PER_SAMPLE), pagePackets.get(i));
    }
    pagePackets.clear();
    previousGranule = granule;
  }
}
