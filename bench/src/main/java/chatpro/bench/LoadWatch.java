package chatpro.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * How loaded the box and the generator were while a scenario measured: the machine's run queue (runnable threads,
 * from {@code /proc/stat}, every 250 ms: more than the cores means everything, the server included, waited for a
 * core) and each generator event loop's lag (how late a 50 ms timer fires on it: a late loop reads frames late, so
 * latencies then include the generator's own wait).
 */
final class LoadWatch implements AutoCloseable {
  static final long SAMPLE_MILLIS = 250;
  static final long LAG_PROBE_MILLIS = 50;

  private final Vertx vertx;
  private final Histogram runQueue = new Histogram(3);
  private final Histogram loopLagMicros = new Histogram(3);
  private final List<Long> timers = new ArrayList<>();
  private final List<Context> contexts;
  private volatile boolean closed;

  LoadWatch(Vertx vertx, List<Context> contexts) {
    this.vertx = vertx;
    this.contexts = contexts;
  }

  /** Starts sampling; {@link #close} stops it. */
  LoadWatch start() {
    timers.add(vertx.setPeriodic(SAMPLE_MILLIS, id -> {
      long running = runnable();
      if (running >= 0) {
        synchronized (runQueue) {
          runQueue.recordValue(running);
        }
      }
    }));
    for (Context c : contexts) {
      c.runOnContext(v -> probe(c, System.nanoTime() + LAG_PROBE_MILLIS * 1_000_000));
    }
    return this;
  }

  private void probe(Context c, long due) {
    if (closed) {
      return;
    }
    vertx.setTimer(LAG_PROBE_MILLIS, id -> {
      long late = Math.max(0, System.nanoTime() - due) / 1000;
      synchronized (loopLagMicros) {
        loopLagMicros.recordValue(late);
      }
      probe(c, System.nanoTime() + LAG_PROBE_MILLIS * 1_000_000);
    });
  }

  @Override
  public void close() {
    closed = true;
    timers.forEach(vertx::cancelTimer);
  }

  /** The summary: run queue mean / p50 / p99 / max against the cores, and the loops' lag in milliseconds. */
  JsonObject summary() {
    JsonObject out = new JsonObject().put("cores", Runtime.getRuntime().availableProcessors());
    synchronized (runQueue) {
      if (runQueue.getTotalCount() > 0) {
        out.put("runQueue", new JsonObject().put("samples", runQueue.getTotalCount())
            .put("mean", Report.round3(runQueue.getMean())).put("p50", runQueue.getValueAtPercentile(50))
            .put("p99", runQueue.getValueAtPercentile(99)).put("max", runQueue.getMaxValue()));
      }
    }
    synchronized (loopLagMicros) {
      if (loopLagMicros.getTotalCount() > 0) {
        out.put("generatorLoopLagMs", new JsonObject().put("samples", loopLagMicros.getTotalCount())
            .put("p50", loopLagMicros.getValueAtPercentile(50) / 1000.0)
            .put("p99", loopLagMicros.getValueAtPercentile(99) / 1000.0)
            .put("max", loopLagMicros.getMaxValue() / 1000.0));
      }
    }
    return out;
  }

  /** {@code procs_running} of /proc/stat (this sampler's own thread included), or -1 when unreadable. */
  static long runnable() {
    try {
      return runnable(Files.readString(Path.of("/proc/stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long runnable(String stat) {
    for (String line : stat.split("\n")) {
      if (line.startsWith("procs_running ")) {
        return Long.parseLong(line.substring("procs_running ".length()).trim());
      }
    }
    return -1;
  }
}
