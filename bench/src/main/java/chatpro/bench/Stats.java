package chatpro.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency recorders shared by every socket. Recorders take values from any event-loop thread without
 * locks; latencies are recorded in microseconds.
 */
final class Stats {
  final Recorder ack = new Recorder(3);
  final Recorder delivery = new Recorder(3);
  final Recorder fanout = new Recorder(3);
  final Recorder connect = new Recorder(3);

  final LongAdder sent = new LongAdder();
  final LongAdder acked = new LongAdder();
  final LongAdder sendFailed = new LongAdder();
  final LongAdder unsent = new LongAdder();
  final LongAdder events = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder outOfOrder = new LongAdder();
  final LongAdder foreignEvents = new LongAdder();
  final LongAdder unexpectedCloses = new LongAdder();
  /** Sends repeated with the same client id after a reconnect (resilient devices). */
  final LongAdder resent = new LongAdder();
  final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
  final Map<String, LongAdder> closesByCode = new ConcurrentHashMap<>();
  final Map<String, LongAdder> otherFrames = new ConcurrentHashMap<>();

  void error(String code) {
    errorsByCode.computeIfAbsent(code == null ? "none" : code, k -> new LongAdder()).increment();
  }

  void close(String code) {
    closesByCode.computeIfAbsent(code, k -> new LongAdder()).increment();
  }

  void frame(String type) {
    otherFrames.computeIfAbsent(type == null ? "none" : type, k -> new LongAdder()).increment();
  }

  static void record(Recorder r, long nanos) {
    r.recordValue(Math.max(0, nanos / 1000));
  }

  static Map<String, Long> snapshot(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Everything recorded so far (the recorder starts a new interval). */
  static Histogram drain(Recorder r, Histogram into) {
    into.add(r.getIntervalHistogram());
    return into;
  }
}
