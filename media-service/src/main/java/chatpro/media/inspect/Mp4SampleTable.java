package chatpro.media.inspect;

/**
 * Reads where an MP4 track's samples are in time and how big they are: the sample table (stts + stsz) of a plain
 * file, or the track runs (tfhd + tfdt + trun) of a fragment. Every count is checked against the bytes that hold it,
 * so a crafted count cannot make a loop run longer than the file is big.
 */
final class Mp4SampleTable {
  private Mp4SampleTable() {}

  /** Receives each sample's start (in the track's timescale) and size in bytes. */
  interface Sink {
    void sample(long time, long size) throws MediaRejected;
  }

  /** Walks stts and stsz together; answers the end time of the last sample. */
  static long read(Bytes b, Mp4Box stbl, Sink sink) throws MediaRejected {
    Mp4Box stts = stbl.child(b, "stts");
    Mp4Box stsz = stbl.child(b, "stsz");
    if (stts == null || stsz == null) {
      throw MediaRejected.unsupported("the MP4 audio track has no sample table");
    }
    long uniformSize = b.u32be(stsz.data() + 4);
    long count = b.u32be(stsz.data() + 8);
    long entries = b.u32be(stts.data() + 4);
    boolean fits = uniformSize == 0 ? 12 + count * 4 <= stsz.size() : count * uniformSize <= b.size();
    if (!fits || 8 + entries * 8 > stts.size()) {
      throw MediaRejected.unsupported("the MP4 sample table declares more than it holds");
    }
    long time = 0;
    int entry = -1;
    long left = 0;
    long delta = 0;
    for (int i = 0; i < count; i++) {
      while (left == 0) {
        if (++entry >= entries) {
          throw MediaRejected.unsupported("the MP4 sample table has fewer times than samples");
        }
        left = b.u32be(stts.data() + 8 + entry * 8);
        delta = b.u32be(stts.data() + 12 + entry * 8);
      }
      sink.sample(time, uniformSize != 0 ? uniformSize : b.u32be(stsz.data() + 12 + i * 4));
      time += delta;
      left--;
    }
    return time;
  }

  /**
   * Walks one track fragment's runs when it belongs to {@code trackId}; answers the time after its last sample.
   * Samples start at tfdt's decode time, or where the previous fragment ended ({@code time}).
   */
  static long fragment(Bytes b, Mp4Box traf, long trackId, long defaultDuration, long defaultSize, long time,
                       Sink sink) throws MediaRejected {
    Mp4Box tfhd = traf.child(b, "tfhd");
    if (tfhd == null || b.u32be(tfhd.data() + 4) != trackId) {
      return time;
    }
    int flags = flags(b, tfhd);
    int pos = tfhd.data() + 8 + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
    if ((flags & 0x08) != 0) {
      defaultDuration = b.u32be(pos);
      pos += 4;
    }
    if ((flags & 0x10) != 0) {
      defaultSize = b.u32be(pos);
    }
    Mp4Box tfdt = traf.child(b, "tfdt");
    if (tfdt != null) {
      time = tfdt.version(b) == 1 ? b.u64be(tfdt.data() + 4) : b.u32be(tfdt.data() + 4);
    }
    for (int at = traf.data(); at + 8 <= traf.end(); ) {
      Mp4Box box = Mp4Box.read(b, at, traf.end());
      if (box.type().equals("trun")) {
        time = run(b, box, defaultDuration, defaultSize, time, sink);
      }
      at = box.end();
    }
    return time;
  }

  private static long run(Bytes b, Mp4Box trun, long defaultDuration, long defaultSize, long time, Sink sink)
      throws MediaRejected {
    int flags = flags(b, trun);
    long count = b.u32be(trun.data() + 4);
    int pos = trun.data() + 8 + ((flags & 0x01) != 0 ? 4 : 0) + ((flags & 0x04) != 0 ? 4 : 0);
    int perSample = 4 * Integer.bitCount(flags & 0xF00);
    boolean fits = perSample > 0
        ? pos + count * perSample <= trun.end()
        : count * Math.max(1, defaultSize) <= b.size();
    if (!fits) {
      throw MediaRejected.unsupported("the MP4 track run declares more samples than it holds");
    }
    for (int i = 0; i < count; i++) {
      long duration = defaultDuration;
      long size = defaultSize;
      if ((flags & 0x100) != 0) {
        duration = b.u32be(pos);
        pos += 4;
      }
      if ((flags & 0x200) != 0) {
        size = b.u32be(pos);
        pos += 4;
      }
      pos += ((flags & 0x400) != 0 ? 4 : 0) + ((flags & 0x800) != 0 ? 4 : 0);
      sink.sample(time, size);
      time += duration;
    }
    return time;
  }

  /** The objectTypeIndication inside an esds box's ES and decoder-config descriptors; -1 when absent. */
  static int objectType(Bytes b, Mp4Box esds) throws MediaRejected {
    int pos = esds.data() + 4;
    if (pos >= esds.end() || b.u8(pos) != 0x03) {
      return -1;
    }
    pos = skipDescriptorLength(b, pos + 1);
    int flags = b.u8(pos + 2);
    pos += 3 + ((flags & 0x80) != 0 ? 2 : 0); // ES_ID, flags, then dependsOn, URL and OCR id in that order
    if ((flags & 0x40) != 0) {
      pos += 1 + b.u8(pos);
    }
    pos += (flags & 0x20) != 0 ? 2 : 0;
    if (pos + 1 >= esds.end() || b.u8(pos) != 0x04) {
      return -1;
    }
    pos = skipDescriptorLength(b, pos + 1);
    return pos < esds.end() ? b.u8(pos) : -1;
  }

  /** A full box's 24-bit flags, after its version byte. */
  private static int flags(Bytes b, Mp4Box box) throws MediaRejected {
    return b.u8(box.data() + 1) << 16 | b.u16be(box.data() + 2);
  }

  /** A descriptor length is one to four bytes, seven bits each, continued while the top bit is set. */
  private static int skipDescriptorLength(Bytes b, int pos) throws MediaRejected {
    for (int i = 0; i < 4; i++) {
      if ((b.u8(pos + i) & 0x80) == 0) {
        return pos + i + 1;
      }
    }
    throw MediaRejected.unsupported("the MP4 audio track has a malformed decoder description");
  }
}
