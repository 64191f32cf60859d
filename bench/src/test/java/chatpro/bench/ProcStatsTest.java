package chatpro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcStatsTest {
  @Test
  void cpuTicksCountFieldsAfterTheCommandName() {
    String stat = "4242 (java (dev) main) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1500 250 0 0 20 0 50 0 100 "
        + "5000000 12000 18446744073709551615";
    assertEquals(1750, ProcStats.cpuTicks(stat));
  }

  @Test
  void rssFromStatus() {
    assertEquals(123 * 1024L, ProcStats.rssBytes("Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t     123 kB\n"));
    assertEquals(-1, ProcStats.rssBytes("Name:\tkthread\n"));
  }

  @Test
  void gatewayMetrics() {
    Map<String, Double> m = GatewayMetrics.parse("# TYPE chatpro_gateway_connections gauge\n"
        + "chatpro_gateway_connections 12\n"
        + "chatpro_jvm_heap_used_bytes 1.5E8\n"
        + "chatpro_gateway_http_requests_total{route=\"a b\"} 7\n"
        + "with_timestamp 3 1700000000000\n");
    assertEquals(12.0, m.get(GatewayMetrics.CONNECTIONS));
    assertEquals(1.5e8, m.get(GatewayMetrics.HEAP));
    assertEquals(7.0, m.get("chatpro_gateway_http_requests_total{route=\"a b\"}"));
    assertEquals(3.0, m.get("with_timestamp"));
  }

  @Test
  void aServerIsItsProcessWithEveryDescendantCountedOnce() {
    // 10: a dev JVM; 11: a service JVM it started, 12: a helper of that one; 20: a postmaster, child of the JVM;
    // 21: a backend; 30: an unrelated process
    java.util.Map<Long, ProcStats.ProcLine> all = new java.util.HashMap<>();
    for (ProcStats.ProcLine l : java.util.List.of(
        new ProcStats.ProcLine(10, 1, 100, 5, 1000),
        new ProcStats.ProcLine(11, 10, 50, 0, 200),
        new ProcStats.ProcLine(12, 11, 10, 0, 30),
        new ProcStats.ProcLine(20, 10, 40, 60, 400),
        new ProcStats.ProcLine(21, 20, 7, 0, 50),
        new ProcStats.ProcLine(30, 1, 999, 0, 9999))) {
      all.put(l.pid(), l);
    }
    var samples = ProcStats.trees(java.util.List.of(10L, 20L, 99L), all, 100);
    // 100 + 5 (ended children) + 50 + 10 + 40 + 60 + 7 ticks
    assertEquals(2.72, samples.get(10L).cpuSeconds(), 1e-9);
    assertEquals(1680, samples.get(10L).rssBytes());
    assertEquals(0, samples.get(20L).cpuSeconds(), 1e-9, "counted once, in the tree it lies in");
    assertEquals(-1, samples.get(99L).cpuSeconds(), 1e-9, "a process that is not running");
    var postgresAlone = ProcStats.trees(java.util.List.of(20L), all, 100);
    assertEquals(1.07, postgresAlone.get(20L).cpuSeconds(), 1e-9);
  }

  @Test
  void theRunQueueComesFromProcStat() {
    assertEquals(3, LoadWatch.runnable("cpu  1 2 3\nctxt 99\nprocs_running 3\nprocs_blocked 0\n"));
    assertEquals(-1, LoadWatch.runnable("cpu  1 2 3\n"));
  }
}
