package chatpro.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The machinery every scenario uses: one Vert.x with an event loop per core, a context per event loop that sockets
 * are spread over, WebSocket clients (one per source address), provisioning, connecting in bounded parallelism,
 * token refresh, readings of the server, and closing everything at the end.
 */
final class Harness implements AutoCloseable {
  final Options options;
  final Deadline deadline;
  final Vertx vertx;
  final Http http;
  final Provisioner provisioner;
  final ProcStats proc = new ProcStats();
  final Run run;
  final List<DeviceSocket> sockets = Collections.synchronizedList(new ArrayList<>());
  final List<Session> people = new ArrayList<>();
  private final List<Context> contexts;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final Histogram connectHistogram = new Histogram(3);
  double provisioningSeconds;

  Harness(Options options, Deadline deadline, int ledgerCapacity) {
    this.options = options;
    this.deadline = deadline;
    int cores = Runtime.getRuntime().availableProcessors();
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(cores).setWorkerPoolSize(2)
        .setBlockedThreadCheckInterval(10_000));
    this.contexts = eventLoopContexts(cores);
    this.http = new Http(vertx, 64);
    this.provisioner = new Provisioner(vertx, http, options, deadline);
    this.run = new Run(vertx, ledgerCapacity, options.textSize);
    int perClient = Math.max(options.connections, options.users * options.devicesPerUser) + 1000;
    List<String> addresses = options.sourceAddresses.isEmpty() ? Collections.singletonList(null)
        : options.sourceAddresses;
    for (String address : addresses) {
      WebSocketClientOptions o = new WebSocketClientOptions().setMaxConnections(perClient).setClosingTimeout(5)
          .setConnectTimeout(options.connectTimeoutSeconds * 1000).setTrustAll(true).setVerifyHost(false)
          .setTcpNoDelay(true);
      if (address != null) {
        o.setLocalAddress(address);
      }
      clients.add(vertx.createWebSocketClient(o));
    }
  }

  /** One context per event loop, made by deploying that many instances of an empty verticle. */
  private List<Context> eventLoopContexts(int n) {
    List<Context> out = Collections.synchronizedList(new ArrayList<>());
    deadline.await(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        out.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(n)), 30_000, "starting the event loops");
    return new ArrayList<>(out);
  }

  Context context(int i) {
    return contexts.get(i % contexts.size());
  }

  /** Creates the org and {@code n} people; the time is reported as provisioning. */
  void provision(int n) {
    long start = System.nanoTime();
    provisioner.createOrg();
    people.addAll(provisioner.people(n));
    provisioningSeconds += (System.nanoTime() - start) / 1e9;
  }

  /** Creates chats in parallel and registers them in the order given; each member session learns its chats. */
  void createChats(List<ChatSpec> specs) {
    long start = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    Future<List<Parallel.Outcome<String>>> all = Parallel.run(specs, 8, spec -> {
      Session creator = people.get(spec.members()[0]);
      if (spec.group()) {
        List<Session> others = new ArrayList<>();
        for (int i = 1; i < spec.members().length; i++) {
          others.add(people.get(spec.members()[i]));
        }
        return provisioner.groupChat(creator, others, spec.name());
      }
      return provisioner.directChat(creator, people.get(spec.members()[1]));
    }, done);
    deadline.until(all::isComplete, Long.MAX_VALUE, 2000,
        () -> Log.info("chats: " + done.get() + "/" + specs.size()), "creating chats");
    List<Parallel.Outcome<String>> outcomes = all.result();
    for (int i = 0; i < specs.size(); i++) {
      Parallel.Outcome<String> o = outcomes.get(i);
      if (!o.ok()) {
        throw new IllegalStateException("creating chat " + specs.get(i).name() + " failed: " + o.error().getMessage());
      }
      int chat = run.chats.add(o.value(), specs.get(i).members());
      for (int member : specs.get(i).members()) {
        people.get(member).chats.add(chat);
      }
    }
    provisioningSeconds += (System.nanoTime() - start) / 1e9;
    Log.info("chats: " + specs.size() + " created");
  }

  /** A chat to create: members by person index, the first one creates it. */
  record ChatSpec(String name, boolean group, int[] members) {}

  /**
   * A socket for {@code person}; socket number k goes to target k mod targets, source address (k / targets) mod
   * addresses (so every address reaches every target) and event loop k mod cores. {@code watched} sockets are expected to receive every event of their chats.
   */
  DeviceSocket newSocket(Session person, boolean watched) {
    int k = sockets.size();
    Options.Target target = options.targets.get(k % options.targets.size());
    WebSocketClient client = clients.get((k / options.targets.size()) % clients.size());
    DeviceSocket s = new DeviceSocket(k, person, target, person.chatArray(), client,
        contexts.get(k % contexts.size()), run);
    sockets.add(s);
    person.addSocket(s);
    if (watched) {
      for (int chat : s.chats) {
        run.chats.addDevice(chat, s);
      }
    }
    return s;
  }

  /** Connects sockets with bounded parallelism; answers how many failed (each failure's reason is counted). */
  int connect(List<DeviceSocket> list, String label) {
    long start = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    long timeout = options.connectTimeoutSeconds * 1000L;
    Future<List<Parallel.Outcome<Void>>> all = Parallel.run(list, options.connectParallelism,
        s -> s.connect(timeout), done);
    deadline.until(all::isComplete, Long.MAX_VALUE, 1000, () -> {
      Log.info(String.format("%s: %d/%d connected (%.1f s)", label, done.get(), list.size(),
          (System.nanoTime() - start) / 1e9));
      tick();
    }, "connecting");
    int failed = 0;
    Map<String, Integer> reasons = new LinkedHashMap<>();
    for (Parallel.Outcome<Void> o : all.result()) {
      if (!o.ok()) {
        failed++;
        String reason = o.error().getClass().getSimpleName() + ": " + o.error().getMessage();
        reasons.merge(reason.length() > 160 ? reason.substring(0, 160) : reason, 1, Integer::sum);
      }
    }
    Log.info(String.format("%s: %d/%d connected in %.1f s%s", label, list.size() - failed, list.size(),
        (System.nanoTime() - start) / 1e9, failed == 0 ? "" : ", " + failed + " failed: " + reasons));
    return failed;
  }

  /** Keeps logins alive on long runs: tokens close to expiry are refreshed and every socket re-authenticates. */
  void tick() {
    long soon = System.currentTimeMillis() + 120_000;
    for (Session s : people) {
      if (s.expiresAtMillis != 0 && s.expiresAtMillis < soon && !s.refreshing) {
        s.refreshing = true;
        provisioner.refresh(s).onComplete(r -> {
          s.refreshing = false;
          if (r.succeeded()) {
            s.socketList().forEach(DeviceSocket::reauth);
          } else {
            run.stats.error("token_refresh_failed");
            s.expiresAtMillis = System.currentTimeMillis() + 150_000;
          }
        });
      }
    }
  }

  /**
   * Waits until each event loop has run everything queued before now: what sockets wrote into plain fields is
   * then visible to this thread.
   */
  void barrier() {
    List<Future<Void>> all = new ArrayList<>();
    for (Context c : contexts) {
      Promise<Void> p = Promise.promise();
      c.runOnContext(v -> p.complete());
      all.add(p.future());
    }
    deadline.await(Future.all(all), 30_000, "quiescing the event loops");
  }

  /** Starts watching the run queue and the generator's event loops; close it when the measured window ends. */
  LoadWatch watchLoad() {
    return new LoadWatch(vertx, contexts).start();
  }

  Map<Long, ProcStats.Sample> serverSample() {
    return proc.read(options.serverPids);
  }

  /** /metrics of every target; a target that does not answer is left out. */
  Map<String, Map<String, Double>> metrics() {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    List<Future<String>> futures = new ArrayList<>();
    for (Options.Target t : options.targets) {
      futures.add(http.text(t.url() + "/metrics", 10_000));
    }
    for (int i = 0; i < futures.size(); i++) {
      try {
        out.put(options.targets.get(i).url(), GatewayMetrics.parse(deadline.await(futures.get(i), 15_000,
            "reading /metrics")));
      } catch (Deadline.HardStop e) {
        throw e;
      } catch (RuntimeException e) {
        Log.warn("metrics of " + options.targets.get(i).url() + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** The connect + auth latencies recorded so far. */
  JsonObject connectLatency() {
    Stats.drain(run.stats.connect, connectHistogram);
    return Report.latency(connectHistogram);
  }

  /** Closes every socket (bounded wait), then the clients and Vert.x. */
  @Override
  public void close() {
    List<Future<Void>> closing = new ArrayList<>();
    synchronized (sockets) {
      for (DeviceSocket s : sockets) {
        closing.add(s.close());
      }
    }
    try {
      Future.join(closing).toCompletionStage().toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      Log.warn("some sockets did not close in 15 s; they end with the process");
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      Log.warn("Vert.x did not stop in 15 s");
    }
  }

  /** Closes all sockets now and waits (bounded) for the closes; used by scenarios between phases. */
  void closeSockets(List<DeviceSocket> list, String what) {
    List<Future<Void>> closing = new ArrayList<>();
    for (DeviceSocket s : list) {
      closing.add(s.close());
    }
    deadline.await(Future.join(closing).<Void>mapEmpty().recover(e -> Future.succeededFuture()), 30_000, what);
  }
}
