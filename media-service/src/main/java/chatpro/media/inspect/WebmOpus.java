package chatpro.media.inspect;

import chatpro.media.inspect.Ebml.Element;

/**
 * Walks a WebM file with one Opus audio track, as browsers record it: the EBML header (DocType webm), then a Segment
 * whose Info, Tracks and Clusters are read in a loop per level (no recursion; the depth is fixed by the format).
 *
 * <p>Browsers write Segment and Clusters with unknown sizes and no Duration while recording live; an unknown-size
 * Cluster ends where the next element with a four-byte ID (a Segment child) starts. Duration is Info/Duration ×
 * TimecodeScale when present, else the last block's time plus that block's own length from its Opus TOC byte.
 */
final class WebmOpus {
  private static final long EBML = 0x1A45DFA3L;
  private static final long DOC_TYPE = 0x4282;
  private static final long SEGMENT = 0x18538067L;
  private static final long INFO = 0x1549A966L;
  private static final long TIMECODE_SCALE = 0x2AD7B1;
  private static final long DURATION = 0x4489;
  private static final long TRACKS = 0x1654AE6BL;
  private static final long TRACK_ENTRY = 0xAE;
  private static final long TRACK_NUMBER = 0xD7;
  private static final long TRACK_TYPE = 0x83;
  private static final long CODEC_ID = 0x86;
  private static final long CLUSTER = 0x1F43B675L;
  private static final long TIMECODE = 0xE7;
  private static final long SIMPLE_BLOCK = 0xA3;
  private static final long BLOCK_GROUP = 0xA0;
  private static final long BLOCK = 0xA1;
  private static final int AUDIO = 2;

  private final Bytes b;
  private final Limits limits;
  private final Waveform waveform;
  private long timecodeScaleNs = 1_000_000;
  private double durationTicks;
  private long audioTrack = -1;
  private long clusterTime;
  private long lastBlockEndUs;

  private WebmOpus(Bytes b, Limits limits) {
    this.b = b;
    this.limits = limits;
    this.waveform = new Waveform(limits.maxVoiceMs());
  }

  static Voice read(Bytes b, Limits limits) throws MediaRejected {
    return new WebmOpus(b, limits).walk();
  }

  private Voice walk() throws MediaRejected {
    Element header = Ebml.read(b, 0, b.size());
    if (header.id() != EBML || !header.known() || !"webm".equals(docType(header))) {
      throw MediaRejected.unsupported("the file is not WebM");
    }
    Element segment = Ebml.read(b, header.end(), b.size());
    if (segment.id() != SEGMENT) {
      throw MediaRejected.unsupported("the WebM file has no segment");
    }
    int end = segment.known() ? segment.end() : b.size();
    segment(segment.data(), end);
    if (audioTrack < 0) {
      throw MediaRejected.unsupported("the WebM file has no Opus audio track");
    }
    Trailing.check(b, end);
    long durationUs = durationTicks > 0 ? Math.round(durationTicks * timecodeScaleNs / 1000) : lastBlockEndUs;
    return Voice.of(durationUs, waveform, limits);
  }

  private String docType(Element header) throws MediaRejected {
    for (int pos = header.data(); pos < header.end(); ) {
      Element e = known(pos, header.end());
      if (e.id() == DOC_TYPE) {
        return b.ascii(e.data(), (int) e.size()).replace("\0", "");
      }
      pos = e.end();
    }
    return null;
  }

  private void segment(int pos, int end) throws MediaRejected {
    while (pos < end) {
      Element e = Ebml.read(b, pos, end);
      if (e.id() == CLUSTER) {
        pos = cluster(e, end);
        continue;
      }
      if (!e.known()) {
        throw MediaRejected.unsupported("the WebM file has an unknown-size element outside a cluster");
      }
      if (e.id() == INFO) {
        info(e);
      } else if (e.id() == TRACKS) {
        tracks(e);
      }
      pos = e.end(); // SeekHead, Cues, Tags, Void and the like: nothing a voice note needs
    }
  }

