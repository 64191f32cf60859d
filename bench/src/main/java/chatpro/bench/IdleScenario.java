package chatpro.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * idle: K authenticated sockets that do nothing, held for the duration, to measure what a connection costs the
 * server. Heap is read from /metrics, whose value includes garbage not yet collected, so the lowest of several
 * readings before and during the hold is compared (closest to live data).
 */
final class IdleScenario {
  private final Harness h;
  private final Options o;

  IdleScenario(Harness h) {
    this.h = h;
    this.o = h.options;
  }

  /**
   * Heap and connection readings of each target over a window. The heap value includes garbage not yet collected,
   * so besides the last reading the last one just after a collection (a drop of over 1 MiB) is kept: that is the
   * closest to live data the metric offers.
   */
  private static final class Readings {
    final Map<String, Double> lastHeap = new LinkedHashMap<>();
    final Map<String, Double> postGcHeap = new LinkedHashMap<>();
    final Map<String, Double> connections = new LinkedHashMap<>();
    int samples;

    void add(Map<String, Map<String, Double>> metrics) {
      samples++;
      metrics.forEach((target, m) -> {
        Double heap = m.get(GatewayMetrics.HEAP);
        if (heap != null) {
          Double previous = lastHeap.put(target, heap);
          if (previous != null && heap < previous - 1024 * 1024) {
            postGcHeap.put(target, heap);
          }
        }
        Double c = m.get(GatewayMetrics.CONNECTIONS);
        if (c != null) {
          connections.put(target, c);
        }
      });
    }

    double connectionsTotal() {
      return connections.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  JsonObject run() {
    int people = Math.min(o.users, o.connections);
    long limit = Machine.openFileLimit();
    if (limit > 0 && limit < o.connections + 200L) {
      Log.warn("the open-file limit (" + limit + ") is below --connections + 200; raise it with ulimit -n");
    }
    h.provision(people);
    List<DeviceSocket> list = new ArrayList<>(o.connections);
    for (int k = 0; k < o.connections; k++) {
      list.add(h.newSocket(h.people.get(k % people), false));
    }
    Readings before = new Readings();
    for (int i = 0; i < 25; i++) {
      before.add(h.metrics());
      Deadline.sleep(200);
    }
    var serverBefore = h.serverSample();
    long connectStart = System.nanoTime();
    int failed = h.connect(list, "idle sockets");
    double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
    int connected = o.connections - failed;
    Log.info("holding " + connected + " idle sockets for " + o.durationSeconds + " s");
    Readings during = new Readings();
    long holdStart = System.nanoTime();
    long[] lastSample = {0};
    h.deadline.until(() -> System.nanoTime() - holdStart >= o.durationSeconds * 1_000_000_000L,
        o.durationSeconds * 1000L + 1000, 50, () -> {
          if (System.nanoTime() - lastSample[0] >= 200_000_000L) {
            lastSample[0] = System.nanoTime();
            during.add(h.metrics());
            h.tick();
          }
        }, "holding idle sockets");
    during.add(h.metrics());
    var serverAfter = h.serverSample();
    long stillOpen = list.stream().filter(s -> s.open).count();
    Log.info(stillOpen + " of " + connected + " sockets still open at the end of the hold; closing");
    h.closeSockets(list, "closing idle sockets");
    Deadline.sleep(2000);
    Readings afterClose = new Readings();
    afterClose.add(h.metrics());

    JsonArray perTarget = new JsonArray();
    double rawSum = 0;
    double postGcSum = 0;
    int rawTargets = 0;
    int postGcTargets = 0;
    for (Options.Target t : o.targets) {
      String url = t.url();
      JsonObject e = new JsonObject().put("target", url)
          .put("heapBytesBefore", before.lastHeap.get(url)).put("heapBytesDuring", during.lastHeap.get(url))
          .put("heapAfterGcBytesBefore", before.postGcHeap.get(url))
          .put("heapAfterGcBytesDuring", during.postGcHeap.get(url))
          .put("connectionsBefore", before.connections.get(url))
          .put("connectionsDuring", during.connections.get(url))
          .put("connectionsAfterClose", afterClose.connections.get(url));
      if (before.lastHeap.containsKey(url) && during.lastHeap.containsKey(url)) {
        double delta = during.lastHeap.get(url) - before.lastHeap.get(url);
        e.put("heapDeltaBytes", delta);
        rawSum += delta;
        rawTargets++;
      }
      if (before.postGcHeap.containsKey(url) && during.postGcHeap.containsKey(url)) {
        double delta = during.postGcHeap.get(url) - before.postGcHeap.get(url);
        e.put("heapAfterGcDeltaBytes", delta);
        postGcSum += delta;
        postGcTargets++;
      }
      perTarget.add(e);
    }
    // Prefer readings just after a collection in both windows; otherwise the raw delta, garbage included.
    boolean postGc = postGcTargets > 0 && postGcTargets == rawTargets;
    double heapDeltaSum = postGc ? postGcSum : rawSum;
    int heapTargets = postGc ? postGcTargets : rawTargets;
    JsonObject server = Report.serverUsage(serverBefore, serverAfter, 0,
        (System.nanoTime() - connectStart) / 1e9);
    JsonObject idle = new JsonObject()
        .put("requested", o.connections).put("connected", connected).put("failed", failed)
        .put("openAtEnd", stillOpen).put("people", people)
        .put("connectSeconds", Report.round3(connectSeconds))
        .put("connectsPerSecond", Report.round1(connected / Math.max(connectSeconds, 1e-9)))
        .put("serverConnectionsBefore", before.connectionsTotal())
        .put("serverConnectionsDuring", during.connectionsTotal())
        .put("serverConnectionsAfterClose", afterClose.connectionsTotal())
        .put("perTarget", perTarget);
    idle.put("heapMethod", heapTargets == 0 ? "none" : postGc ? "after-gc readings"
        : "raw readings (no collection seen in both windows; includes garbage - hold longer)");
    if (connected > 0 && heapTargets > 0) {
      idle.put("heapBytesPerConnectionSeparateJvms", Math.round(heapDeltaSum / connected));
      idle.put("heapBytesPerConnectionSharedJvm", Math.round(heapDeltaSum / heapTargets / connected));
    }
    if (connected > 0 && !o.serverPids.isEmpty()) {
      idle.put("rssBytesPerConnection", Math.round((double) server.getLong("rssDeltaBytes") / connected));
    }
    Stats st = h.run.stats;
    return new JsonObject()
        .put("setup", new JsonObject().put("people", people).put("sockets", o.connections)
            .put("provisioningSeconds", Report.round1(h.provisioningSeconds)))
        .put("idle", idle)
        .put("connect", h.connectLatency())
        .put("errorsByCode", Stats.snapshot(st.errorsByCode))
        .put("closesByCode", Stats.snapshot(st.closesByCode))
        .put("otherFrames", Stats.snapshot(st.otherFrames))
        .put("server", server);
  }
}
