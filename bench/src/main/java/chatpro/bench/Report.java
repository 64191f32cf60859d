package chatpro.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Turns measurements into the result JSON and the human summary; no I/O, so it is tested on its own. */
public final class Report {
  private Report() {}

  /** Percentiles of a histogram of microseconds, in milliseconds. */
  public static JsonObject latency(Histogram h) {
    JsonObject o = new JsonObject().put("count", h.getTotalCount());
    if (h.getTotalCount() == 0) {
      return o;
    }
    return o.put("p50Ms", ms(h.getValueAtPercentile(50)))
        .put("p95Ms", ms(h.getValueAtPercentile(95)))
        .put("p99Ms", ms(h.getValueAtPercentile(99)))
        .put("p999Ms", ms(h.getValueAtPercentile(99.9)))
        .put("maxMs", ms(h.getMaxValue()))
        .put("meanMs", round3(h.getMean() / 1000.0));
  }

  private static double ms(long micros) {
    return round3(micros / 1000.0);
  }

  static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }

  /** The correctness section: what should have arrived, what did, what was lost, doubled or reordered. */
  public static JsonObject correctness(Accounting.Result r, long duplicates, long outOfOrder, int watched,
      int broken) {
    return new JsonObject()
        .put("watchedSockets", watched)
        .put("brokenSockets", broken)
        .put("expectedDeliveries", r.expected())
        .put("delivered", r.delivered())
        .put("lost", r.lost())
        .put("duplicated", duplicates)
        .put("outOfOrder", outOfOrder)
        .put("deliveredWithoutAck", r.deliveredUnacked())
        .put("lostExamples", new JsonArray(new ArrayList<>(r.lostExamples())));
  }

  /**
   * Server CPU and memory between two readings: CPU seconds per 1,000 messages (acked sends) and the cores used on
   * average over {@code seconds}. Unreadable readings (-1) are left out of the totals.
   */
  public static JsonObject serverUsage(Map<Long, ProcStats.Sample> before, Map<Long, ProcStats.Sample> after,
      long messages, double seconds) {
    JsonArray processes = new JsonArray();
    double cpu = 0;
    long rssBefore = 0;
    long rssAfter = 0;
    boolean complete = !before.isEmpty();
    for (Map.Entry<Long, ProcStats.Sample> e : before.entrySet()) {
      ProcStats.Sample b = e.getValue();
      ProcStats.Sample a = after.get(e.getKey());
      JsonObject p = new JsonObject().put("pid", e.getKey())
          .put("cpuSecondsBefore", b.cpuSeconds()).put("rssBytesBefore", b.rssBytes());
      if (a != null) {
        p.put("cpuSecondsAfter", a.cpuSeconds()).put("rssBytesAfter", a.rssBytes());
      }
      if (a != null && b.cpuSeconds() >= 0 && a.cpuSeconds() >= 0) {
        p.put("cpuSeconds", round3(a.cpuSeconds() - b.cpuSeconds()));
        cpu += a.cpuSeconds() - b.cpuSeconds();
      } else {
        complete = false;
      }
      if (a != null && b.rssBytes() >= 0 && a.rssBytes() >= 0) {
        rssBefore += b.rssBytes();
        rssAfter += a.rssBytes();
      }
      processes.add(p);
    }
    JsonObject o = new JsonObject().put("processes", processes).put("complete", complete)
        .put("cpuSeconds", round3(cpu)).put("rssBytesBefore", rssBefore).put("rssBytesAfter", rssAfter)
        .put("rssDeltaBytes", rssAfter - rssBefore).put("wallSeconds", round3(seconds));
    if (seconds > 0) {
      o.put("averageCores", round3(cpu / seconds));
    }
    if (messages > 0) {
      o.put("messages", messages).put("cpuSecondsPer1000Messages", round3(cpu / messages * 1000));
    }
    return o;
  }

  /** The human summary of a result file's content. */
  public static List<String> summary(JsonObject r) {
    List<String> out = new ArrayList<>();
    JsonObject opts = r.getJsonObject("options", new JsonObject());
    JsonObject machine = r.getJsonObject("machine", new JsonObject());
    out.add("== ChatPro bench: " + r.getString("scenario") + " ==" + (r.getBoolean("aborted", false)
        ? "  (ABORTED: " + r.getString("abortReason", "") + ")" : ""));
    out.add("machine: " + machine.getValue("nproc") + " cores, " + gib(machine.getLong("memTotalBytes", -1L))
        + " memory, java " + machine.getString("javaVersion"));
    out.add("targets: " + opts.getValue("targets") + "  users: " + opts.getValue("users")
        + "  rate: " + opts.getValue("rate") + "/s  duration: " + opts.getValue("durationSeconds") + " s");
    JsonObject res = r.getJsonObject("results", new JsonObject());
    JsonObject msgs = res.getJsonObject("messages");
    if (msgs != null) {
      out.add(String.format("messages: planned %s, sent %s, acked %s, failed %s, unsent %s%s",
          msgs.getValue("planned"), msgs.getValue("sent"), msgs.getValue("acked"), msgs.getValue("failed"),
          msgs.getValue("unsent"), msgs.getValue("achievedRate") == null ? ""
              : ", achieved " + msgs.getValue("achievedRate") + "/s"));
    }
    JsonObject lat = res.getJsonObject("latency");
    if (lat != null) {
      for (String k : lat.fieldNames()) {
        out.add(String.format("  %-20s %s", k, latencyLine(lat.getJsonObject(k))));
      }
    }
    JsonArray faults = res.getJsonArray("faults");
    if (faults != null) {
      out.add(String.format("  %-24s %6s %8s %8s %8s %8s %6s %6s %6s", "fault", "down s", "outage s", "failed",
          "refused", "acked", "lostD", "lostK", "dup"));
      for (int i = 0; i < faults.size(); i++) {
        JsonObject f = faults.getJsonObject(i);
        out.add(String.format("  %-24s %6s %8s %8s %8s %8s %6s %6s %6s", f.getString("fault"),
            f.getValue("downSeconds", "-"), f.getValue("outageSeenSeconds", "-"), f.getValue("failed", "-"),
            f.getValue("refused", "-"), f.getValue("acked"), f.getValue("lostOnDevice"), f.getValue("lostInKafka"),
            f.getValue("duplicated")));
      }
    }
    JsonObject c = res.getJsonObject("correctness");
    if (c != null) {
      out.add(String.format("correctness: expected %s, delivered %s, lost %s, duplicated %s, out-of-order %s"
              + " (watched sockets %s, broken %s)", c.getValue("expectedDeliveries"), c.getValue("delivered"),
          c.getValue("lost"), c.getValue("duplicated"), c.getValue("outOfOrder"), c.getValue("watchedSockets"),
          c.getValue("brokenSockets")));
      JsonArray ex = c.getJsonArray("lostExamples");
      if (ex != null) {
        for (int i = 0; i < Math.min(3, ex.size()); i++) {
          out.add("  e.g. " + ex.getString(i));
        }
      }
    }
    JsonObject idle = res.getJsonObject("idle");
    if (idle != null) {
      out.add(String.format("idle: %s connected of %s (failed %s) in %s s; server connections %s -> %s",
          idle.getValue("connected"), idle.getValue("requested"), idle.getValue("failed"),
          idle.getValue("connectSeconds"), idle.getValue("serverConnectionsBefore"),
          idle.getValue("serverConnectionsDuring")));
      out.add(String.format("  heap per connection: %s B (targets share one JVM) / %s B (separate JVMs);"
              + " RSS per connection: %s B", idle.getValue("heapBytesPerConnectionSharedJvm"),
          idle.getValue("heapBytesPerConnectionSeparateJvms"), idle.getValue("rssBytesPerConnection")));
      out.add("  heap from " + idle.getValue("heapMethod"));
    }
    JsonObject rc = res.getJsonObject("reconnect");
    if (rc != null) {
      out.add(String.format("reconnect: %s clients, %s reconnected, %s caught up; all caught up after %s s",
          rc.getValue("clients"), rc.getValue("reconnected"), rc.getValue("caughtUp"),
          rc.getValue("allCaughtUpSeconds")));
    }
    for (String phase : List.of("quiet", "importWithPasswords", "importWithoutPasswords")) {
      JsonObject p = res.getJsonObject(phase);
      if (p != null) {
        JsonObject server = p.getJsonObject("server", new JsonObject());
        out.add(String.format("%s: %s s%s; server %s CPU-s, machine %s cores busy", phase, p.getValue("seconds"),
            p.containsKey("imported") ? ", " + p.getValue("imported") + " people (" + p.getValue("rowsPerSecond")
                + "/s)" : "", server.getValue("cpuSeconds", "-"), p.getValue("machineBusyCores")));
        out.add("  sign-in " + latencyLine(p.getJsonObject("signIn")) + ", failed "
            + p.getJsonObject("signIn", new JsonObject()).getValue("failed"));
      }
    }
    JsonObject flood = res.getJsonObject("flood");
    if (flood != null) {
      out.add(String.format("login flood: %s wrong logins from %s addresses answered in %s s: %s",
          flood.getValue("wrongLogins"), flood.getValue("addresses"), flood.getValue("seconds"),
          counts(flood.getValue("answers"))));
      JsonObject before = res.getJsonObject("beforeFlood", new JsonObject());
      out.add("  correct sign-in before the flood " + latencyLine(before.getJsonObject("signIn")));
      JsonObject during = res.getJsonObject("duringFlood");
      out.add("  correct sign-in during the flood: first " + during.getValue("firstSignInMs") + " ms ("
          + during.getValue("wrongAnsweredBeforeFirst") + " wrong logins answered by then); "
          + latencyLine(during.getJsonObject("signIn")) + "; answers " + counts(during.getValue("answers")));
    }
    for (String phase : List.of("warmUp", "noSweep", "duringSweep")) {
      JsonObject p = res.getJsonObject(phase);
      if (p != null) {
        out.add(String.format("%s: %s sent, %s acked, %s failed in %s s%s; server %s CPU-s, PostgreSQL %s CPU-s,"
                + " machine %s cores busy", phase, p.getValue("sent"), p.getValue("acked"), p.getValue("failed"),
            p.getValue("sendSeconds"), p.containsKey("sweepSeconds") ? "; sweep " + p.getValue("sweepSeconds")
                + " s, ran throughout: " + p.getValue("sweepRanThroughout") : "",
            p.getJsonObject("server", new JsonObject()).getValue("cpuSeconds", "-"),
            p.getValue("postgresCpuSeconds", "-"), p.getValue("machineBusyCores")));
        out.add("  ack " + latencyLine(p.getJsonObject("ack")));
        out.add("  delivery " + latencyLine(p.getJsonObject("delivery")));
      }
    }
    JsonObject connect = res.getJsonObject("connect");
    if (connect != null) {
      out.add("connect+auth: " + latencyLine(connect));
    }
    out.add("errors by code: " + counts(res.getValue("errorsByCode")) + "  closes by code: "
        + counts(res.getValue("closesByCode")));
    JsonObject server = res.getJsonObject("server");
    if (server != null && server.getJsonArray("processes", new JsonArray()).size() > 0) {
      out.add(String.format("server: %s CPU-s (%s cores avg), %s CPU-s per 1000 messages, RSS %s -> %s",
          server.getValue("cpuSeconds"), server.getValue("averageCores"),
          server.getValue("cpuSecondsPer1000Messages", "-"), mib(server.getLong("rssBytesBefore", 0L)),
          mib(server.getLong("rssBytesAfter", 0L))));
      for (Object o : server.getJsonArray("processes")) {
        JsonObject p = (JsonObject) o;
        out.add(String.format("  pid %s and its descendants: %s CPU-s", p.getValue("pid"),
            p.getValue("cpuSeconds", "-")));
      }
    }
    JsonObject gen = res.getJsonObject("generator");
    if (gen != null) {
      out.add("generator: " + gen.getValue("cpuSeconds") + " CPU-s (" + gen.getValue("averageCores")
          + " cores avg)");
    }
    JsonObject load = res.getJsonObject("load");
    if (load != null && load.containsKey("runQueue")) {
      JsonObject q = load.getJsonObject("runQueue");
      JsonObject lag = load.getJsonObject("generatorLoopLagMs", new JsonObject());
      out.add(String.format("load: run queue mean %s, p99 %s, max %s on %s cores; generator loop lag p99 %s ms,"
          + " max %s ms", q.getValue("mean"), q.getValue("p99"), q.getValue("max"), load.getValue("cores"),
          lag.getValue("p99", "-"), lag.getValue("max", "-")));
    }
    out.add("result: " + r.getString("resultFile", ""));
    return out;
  }

  /** {@code a=1, b=2}, or "none", for a JSON object of counts. */
  static String counts(Object value) {
    JsonObject o = value instanceof JsonObject j ? j
        : value instanceof Map<?, ?> m ? new JsonObject(new java.util.LinkedHashMap<>(castMap(m))) : null;
    if (o == null || o.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    o.forEach(e -> parts.add(e.getKey() + "=" + e.getValue()));
    return String.join(", ", parts);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static String latencyLine(JsonObject l) {
    if (l == null || l.getLong("count", 0L) == 0) {
      return "n=0";
    }
    return String.format("n=%d p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms", l.getLong("count"),
        l.getDouble("p50Ms"), l.getDouble("p95Ms"), l.getDouble("p99Ms"), l.getDouble("maxMs"));
  }

  private static String gib(long bytes) {
    return bytes < 0 ? "?" : String.format("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  private static String mib(long bytes) {
    return String.format("%.0f MiB", bytes / (1024.0 * 1024));
  }
}
