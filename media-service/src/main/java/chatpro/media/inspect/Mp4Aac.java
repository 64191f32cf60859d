package chatpro.media.inspect;

import java.util.Set;

/**
 * Walks an MP4/M4A file with one AAC audio track, plain (moov with a sample table) or fragmented (moof/trun, as
 * Safari records). Duration comes from mvhd, else mdhd, else the sum of sample durations; the waveform from each
 * sample's size at its time. Boxes are read in a loop per level along fixed paths, never recursively.
 */
final class Mp4Aac {
  private static final Set<String> BRANDS = Set.of(
      "M4A ", "M4B ", "mp41", "mp42", "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "dash");
  /** MPEG-4 audio, and the three MPEG-2 AAC profiles, in esds objectTypeIndication. */
  private static final Set<Integer> AAC = Set.of(0x40, 0x66, 0x67, 0x68);

  private final Bytes b;
  private final Limits limits;
  private final Waveform waveform;
  private long movieDuration;
  private long movieTimescale;
  private long trackId = -1;
  private long mediaDuration;
  private long mediaTimescale;
  private long defaultDuration;
  private long defaultSize;
  private long ticks;

  private Mp4Aac(Bytes b, Limits limits) {
    this.b = b;
    this.limits = limits;
    this.waveform = new Waveform(limits.maxVoiceMs());
  }

  static Voice read(Bytes b, Limits limits) throws MediaRejected {
    return new Mp4Aac(b, limits).walk();
  }

  private Voice walk() throws MediaRejected {
    Mp4Box ftyp = Mp4Box.read(b, 0, b.size());
    requireBrand(ftyp);
    int pos = ftyp.end();
    while (pos + 8 <= b.size()) {
      Mp4Box box = topLevel(pos);
      if (box == null) {
        break;
      }
      if (box.type().equals("moov")) {
        moov(box);
      } else if (box.type().equals("moof") && trackId >= 0) {
        moof(box);
      }
      pos = box.end();
    }
    if (trackId < 0) {
      throw MediaRejected.unsupported("the MP4 file has no AAC audio track");
    }
    Trailing.check(b, pos);
    return Voice.of(durationUs(), waveform, limits);
  }

  /** A top-level box, or null where the bytes stop being boxes: the rest is trailing data. */
  private Mp4Box topLevel(int pos) {
    try {
      return Mp4Box.read(b, pos, b.size());
    } catch (MediaRejected notABox) {
      return null;
    }
  }

  private void requireBrand(Mp4Box ftyp) throws MediaRejected {
    boolean known = ftyp.type().equals("ftyp") && ftyp.size() >= 8 && BRANDS.contains(b.ascii(ftyp.data(), 4));
    for (int pos = ftyp.data() + 8; !known && pos + 4 <= ftyp.end(); pos += 4) {
      known = BRANDS.contains(b.ascii(pos, 4));
    }
    if (!known) {
      throw MediaRejected.unsupported("the file is not an MP4 audio file");
    }
  }

  private void moov(Mp4Box moov) throws MediaRejected {
    Mp4Box mvhd = moov.child(b, "mvhd");
    if (mvhd != null) {
      boolean v1 = mvhd.version(b) == 1;
      movieTimescale = b.u32be(mvhd.data() + (v1 ? 20 : 12));
      movieDuration = v1 ? b.u64be(mvhd.data() + 24) : b.u32be(mvhd.data() + 16);
    }
    for (int pos = moov.data(); pos + 8 <= moov.end(); ) {
      Mp4Box child = Mp4Box.read(b, pos, moov.end());
      if (child.type().equals("trak")) {
        trak(child);
      }
      pos = child.end();
    }
    Mp4Box trex = moov.path(b, "mvex", "trex");
    if (trex != null && b.u32be(trex.data() + 4) == trackId) {
      defaultDuration = b.u32be(trex.data() + 12);
      defaultSize = b.u32be(trex.data() + 16);
    }
  }

  /** Keeps the one sound track; a video track means this is not a voice note. */
  private void trak(Mp4Box trak) throws MediaRejected {
    Mp4Box hdlr = trak.path(b, "mdia", "hdlr");
    String handler = hdlr == null ? "" : b.ascii(hdlr.data() + 8, 4);
    if (handler.equals("vide") || handler.equals("soun") && trackId >= 0) {
      throw MediaRejected.unsupported("the MP4 file holds a video or more than one audio track");
    }
    if (!handler.equals("soun")) {
      return;
    }
    Mp4Box tkhd = trak.child(b, "tkhd");
    Mp4Box mdhd = trak.path(b, "mdia", "mdhd");
    Mp4Box stbl = trak.path(b, "mdia", "minf", "stbl");
    if (tkhd == null || mdhd == null || stbl == null) {
      throw MediaRejected.unsupported("the MP4 audio track is incomplete");
    }
    trackId = b.u32be(tkhd.data() + (tkhd.version(b) == 1 ? 20 : 12));
    boolean v1 = mdhd.version(b) == 1;
    mediaTimescale = b.u32be(mdhd.data() + (v1 ? 20 : 12));
    mediaDuration = v1 ? b.u64be(mdhd.data() + 24) : b.u32be(mdhd.data() + 16);
    if (mediaTimescale == 0) {
      throw MediaRejected.unsupported("the MP4 audio track has no timescale");
    }
    requireAac(stbl.child(b, "stsd"));
    ticks = Mp4SampleTable.read(b, stbl, this::sample);
  }

  /** The first sample entry must be mp4a whose decoder config says AAC. */
  private void requireAac(Mp4Box stsd) throws MediaRejected {
    Mp4Box entry = stsd == null ? null : Mp4Box.read(b, stsd.data() + 8, stsd.end());
    if (entry == null || !entry.type().equals("mp4a")) {
      throw MediaRejected.unsupported("the MP4 audio track is not AAC");
    }
    int soundVersion = b.u16be(entry.data() + 8);
    int children = entry.data() + 28 + (soundVersion == 1 ? 16 : soundVersion == 2 ? 36 : 0);
    Mp4Box esds = entry.child(b, children, "esds");
    Mp4Box wave = esds == null ? entry.child(b, children, "wave") : null;
    esds = wave == null ? esds : wave.child(b, "esds");
    if (esds == null || !AAC.contains(Mp4SampleTable.objectType(b, esds))) {
      throw MediaRejected.unsupported("the MP4 audio track is not AAC");
    }
  }

  private void moof(Mp4Box moof) throws MediaRejected {
    for (int pos = moof.data(); pos + 8 <= moof.end(); ) {
      Mp4Box traf = Mp4Box.read(b, pos, moof.end());
      if (traf.type().equals("traf")) {
        ticks = Mp4SampleTable.fragment(b, traf, trackId, defaultDuration, defaultSize, ticks, this::sample);
      }
      pos = traf.end();
    }
  }

  /** One sample of {@code size} bytes at {@code time} in the track's timescale. */
  private void sample(long time, long size) throws MediaRejected {
    waveform.packet(Math.round(time * 1_000_000.0 / mediaTimescale), (int) Math.min(size, Integer.MAX_VALUE));
  }

  private long durationUs() {
    if (movieDuration > 0 && movieTimescale > 0) {
      return Math.round(movieDuration * 1_000_000.0 / movieTimescale);
    }
    return Math.round((mediaDuration > 0 ? mediaDuration : ticks) * 1_000_000.0 / mediaTimescale);
  }
}
