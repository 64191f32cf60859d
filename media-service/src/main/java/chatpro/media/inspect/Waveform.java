package chatpro.media.inspect;

import java.util.Arrays;

/**
 * A voice note's loudness over time, estimated without decoding audio: from how many compressed bytes each moment
 * takes. Opus, AAC and MP3 encoders spend few bytes on silence and many on loud, busy sound (Opus DTX and VBR most
 * clearly), so bytes per moment track loudness well enough for a drawn waveform. A constant-bitrate stream gives a
 * flat line; that is the price of not shipping an audio decoder.
 *
 * <p>Each packet's bytes are spread over the time until the next packet (at most {@link #MAX_PACKET_US}, the longest
 * packet these codecs make, so a gap stays silent), summed in 20 ms bins, then averaged into {@link #LEVELS} levels
 * normalised so the loudest is 100.
 */
final class Waveform {
  public static final int LEVELS = 64;
  private static final long BIN_US = 20_000;
  private static final long MAX_PACKET_US = 130_000;

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
    int count = (int) Math.max(1, (durationUs + BIN_US - 1) / BIN_US);
    double[] averages = new double[LEVELS];
    double loudest = 0;
    for (int i = 0; i < LEVELS; i++) {
      int from = (int) ((long) i * count / LEVELS);
      int to = Math.max(from + 1, (int) ((long) (i + 1) * count / LEVELS));
      double sum = 0;
      for (int bin = from; bin < to && bin < bins.length; bin++) {
        sum += bins[bin];
      }
      averages[i] = sum / (to - from);
      loudest = Math.max(loudest, averages[i]);
    }
    int[] levels = new int[LEVELS];
    for (int i = 0; i < LEVELS && loudest > 0; i++) {
      levels[i] = (int) Math.round(100 * averages[i] / loudest);
    }
    return levels;
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
