package chatpro.media.inspect;

import java.util.Arrays;

/**
 * A voice note's loudness over time, estimated without decoding audio: from how many compressed bytes each moment
 * takes. Opus, AAC and MP3 encoders spend few bytes on silence and many on loud, busy sound (Opus DTX and VBR most
 * clearly), so bytes per moment track loudness well enough for a drawn waveform. A constant-bitrate stream gives a
 * flat line; that is the price of not shipping an audio decoder.
 *
 * <p>Each packet's bytes are spread over the time until the next packet (at most {@link #MAX_PACKET_US}, the longest
 * packet these codecs make, so a gap stays silent) and summed in 20 ms bins, then averaged into {@link #LEVELS}
 * equal stretches of the note. Encoders spend a floor of bytes even on silence (libopus without DTX about half of
 * what speech takes), so the quietest stretch is drawn as 0, and a robust peak (the fifth loudest stretch, so one
 * large first frame does not flatten the rest) as 100.
 */
final class Waveform {
  public static final int LEVELS = 64;
  private static final long BIN_US = 20_000;
  private static final long MAX_PACKET_US = 130_000;
  /** Below this spread between quietest and peak the stream is constant-bitrate and says nothing about loudness. */
  private static final double FLAT = 0.1;

  private final long maxUs;
  private double[] bins = new double[64];
  private long lastStart = -1;
  private int lastBytes;

  Waveform(long maxDurationMs) {
    this.maxUs = maxDurationMs * 1000;
  }

  /** A packet (frame, block, sample) of {@code bytes} compressed bytes that starts at {@code startUs}. */
  void packet(long startUs, int bytes) throws MediaRejected {
    if (startUs > maxUs) {
      throw Voice.tooLong();
    }
    long start = Math.max(0, startUs);
    flush(start);
    lastStart = start;
    lastBytes = bytes;
  }

  /** The levels for a note of {@code durationUs}; all zero when no packet carried bytes. */
  int[] levels(long durationUs) {
    flush(Math.min(durationUs, lastStart + MAX_PACKET_US));
    lastStart = -1;
    double[] rates = new double[LEVELS];
    double bucketUs = Math.max(1, durationUs) / (double) LEVELS;
    for (int i = 0; i < LEVELS; i++) {
      rates[i] = bytesBetween(i * bucketUs, (i + 1) * bucketUs) / bucketUs;
    }
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    double floor = sorted[0];
    double peak = sorted[LEVELS - 1 - LEVELS / 16];
    if (peak - floor < FLAT * peak) {
      floor = 0; // a constant bitrate: draw it flat and full rather than stretch noise
    }
    int[] levels = new int[LEVELS];
    for (int i = 0; i < LEVELS && peak > 0; i++) {
      levels[i] = (int) Math.round(Math.min(100, 100 * (rates[i] - floor) / (peak - floor)));
    }
    return levels;
  }

  /** The bytes in [fromUs, toUs), taking the share of each 20 ms bin that the range covers. */
  private double bytesBetween(double fromUs, double toUs) {
    double sum = 0;
    for (int bin = (int) (fromUs / BIN_US); bin < bins.length && bin * BIN_US < toUs; bin++) {
      double overlap = Math.min(toUs, (bin + 1) * BIN_US) - Math.max(fromUs, bin * BIN_US);
      sum += bins[bin] * overlap / BIN_US;
    }
    return sum;
  }

  /** Spreads the previous packet over [its start, nextStart), or over one instant when packets are out of order. */
  private void flush(long nextStart) {
    if (lastStart < 0) {
      return;
    }
    long end = Math.min(nextStart, lastStart + MAX_PACKET_US);
    if (end <= lastStart) {
      end = lastStart + 1;
    }
    for (long bin = lastStart / BIN_US; bin * BIN_US < end; bin++) {
      long overlap = Math.min(end, (bin + 1) * BIN_US) - Math.max(lastStart, bin * BIN_US);
      add((int) bin, (double) lastBytes * overlap / (end - lastStart));
    }
  }

  private void add(int bin, double bytes) {
    if (bin >= bins.length) {
      bins = Arrays.copyOf(bins, Math.max(bin + 1, bins.length * 2));
    }
    bins[bin] += bytes;
  }
}
