package chatpro.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per second of a run, by the send time of each message: how many were sent, acked, acked slowly (over
 * {@link #SLOW_ACK_NANOS}), failed with an error, or refused because the device was not connected. The fault
 * scenario reads a client's view of an outage from it.
 */
final class Timeline {
  static final long SLOW_ACK_NANOS = 2_000_000_000L;
  private final long startNanos;
  private final int seconds;
  final AtomicLongArray sent;
  final AtomicLongArray acked;
  final AtomicLongArray slow;
  final AtomicLongArray failed;
  final AtomicLongArray refused;

  Timeline(long startNanos, int seconds) {
    this.startNanos = startNanos;
    this.seconds = seconds;
    this.sent = new AtomicLongArray(seconds);
    this.acked = new AtomicLongArray(seconds);
    this.slow = new AtomicLongArray(seconds);
    this.failed = new AtomicLongArray(seconds);
    this.refused = new AtomicLongArray(seconds);
  }

  int second(long nanos) {
    return (int) Math.max(0, Math.min(seconds - 1, (nanos - startNanos) / 1_000_000_000L));
  }

  void sent(long nanos) {
    sent.incrementAndGet(second(nanos));
  }

  void acked(long sentNanos, long ackNanos) {
    int s = second(sentNanos);
    acked.incrementAndGet(s);
    if (ackNanos - sentNanos > SLOW_ACK_NANOS) {
      slow.incrementAndGet(s);
    }
  }

  void failed(long sentNanos) {
    failed.incrementAndGet(second(sentNanos));
  }

  void refused(long nanos) {
    refused.incrementAndGet(second(nanos));
  }

  /** A second in which some send failed, was refused or was acked slowly. */
  boolean troubled(int second) {
    return failed.get(second) + refused.get(second) + slow.get(second) > 0;
  }

  /**
   * The window's troubled seconds, from the first to the last one (0 if none). Windows follow each other, so the
   * second in which one ends counts for the next.
   */
  int troubledSpan(long fromNanos, long toNanos) {
    int first = -1;
    int last = -1;
    for (int s = second(fromNanos); s < second(toNanos); s++) {
      if (troubled(s)) {
        if (first < 0) {
          first = s;
        }
        last = s;
      }
    }
    return first < 0 ? 0 : last - first + 1;
  }

  /** The counts of the window's seconds, the one it ends in left to the next window. */
  long sum(AtomicLongArray counts, long fromNanos, long toNanos) {
    long n = 0;
    for (int s = second(fromNanos); s < second(toNanos); s++) {
      n += counts.get(s);
    }
    return n;
  }
}
