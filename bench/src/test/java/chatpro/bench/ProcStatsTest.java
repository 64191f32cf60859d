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
}
