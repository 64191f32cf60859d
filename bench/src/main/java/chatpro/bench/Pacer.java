package chatpro.bench;

/**
 * Open-loop pacing of one sender: how many messages are due at a given moment so that it sends {@code rate} per
 * second from {@code start} until its quota is used. Catching up after a late timer keeps the long-run rate exact,
 * and a sender never waits for answers, so a slow server shows up as latency rather than as a lower rate. Each
 * message has the moment it was due ({@link #dueAt}); latency is counted from there, not from when the generator got
 * round to sending it, so a generator that falls behind does not hide the wait (no coordinated omission).
 */
public final class Pacer {
  private final double perNano;
  private final long quota;
  private final long start;
  private long issued;

  public Pacer(double ratePerSecond, long quota, long startNanos) {
    this.perNano = ratePerSecond / 1e9;
    this.quota = quota;
    this.start = startNanos;
  }

  /** How many to send now; counts them as issued. */
  public int due(long nowNanos) {
    if (nowNanos < start || issued >= quota) {
      return 0;
    }
    long target = Math.min(quota, (long) Math.floor((nowNanos - start) * perNano) + 1);
    long n = target - issued;
    if (n <= 0) {
      return 0;
    }
    issued = target;
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  /** When the {@code k}-th message (1-based) of this sender was due, in {@code System.nanoTime} terms. */
  public long dueAt(long k) {
    return start + (long) Math.ceil((k - 1) / perNano);
  }

  public boolean done() {
    return issued >= quota;
  }

  public long issued() {
    return issued;
  }

  /** Messages of the quota not issued (yet). */
  public long remaining() {
    return quota - issued;
  }

  /** Splits {@code total} over {@code n} senders as evenly as whole numbers allow. */
  public static long[] split(long total, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = total / n + (i < total % n ? 1 : 0);
    }
    return out;
  }

  /** A timer period that fires about once per message, between 1 ms and 1 s. */
  public static long periodMillis(double ratePerSecond) {
    return Math.max(1, Math.min(1000, Math.round(1000 / ratePerSecond)));
  }
}
