package chatpro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {
  @Test
  void latencyInMillisecondsFromMicroseconds() {
    Histogram h = new Histogram(3);
    for (int i = 1; i <= 100; i++) {
      h.recordValue(i * 1000L); // 1..100 ms
    }
    JsonObject l = Report.latency(h);
    assertEquals(100, l.getLong("count"));
    assertEquals(50.0, l.getDouble("p50Ms"), 0.1);
    assertEquals(95.0, l.getDouble("p95Ms"), 0.1);
    assertEquals(99.0, l.getDouble("p99Ms"), 0.1);
    assertEquals(100.0, l.getDouble("maxMs"), 0.1);
    assertEquals(50.5, l.getDouble("meanMs"), 0.1);
  }

  @Test
  void emptyLatencyHasOnlyACount() {
    JsonObject l = Report.latency(new Histogram(3));
    assertEquals(0, l.getLong("count"));
    assertNull(l.getValue("p50Ms"));
  }

  @Test
  void correctnessSection() {
    Accounting.Result r = new Accounting.Result(10, 8, 2, 1, List.of("x"));
    JsonObject c = Report.correctness(r, 3, 4, 5, 6);
    assertEquals(10, c.getLong("expectedDeliveries"));
    assertEquals(8, c.getLong("delivered"));
    assertEquals(2, c.getLong("lost"));
    assertEquals(3, c.getLong("duplicated"));
    assertEquals(4, c.getLong("outOfOrder"));
    assertEquals(5, c.getInteger("watchedSockets"));
    assertEquals(6, c.getInteger("brokenSockets"));
    assertEquals(1, c.getLong("deliveredWithoutAck"));
    assertEquals("x", c.getJsonArray("lostExamples").getString(0));
  }

  @Test
  void serverUsagePerThousandMessages() {
    Map<Long, ProcStats.Sample> before = new LinkedHashMap<>();
    Map<Long, ProcStats.Sample> after = new LinkedHashMap<>();
    before.put(1L, new ProcStats.Sample(1, 10.0, 1000));
    after.put(1L, new ProcStats.Sample(1, 14.0, 3000));
    before.put(2L, new ProcStats.Sample(2, 1.0, 500));
    after.put(2L, new ProcStats.Sample(2, 2.0, 700));
    JsonObject s = Report.serverUsage(before, after, 10_000, 10);
    assertEquals(5.0, s.getDouble("cpuSeconds"), 1e-9);
    assertEquals(0.5, s.getDouble("cpuSecondsPer1000Messages"), 1e-9);
    assertEquals(0.5, s.getDouble("averageCores"), 1e-9);
    assertEquals(1500, s.getLong("rssBytesBefore"));
    assertEquals(3700, s.getLong("rssBytesAfter"));
    assertEquals(2200, s.getLong("rssDeltaBytes"));
    assertTrue(s.getBoolean("complete"));
    assertEquals(2, s.getJsonArray("processes").size());
  }

  @Test
  void anUnreadableProcessMakesTheTotalIncomplete() {
    JsonObject s = Report.serverUsage(Map.of(1L, new ProcStats.Sample(1, -1, -1)),
        Map.of(1L, new ProcStats.Sample(1, -1, -1)), 0, 1);
    assertFalse(s.getBoolean("complete"));
    assertNull(s.getValue("cpuSecondsPer1000Messages"));
  }

  @Test
  void theReportRoundTripsAsJsonAndSummarises() {
    Histogram h = new Histogram(3);
    h.recordValue(2500);
    JsonObject results = new JsonObject()
        .put("messages", new JsonObject().put("planned", 10).put("sent", 10).put("acked", 10).put("failed", 0)
            .put("unsent", 0).put("achievedRate", 9.9))
        .put("latency", new JsonObject().put("ack", Report.latency(h)).put("delivery", Report.latency(h)))
        .put("correctness", Report.correctness(new Accounting.Result(20, 20, 0, 0, List.of()), 0, 0, 2, 0))
        .put("errorsByCode", Map.of("rate_limited", 1L))
        .put("closesByCode", Map.of());
    JsonObject report = new JsonObject().put("scenario", "direct")
        .put("options", new JsonObject().put("users", 2).put("rate", 1.0))
        .put("machine", new JsonObject().put("nproc", 2).put("memTotalBytes", 1L << 30))
        .put("results", results).put("resultFile", "/tmp/r.json");
    JsonObject back = new JsonObject(report.encodePrettily());
    assertEquals(report, back);
    assertEquals(2.5, back.getJsonObject("results").getJsonObject("latency").getJsonObject("ack")
        .getDouble("p50Ms"), 0.01);
    String text = String.join("\n", Report.summary(back));
    assertTrue(text.contains("== ChatPro bench: direct =="), text);
    assertTrue(text.contains("lost 0, duplicated 0, out-of-order 0"), text);
    assertTrue(text.contains("rate_limited=1"), text);
    assertTrue(text.contains("p50 2.50 ms"), text);
  }
}
