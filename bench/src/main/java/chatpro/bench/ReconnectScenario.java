package chatpro.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * reconnect: K clients in a direct chat and a group each get a backlog live, all drop at once, more is sent while
 * they are away (over REST, since nobody is connected), then all reconnect at once and sync from what they have.
 * Measures when each client has every missed event, and checks nothing is lost, doubled or reordered.
 */
final class ReconnectScenario {
  private static final int REST_IN_FLIGHT = 64;
  private final Harness h;
  private final Options o;

  ReconnectScenario(Harness h) {
    this.h = h;
    this.o = h.options;
  }

  /** Chats of the run: a direct chat per pair and groups of up to --group-size. */
  static List<Harness.ChatSpec> layout(int people, int groupSize) {
    List<Harness.ChatSpec> specs = new ArrayList<>(MessagingScenario.directPairs(people));
    specs.addAll(MessagingScenario.groups(people, Math.min(groupSize, people), "bench reconnect group"));
    return specs;
  }

  JsonObject run() {
    int people = Math.min(o.users, Math.max(2, o.connections));
    h.provision(people);
    h.createChats(layout(people, o.groupSize));
    List<DeviceSocket> clients = new ArrayList<>(o.connections);
    for (int k = 0; k < o.connections; k++) {
      clients.add(h.newSocket(h.people.get(k % people), true));
    }
    Stats st = h.run.stats;
    int firstFailures = h.connect(clients, "clients");

    Log.info("phase 1: " + o.backlogPerChat + " messages per chat while everyone is connected");
    restSend(o.backlogPerChat);
    boolean liveComplete = h.deadline.until(() -> h.run.ledger.outstanding() == 0, o.graceSeconds * 1000L, 100,
        h::tick, "waiting for live deliveries");
    Log.info("phase 1 delivered live" + (liveComplete ? "" : " (some still outstanding after the grace)"));
    JsonObject liveDelivery = Report.latency(Stats.drain(st.delivery, new Histogram(3)));

    Log.info("phase 2: all " + clients.size() + " clients drop");
    h.closeSockets(clients, "dropping clients");
    Log.info("phase 3: " + o.missedPerChat + " messages per chat while everyone is away");
    h.run.recordLatency = false;
    restSend(o.missedPerChat);
    h.barrier();
    long[] target = new long[h.run.chats.size()];
    h.run.ledger.ackedByChat().forEach((chat, seqs) -> target[chat] = seqs.length == 0 ? 0 : seqs[seqs.length - 1]);

    Log.info("phase 4: all clients reconnect at once and sync");
    var serverBefore = h.serverSample();
    Recorder fromStart = new Recorder(3);
    Recorder fromConnect = new Recorder(3);
    AtomicInteger reconnected = new AtomicInteger();
    AtomicInteger caughtUp = new AtomicInteger();
    AtomicLong lastCatchUp = new AtomicLong();
    List<String> failures = new ArrayList<>();
    long t0 = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    long timeout = o.connectTimeoutSeconds * 1000L;
    Future<List<Parallel.Outcome<Boolean>>> all = Parallel.run(clients, clients.size(), s -> {
      long start = System.nanoTime();
      return s.connect(timeout).compose(v -> {
        reconnected.incrementAndGet();
        return s.syncAll();
      }).map(v -> {
        boolean ok = s.caughtUp(target);
        if (ok) {
          long now = System.nanoTime();
          Stats.record(fromStart, now - t0);
          Stats.record(fromConnect, now - start);
          lastCatchUp.accumulateAndGet(now, Math::max);
          caughtUp.incrementAndGet();
        }
        return ok;
      });
    }, done);
    h.deadline.until(all::isComplete, timeout + 120_000, 1000, () -> {
      Log.info(String.format("reconnected %d, caught up %d of %d (%.1f s)", reconnected.get(), caughtUp.get(),
          clients.size(), (System.nanoTime() - t0) / 1e9));
      h.tick();
    }, "reconnecting");
    List<Parallel.Outcome<Boolean>> outcomes = all.isComplete() ? all.result() : List.of();
    for (Parallel.Outcome<Boolean> out : outcomes) {
      if (!out.ok() && failures.size() < 10) {
        failures.add(out.error().getClass().getSimpleName() + ": " + out.error().getMessage());
      }
    }
    var serverAfter = h.serverSample();
    double stormSeconds = (System.nanoTime() - t0) / 1e9;
    h.barrier();
    Log.info(String.format("reconnect: %d reconnected, %d caught up; last after %.2f s", reconnected.get(),
        caughtUp.get(), lastCatchUp.get() == 0 ? 0 : (lastCatchUp.get() - t0) / 1e9));

    List<Accounting.Receiver> receivers = new ArrayList<>();
    long dup = 0;
    long ooo = 0;
    int broken = 0;
    for (DeviceSocket s : clients) {
      dup += s.duplicates();
      ooo += s.outOfOrder();
      if (s.open && !s.broken) {
        receivers.add(new Accounting.Receiver("client " + s.id + " of " + s.user.username, s.chats, s.have));
      } else {
        broken++;
      }
    }
    Accounting.Result acc = Accounting.count(h.run.ledger.ackedByChat(), receivers, h.run.chats::id, 10);
    long missedTotal = 0;
    for (DeviceSocket s : clients) {
      missedTotal += (long) s.chats.length * o.missedPerChat;
    }
    double missedPerClient = Report.round1((double) missedTotal / clients.size());
    JsonObject reconnect = new JsonObject().put("clients", clients.size()).put("people", people)
        .put("chats", h.run.chats.size()).put("backlogPerChat", o.backlogPerChat)
        .put("missedPerChat", o.missedPerChat).put("missedEventsPerClient", missedPerClient)
        .put("firstConnectFailures", firstFailures).put("reconnected", reconnected.get())
        .put("caughtUp", caughtUp.get())
        .put("allCaughtUpSeconds", caughtUp.get() == clients.size() && lastCatchUp.get() != 0
            ? Report.round3((lastCatchUp.get() - t0) / 1e9) : null)
        .put("catchUpFromReconnectStart", Report.latency(Stats.drain(fromStart, new Histogram(3))))
        .put("catchUpFromOwnConnect", Report.latency(Stats.drain(fromConnect, new Histogram(3))))
        .put("failures", failures);
    return new JsonObject()
        .put("setup", new JsonObject().put("people", people).put("chats", h.run.chats.size())
            .put("clients", clients.size()).put("provisioningSeconds", Report.round1(h.provisioningSeconds)))
        .put("messages", new JsonObject().put("planned", (long) h.run.chats.size()
                * (o.backlogPerChat + o.missedPerChat)).put("sent", st.sent.sum()).put("acked", st.acked.sum())
            .put("failed", st.sendFailed.sum()).put("unsent", st.unsent.sum()))
        .put("reconnect", reconnect)
        .put("latency", new JsonObject()
            .put("restAck", Report.latency(Stats.drain(st.ack, new Histogram(3))))
            .put("liveDeliveryPhase1", liveDelivery)
            .put("catchUp", reconnect.getJsonObject("catchUpFromReconnectStart")))
        .put("correctness", Report.correctness(acc, dup, ooo, receivers.size(), broken)
            .put("eventsReceived", st.events.sum()))
        .put("connect", h.connectLatency())
        .put("errorsByCode", Stats.snapshot(st.errorsByCode))
        .put("closesByCode", Stats.snapshot(st.closesByCode))
        .put("otherFrames", Stats.snapshot(st.otherFrames))
        .put("server", Report.serverUsage(serverBefore, serverAfter, 0, stormSeconds));
  }