  private void info(Element info) throws MediaRejected {
    for (int pos = info.data(); pos < info.end(); ) {
      Element e = known(pos, info.end());
      if (e.id() == TIMECODE_SCALE) {
        timecodeScaleNs = Ebml.unsigned(b, e);
      } else if (e.id() == DURATION) {
        durationTicks = Ebml.real(b, e);
      }
      pos = e.end();
    }
    if (timecodeScaleNs <= 0 || timecodeScaleNs > 1_000_000_000 || !(durationTicks >= 0)) {
      throw MediaRejected.unsupported("the WebM file has a nonsensical timescale or duration");
    }
  }

  private void tracks(Element tracks) throws MediaRejected {
    for (int pos = tracks.data(); pos < tracks.end(); ) {
      Element entry = known(pos, tracks.end());
      if (entry.id() == TRACK_ENTRY) {
        trackEntry(entry);
      }
      pos = entry.end();
    }
  }

  /** Accepts exactly one track, and only Opus audio: a video or a second track is not a voice note. */
  private void trackEntry(Element entry) throws MediaRejected {
    long number = -1;
    long type = -1;
    String codec = "";
    for (int pos = entry.data(); pos < entry.end(); ) {
      Element e = known(pos, entry.end());
      if (e.id() == TRACK_NUMBER) {
        number = Ebml.unsigned(b, e);
      } else if (e.id() == TRACK_TYPE) {
        type = Ebml.unsigned(b, e);
      } else if (e.id() == CODEC_ID) {
        codec = b.ascii(e.data(), (int) e.size()).replace("\0", "");
      }
      pos = e.end();
    }
    if (type != AUDIO || !codec.equals("A_OPUS") || number < 1 || audioTrack >= 0) {
      throw MediaRejected.unsupported("the WebM file holds something other than one Opus audio track");
    }
    audioTrack = number;
  }

  /** Reads a cluster's blocks; answers where the cluster ends (for an unknown size: at the next Segment child). */
  private int cluster(Element cluster, int segmentEnd) throws MediaRejected {
    int end = cluster.known() ? cluster.end() : segmentEnd;
    int pos = cluster.data();
    while (pos < end) {
      Element e = Ebml.read(b, pos, end);
      if (!cluster.known() && e.id() > 0xFFFFFF) {
        return pos;
      }
      if (!e.known()) {
        throw MediaRejected.unsupported("the WebM file has an unknown-size element inside a cluster");
      }
      if (e.id() == TIMECODE) {
        clusterTime = Ebml.unsigned(b, e);
      } else if (e.id() == SIMPLE_BLOCK) {
        block(e);
      } else if (e.id() == BLOCK_GROUP) {
        blockGroup(e);
      }
      pos = e.end();
    }
    return end;
  }

  private void blockGroup(Element group) throws MediaRejected {
    for (int pos = group.data(); pos < group.end(); ) {
      Element e = known(pos, group.end());
      if (e.id() == BLOCK) {
        block(e);
      }
      pos = e.end();
    }
  }

  /** A block: track number, 16-bit time relative to the cluster, flags, then the Opus packet(s). */
  private void block(Element block) throws MediaRejected {
    if (audioTrack < 0) {
      throw MediaRejected.unsupported("the WebM file has blocks before its tracks");
    }
    int trackLength = Ebml.length(b.u8(block.data()), 8);
    int header = trackLength + 3;
    if (block.size() < header) {
      throw MediaRejected.unsupported("the WebM file has a block shorter than its header");
    }
    short relative = (short) b.u16be(block.data() + trackLength);
    double startUs = (clusterTime + relative) * (double) timecodeScaleNs / 1000;
    if (startUs > limits.maxVoiceMs() * 1000.0) {
      throw Voice.tooLong();
    }
    int frames = block.data() + header;
    int length = (int) block.size() - header;
    waveform.packet(Math.round(startUs), length);
    boolean laced = (b.at(block.data() + trackLength + 2) & 0x06) != 0;
    long playsUs = laced ? 0 : OpusToc.durationUs(b, frames, length);
    lastBlockEndUs = Math.max(lastBlockEndUs, Math.round(startUs) + playsUs);
  }

  private Element known(int pos, int parentEnd) throws MediaRejected {
    Element e = Ebml.read(b, pos, parentEnd);
    if (!e.known()) {
      throw MediaRejected.unsupported("the WebM file has an unknown-size element where sizes are required");
    }
    return e;
  }
}
