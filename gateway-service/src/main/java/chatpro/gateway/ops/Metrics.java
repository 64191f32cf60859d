package chatpro.gateway.ops;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A small Prometheus text exposition of the gateway's counters and gauges, shared by its event loops: a gauge given
 * by several loops reports their sum, so each supplier must be safe to read from any thread.
 */
public final class Metrics {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, List<LongSupplier>> gauges = new ConcurrentHashMap<>();

  public void increment(String name) {
    counters.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  /** Adds a loop's part of a gauge. */
  public void gauge(String name, LongSupplier value) {
    gauges.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(value);
  }

  public void handle(RoutingContext ctx) {
    StringBuilder out = new StringBuilder();
    counters.forEach((name, value) -> out.append("# TYPE ").append(name).append(" counter\n")
        .append(name).append(' ').append(value.sum()).append('\n'));
    gauges.forEach((name, value) -> out.append("# TYPE ").append(name).append(" gauge\n")
        .append(name).append(' ').append(value.stream().mapToLong(LongSupplier::getAsLong).sum()).append('\n'));
    Runtime rt = Runtime.getRuntime();
    out.append("# TYPE chatpro_jvm_heap_used_bytes gauge\nchatpro_jvm_heap_used_bytes ")
        .append(rt.totalMemory() - rt.freeMemory()).append('\n');
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(out.toString());
  }
}