  /**
   * Sends {@code perChat} messages into every chat over REST at --rate, at most {@link #REST_IN_FLIGHT} in flight,
   * members of each chat taking turns; returns when all are answered. The pacing timer and every answer run on one
   * event loop, so the ledger entries are written there.
   */
  private void restSend(int perChat) {
    int chats = h.run.chats.size();
    int total = chats * perChat;
    if (total == 0) {
      return;
    }
    Stats st = h.run.stats;
    Promise<Void> finished = Promise.promise();
    AtomicInteger answered = new AtomicInteger();
    Context ctx = h.context(0);
    ctx.runOnContext(v -> {
      Pacer pacer = new Pacer(o.rate, total, System.nanoTime());
      int[] issued = {0};
      int[] owed = {0};
      int[] inFlight = {0};
      h.vertx.setPeriodic(1, 1, timer -> {
        owed[0] += pacer.due(System.nanoTime());
        while (owed[0] > 0 && inFlight[0] < REST_IN_FLIGHT) {
          int i = issued[0]++;
          owed[0]--;
          inFlight[0]++;
          int chat = i % chats;
          int[] members = h.run.chats.members(chat);
          Session sender = h.people.get(members[(i / chats) % members.length]);
          int idx = h.run.ledger.reserve();
          if (idx < 0) {
            st.unsent.increment();
            inFlight[0]--;
            if (answered.incrementAndGet() == total) {
              finished.tryComplete();
            }
            continue;
          }
          long sentAt = System.nanoTime();
          h.run.ledger.sent(idx, chat, -1, h.run.openReceivers(chat, null), sentAt);
          st.sent.increment();
          h.provisioner.restMessage(sender, h.run.chats.id(chat), h.run.clientId(idx), h.run.text(idx))
              .onComplete(r -> {
                inFlight[0]--;
                if (r.succeeded() && r.result().getLong("seq") != null) {
                  long now = System.nanoTime();
                  h.run.ledger.seq[idx] = r.result().getLong("seq");
                  h.run.ledger.ackNanos[idx] = now;
                  h.run.ledger.state[idx] = Ledger.ACKED;
                  st.acked.increment();
                  Stats.record(st.ack, now - sentAt);
                } else {
                  h.run.ledger.state[idx] = Ledger.FAILED;
                  st.sendFailed.increment();
                  st.error(r.failed() && r.cause() instanceof Http.Failure f ? f.code : "rest_send_failed");
                }
                if (answered.incrementAndGet() == total) {
                  finished.tryComplete();
                }
              });
        }
        if (issued[0] >= total) {
          h.vertx.cancelTimer(timer);
        }
      });
    });
    long start = System.nanoTime();
    long ackedBefore = st.acked.sum();
    long failedBefore = st.sendFailed.sum();
    h.deadline.until(() -> finished.future().isComplete(), 120_000L + (long) (total / o.rate * 1000), 500, () -> {
      h.tick();
    }, "sending over REST");
    if (!finished.future().isComplete()) {
      throw new IllegalStateException("REST sends did not finish: " + answered.get() + " of " + total + " answered");
    }
    Log.info(String.format("%d messages sent over REST in %.1f s (acked %d, failed %d)", total,
        (System.nanoTime() - start) / 1e9, st.acked.sum() - ackedBefore, st.sendFailed.sum() - failedBefore));
  }
}
