package chatpro.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * direct and group: every person connects D devices; everyone sends into their chat at an even share of the
 * aggregate rate for the duration; each message is timed to its ack and to its event on every other member device.
 */
final class MessagingScenario {
  private final Harness h;
  private final Options o;
  private final boolean group;

  MessagingScenario(Harness h, boolean group) {
    this.h = h;
    this.o = h.options;
    this.group = group;
  }

  static List<Harness.ChatSpec> directPairs(int n) {
    List<Harness.ChatSpec> specs = new ArrayList<>();
    for (int k = 0; k + 1 < n; k += 2) {
      specs.add(new Harness.ChatSpec("direct " + k, false, new int[] {k, k + 1}));
    }
    if (n % 2 == 1) {
      specs.add(new Harness.ChatSpec("direct " + (n - 1), false, new int[] {n - 1, 0}));
    }
    return specs;
  }

  /** People split into ceil(n / size) groups of nearly equal size, each at most {@code size}. */
  static List<Harness.ChatSpec> groups(int n, int size, String prefix) {
    int count = (n + size - 1) / size;
    List<Harness.ChatSpec> specs = new ArrayList<>();
    int next = 0;
    for (int g = 0; g < count; g++) {
      int members = n / count + (g < n % count ? 1 : 0);
      int[] m = new int[members];
      for (int i = 0; i < members; i++) {
        m[i] = next++;
      }
      specs.add(new Harness.ChatSpec(prefix + " " + (g + 1), true, m));
    }
    return specs;
  }

  JsonObject run() {
    h.provision(o.users);
    h.createChats(group ? groups(o.users, o.groupSize, "bench group") : directPairs(o.users));
    List<DeviceSocket> all = new ArrayList<>();
    List<DeviceSocket> senders = new ArrayList<>();
    for (Session p : h.people) {
      for (int d = 0; d < o.devicesPerUser; d++) {
        DeviceSocket s = h.newSocket(p, true);
        all.add(s);
        if (d == 0) {
          senders.add(s);
        }
      }
    }
    int connectFailures = h.connect(all, "sockets");
    List<DeviceSocket> active = senders.stream().filter(s -> s.open).toList();
    if (active.isEmpty()) {
      throw new IllegalStateException("no socket could connect");
    }
    Stats st = h.run.stats;
    long planned = Math.round(o.rate * o.durationSeconds);
    long[] quotas = Pacer.split(planned, active.size());
    double perSender = o.rate / active.size();
    long period = Pacer.periodMillis(perSender);

    Deadline.sleep(500);
    LoadWatch load = h.watchLoad();
    var serverBefore = h.serverSample();
    var selfBefore = h.proc.self();
    Log.info(String.format("sending %d messages at %.0f/s from %d senders for %d s (%s)", planned, o.rate,
        active.size(), o.durationSeconds, group ? "groups of up to " + o.groupSize : "direct chats"));
    CountDownLatch sendersDone = new CountDownLatch(active.size());
    long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    double spacingNanos = 1e9 / o.rate;
    for (int i = 0; i < active.size(); i++) {
      DeviceSocket s = active.get(i);
      long start = t0 + (long) (i * spacingNanos);
      long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(start - System.nanoTime()));
      s.startSending(new Pacer(perSender, quotas[i], start), period, delayMs, s.user.chats.get(0),
          sendersDone::countDown);
    }
    long[] lastPrint = {System.nanoTime()};
    h.deadline.until(() -> sendersDone.getCount() == 0, (o.durationSeconds + 60) * 1000L, 200, () -> {
      if (System.nanoTime() - lastPrint[0] > 2_000_000_000L) {
        lastPrint[0] = System.nanoTime();
        progress(st);
      }
      h.tick();
    }, "sending");
    long sendEnd = System.nanoTime();
    double sendSeconds = (sendEnd - t0) / 1e9;
    progress(st);
    Log.info("sending done; waiting for acks and deliveries");
    h.deadline.until(() -> st.acked.sum() + st.sendFailed.sum() >= st.sent.sum(), 30_000, 100, h::tick,
        "waiting for acks");
    boolean complete = h.deadline.until(() -> h.run.ledger.outstanding() == 0, o.graceSeconds * 1000L, 100,
        h::tick, "waiting for deliveries");
    long end = System.nanoTime();
    var serverAfter = h.serverSample();
    var selfAfter = h.proc.self();
    load.close();
    h.barrier();
    if (!complete) {
      Log.warn("deliveries still outstanding after the " + o.graceSeconds + " s grace: " + h.run.ledger.outstanding());
    }

    List<Accounting.Receiver> receivers = new ArrayList<>();
    int broken = 0;
    long dup = 0;
    long ooo = 0;
    for (DeviceSocket s : all) {
      dup += s.duplicates();
      ooo += s.outOfOrder();
      if (s.everConnected && !s.broken) {
        receivers.add(new Accounting.Receiver("socket " + s.id + " of " + s.user.username, s.chats, s.have));
      } else if (s.everConnected) {
        broken++;
      }
    }
    Accounting.Result acc = Accounting.count(h.run.ledger.ackedByChat(), receivers, h.run.chats::id, 10);

    JsonObject results = new JsonObject();
    long sent = st.sent.sum();
    results.put("setup", new JsonObject().put("people", h.people.size()).put("chats", h.run.chats.size())
        .put("sockets", all.size()).put("connectFailures", connectFailures).put("senders", active.size())
        .put("provisioningSeconds", Report.round1(h.provisioningSeconds)));
    results.put("messages", new JsonObject().put("planned", planned).put("sent", sent)
        .put("acked", st.acked.sum()).put("failed", st.sendFailed.sum()).put("unsent", st.unsent.sum())
        .put("sendSeconds", Report.round3(sendSeconds))
        .put("achievedRate", Report.round1(sent / Math.max(sendSeconds, 1e-9))));
    results.put("latency", new JsonObject()
        .put("ack", Report.latency(Stats.drain(st.ack, new Histogram(3))))
        .put("delivery", Report.latency(Stats.drain(st.delivery, new Histogram(3))))
        .put("fanoutComplete", Report.latency(Stats.drain(st.fanout, new Histogram(3)))));
    results.put("correctness", Report.correctness(acc, dup, ooo, receivers.size(), broken)
        .put("eventsReceived", st.events.sum()).put("foreignEvents", st.foreignEvents.sum())
        .put("allDeliveredWithinGrace", complete));
    results.put("connect", h.connectLatency());
    results.put("errorsByCode", Stats.snapshot(st.errorsByCode));
    results.put("closesByCode", Stats.snapshot(st.closesByCode));
    results.put("otherFrames", Stats.snapshot(st.otherFrames));
    double window = (end - t0) / 1e9;
    results.put("server", Report.serverUsage(serverBefore, serverAfter, st.acked.sum(), window));
    results.put("generator", generator(selfBefore, selfAfter, window));
    results.put("load", load.summary());
    return results;
  }

  private static void progress(Stats st) {
    Log.info(String.format("sent %d  acked %d  failed %d  events %d  errors %s", st.sent.sum(), st.acked.sum(),
        st.sendFailed.sum(), st.events.sum(), Stats.snapshot(st.errorsByCode)));
  }

  static JsonObject generator(ProcStats.Sample before, ProcStats.Sample after, double seconds) {
    double cpu = after.cpuSeconds() - before.cpuSeconds();
    return new JsonObject().put("cpuSeconds", Report.round3(cpu))
        .put("averageCores", Report.round3(cpu / Math.max(seconds, 1e-9)))
        .put("rssBytes", after.rssBytes());
  }
}
