package chatpro.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * faults: steady sends into direct chats and groups while, one at a time, each target of {@code --faults} goes down
 * and comes back through the fault switch of a {@code ./chatpro dev --separate} instance ({@code --dev-data}). The
 * devices behave as real apps: they reconnect, sync, and send again what got no answer, with the same client id.
 * At the end every device syncs, and Kafka is read from the beginning. Per fault: what clients saw of the outage
 * (seconds with failed, refused or slow sends), and the acked messages sent in its window that were lost (missing
 * on a member's device or in Kafka) or duplicated (stored at two seqs, or one event twice in Kafka).
 */
final class FaultsScenario {
  private final Harness h;
  private final Options o;

  FaultsScenario(Harness h) {
    this.h = h;
    this.o = h.options;
  }

  /** One fault's window: from the switch going down to the end of its recovery. */
  private record Window(String target, long downNanos, long upNanos, long endNanos) {}

  JsonObject run() {
    String controlPort = read("faults.port");
    String bootstrap = read("kafka.bootstrap");
    h.provision(o.users);
    h.createChats(ReconnectScenario.layout(o.users, o.groupSize));
    List<DeviceSocket> all = new ArrayList<>();
    for (Session p : h.people) {
      for (int d = 0; d < o.devicesPerUser; d++) {
        DeviceSocket s = h.newSocket(p, true);
        s.resilient();
        all.add(s);
      }
    }
    h.barrier();
    int connectFailures = h.connect(all, "sockets");
    if (connectFailures > 0) {
      throw new IllegalStateException(connectFailures + " sockets could not connect");
    }
    Stats st = h.run.stats;
    long planned = Math.round(o.rate * o.durationSeconds);
    long faultsSeconds = (long) o.faults.size() * (o.faultSeconds + o.recoverySeconds) + o.recoverySeconds;
    if (faultsSeconds > o.durationSeconds) {
      Log.warn("the faults take " + faultsSeconds + " s, longer than --duration " + o.durationSeconds
          + " s: the last ones happen after the load ended");
    }
    List<DeviceSocket> senders = new ArrayList<>();
    for (int i = 0; i < all.size(); i += o.devicesPerUser) {
      senders.add(all.get(i));
    }
    long[] quotas = Pacer.split(planned, senders.size());
    double perSender = o.rate / senders.size();
    long period = Pacer.periodMillis(perSender);
    long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    h.run.timeline = new Timeline(t0, o.durationSeconds + (int) faultsSeconds + 600);
    Log.info(String.format("sending %d messages at %.0f/s from %d senders for %d s; faults %s, each down %d s,"
        + " then %d s to recover", planned, o.rate, senders.size(), o.durationSeconds, o.faults, o.faultSeconds,
        o.recoverySeconds));
    CountDownLatch sendersDone = new CountDownLatch(senders.size());
    java.util.concurrent.atomic.AtomicLong lastSenderDone = new java.util.concurrent.atomic.AtomicLong();
    Runnable senderDone = () -> {
      lastSenderDone.accumulateAndGet(System.nanoTime(), Math::max);
      sendersDone.countDown();
    };
    double spacingNanos = 1e9 / o.rate;
    for (int i = 0; i < senders.size(); i++) {
      DeviceSocket s = senders.get(i);
      long start = t0 + (long) (i * spacingNanos);
      long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(start - System.nanoTime()));
      // each pair's first person writes in their direct chat, the second in their group
      int chat = s.user.chats.get(Math.min(i % 2, s.user.chats.size() - 1));
      s.startSending(new Pacer(perSender, quotas[i], start), period, delayMs, chat, senderDone);
    }

    List<Window> windows = new ArrayList<>();
    pauseWithProgress(o.recoverySeconds, st);
    for (String target : o.faults) {
      long down = System.nanoTime();
      Log.info("fault: " + target + " down");
      toggle(controlPort, target, "down");
      pauseWithProgress(o.faultSeconds, st);
      Log.info("fault: " + target + " up again");
      toggle(controlPort, target, "up");
      long up = System.nanoTime();
      pauseWithProgress(o.recoverySeconds, st);
      windows.add(new Window(target, down, up, System.nanoTime()));
    }
    h.deadline.until(() -> sendersDone.getCount() == 0, (o.durationSeconds + 120) * 1000L, 200, () -> progress(st),
        "sending");
    long sendEnd = lastSenderDone.get();
    if (!windows.isEmpty() && windows.get(windows.size() - 1).endNanos() > sendEnd) {
      Log.warn("the load ended before the last fault's window did: raise --duration for load through every fault");
    }
    Log.info("sending done; waiting for acks, then every device syncs");
    h.deadline.until(() -> inFlight() == 0, 60_000, 200, h::tick, "waiting for acks");
    h.deadline.until(() -> all.stream().allMatch(DeviceSocket::isOpen), 60_000, 200, h::tick, "reconnecting");
    List<Future<Void>> syncs = new ArrayList<>();
    h.run.recordLatency = false;
    for (DeviceSocket s : all) {
      syncs.add(s.syncAll());
    }
    h.deadline.await(Future.join(syncs), 300_000, "final sync");
    h.barrier();

    Log.info("reading " + KafkaCheck.TOPIC + " from the beginning");
    Set<String> ackedIds = new HashSet<>();
    Ledger ledger = h.run.ledger;
    for (int i = 0; i < ledger.used(); i++) {
      if (ledger.state[i] == Ledger.ACKED) {
        ackedIds.add(h.run.chats.id(ledger.chat[i]) + ":" + ledger.seq[i]);
      }
    }
    KafkaCheck kafka = KafkaCheck.read(bootstrap, h.run, ackedIds, 60, h.deadline);
    return results(all, windows, kafka, planned, (sendEnd - t0) / 1e9, connectFailures);
  }

  /** Sends still without an answer. */
  private long inFlight() {
    Ledger ledger = h.run.ledger;
    long n = 0;
    for (int i = 0; i < ledger.used(); i++) {
      if (ledger.state[i] == Ledger.SENT) {
        n++;
      }
    }
    return n;
  }

  private JsonObject results(List<DeviceSocket> all, List<Window> windows, KafkaCheck kafka, long planned,
      double sendSeconds, int connectFailures) {
    Ledger ledger = h.run.ledger;
    Timeline tl = h.run.timeline;
    int n = ledger.used();
    int slots = windows.size() + 1;
    long[] acked = new long[slots];
    long[] lostOnDevice = new long[slots];
    long[] lostInKafka = new long[slots];
    long[] duplicated = new long[slots];
    long[] unanswered = new long[slots];
    long[] failed = new long[slots];
    long[] storedAfterError = new long[slots];
    long[] slowAcks = new long[slots];
    List<String> examples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int w = windowOf(windows, ledger.sendNanos.get(i));
      long[] seqs = kafka.seqsByMessage.get(i);
      if (seqs != null && seqs.length > 1) {
        duplicated[w]++;
        example(examples, "message " + i + " stored at seqs " + java.util.Arrays.toString(seqs));
      }
      if (ledger.state[i] == Ledger.SENT) {
        unanswered[w]++;
      }
      if (ledger.state[i] == Ledger.FAILED) {
        failed[w]++;
        if (seqs != null) {
          // answered with an error, yet stored: its sender would show it as not sent (a retry gets the first ack)
          storedAfterError[w]++;
        }
      }
      if (ledger.state[i] == Ledger.ACKED && ledger.ackNanos[i] - ledger.sendNanos.get(i) > Timeline.SLOW_ACK_NANOS) {
        slowAcks[w]++;
      }
      if (ledger.state[i] != Ledger.ACKED) {
        continue;
      }
      acked[w]++;
      int chat = ledger.chat[i];
      long seq = ledger.seq[i];
      String eventId = h.run.chats.id(chat) + ":" + seq;
      Integer inKafka = kafka.byEventId.get(eventId);
      if (inKafka == null) {
        lostInKafka[w]++;
        example(examples, "acked " + eventId + " is not in Kafka");
      } else if (inKafka > 1) {
        duplicated[w]++;
        example(examples, eventId + " is in Kafka " + inKafka + " times");
      }
      for (DeviceSocket d : h.run.chats.devices(chat)) {
        if (!d.have.has(chat, seq)) {
          lostOnDevice[w]++;
          example(examples, "acked " + eventId + " never reached device " + d.id);
          break;
        }
      }
    }
    JsonArray table = new JsonArray();
    long lost = 0;
    long doubled = 0;
    for (int w = 0; w < slots; w++) {
      boolean steady = w == windows.size();
      JsonObject row = new JsonObject().put("fault", steady ? "(outside fault windows)" : windows.get(w).target());
      if (!steady) {
        Window win = windows.get(w);
        row.put("downSeconds", Report.round1((win.upNanos() - win.downNanos()) / 1e9))
            .put("outageSeenSeconds", tl.troubledSpan(win.downNanos(), win.endNanos()))
            .put("failed", failed[w])
            .put("storedAfterError", storedAfterError[w])
            .put("refused", tl.sum(tl.refused, win.downNanos(), win.endNanos()))
            .put("slowAcks", slowAcks[w]);
      }
      row.put("acked", acked[w]).put("unanswered", unanswered[w]).put("lostOnDevice", lostOnDevice[w])
          .put("lostInKafka", lostInKafka[w]).put("duplicated", duplicated[w]);
      lost += lostOnDevice[w] + lostInKafka[w];
      doubled += duplicated[w];
      table.add(row);
    }
    Stats st = h.run.stats;
    long pushedTwice = 0;
    long outOfOrder = 0;
    long gapsFilled = 0;
    int reconnects = 0;
    for (DeviceSocket s : all) {
      pushedTwice += s.duplicates();
      outOfOrder += s.outOfOrder();
      gapsFilled += s.gapsFilled();
      reconnects += s.reconnects;
    }
    table.forEach(r -> Log.info(((JsonObject) r).encode()));
    return new JsonObject()
        .put("setup", new JsonObject().put("people", h.people.size()).put("chats", h.run.chats.size())
            .put("sockets", all.size()).put("connectFailures", connectFailures)
            .put("provisioningSeconds", Report.round1(h.provisioningSeconds)))
        .put("messages", new JsonObject().put("planned", planned).put("sent", st.sent.sum())
            .put("acked", st.acked.sum()).put("failed", st.sendFailed.sum()).put("unsent", st.unsent.sum())
            .put("resent", st.resent.sum()).put("sendSeconds", Report.round3(sendSeconds))
            .put("achievedRate", Report.round1(st.sent.sum() / Math.max(sendSeconds, 1e-9))))
        .put("faults", table)
        .put("correctness", new JsonObject().put("lost", lost).put("duplicated", doubled)
            .put("outOfOrder", outOfOrder).put("gapsFilledBySync", gapsFilled).put("pushedTwiceOnOneSocket", pushedTwice)
            .put("kafkaRecords", kafka.records).put("reconnects", reconnects).put("examples", new JsonArray(examples)))
        .put("errorsByCode", Stats.snapshot(st.errorsByCode))
        .put("closesByCode", Stats.snapshot(st.closesByCode))
        .put("otherFrames", Stats.snapshot(st.otherFrames));
  }

  private static void example(List<String> examples, String text) {
    if (examples.size() < 20) {
      examples.add(text);
    }
  }

  /** The fault whose window holds the send time, else the last slot (steady load). */
  private static int windowOf(List<Window> windows, long sendNanos) {
    for (int w = 0; w < windows.size(); w++) {
      if (sendNanos >= windows.get(w).downNanos() && sendNanos < windows.get(w).endNanos()) {
        return w;
      }
    }
    return windows.size();
  }

  private void pauseWithProgress(int seconds, Stats st) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    h.deadline.until(() -> System.nanoTime() >= end, seconds * 1000L + 1000, 200, () -> progress(st), "waiting");
  }

  private long lastPrint;

  private void progress(Stats st) {
    h.tick();
    if (System.nanoTime() - lastPrint > 5_000_000_000L) {
      lastPrint = System.nanoTime();
      Log.info(String.format("sent %d  acked %d  failed %d  refused %d  resent %d  events %d  errors %s",
          st.sent.sum(), st.acked.sum(), st.sendFailed.sum(), st.unsent.sum(), st.resent.sum(), st.events.sum(),
          Stats.snapshot(st.errorsByCode)));
    }
  }

  /** POST /faults/<target>/<down|up> to the dev instance's switch; up answers once the target serves again. */
  private void toggle(String port, String target, String state) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/faults/" + target + "/"
            + state))
        .timeout(Duration.ofSeconds(300))
        .header("Authorization", "Bearer " + o.operatorToken)
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("fault switch: " + target + " " + state + ": " + e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("fault switch: " + target + " " + state + " answered "
          + response.statusCode() + " " + response.body());
    }
  }

  private String read(String file) {
    try {
      return Files.readString(o.devData.resolve(file)).trim();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no " + file + " in " + o.devData
          + ": start the instance with ./chatpro dev --separate --data " + o.devData);
    }
  }
}
