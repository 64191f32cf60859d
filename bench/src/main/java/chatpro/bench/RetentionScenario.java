package chatpro.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Live sends while the retention sweep takes {@code --archive} expired messages: people paired in direct chats send
 * at {@code --rate} for {@code --duration} with no sweep (the baseline), then the org's retention is set, the
 * operator starts a sweep, and they send again for {@code --duration} while it runs. The ack latency of the two
 * phases is the comparison.
 *
 * A warm-up of {@value #WARM_UP_SECONDS} s comes first and is reported apart.
 *
 * <p>The archive is written straight into message-service's tables (SQL, a year old), which is the one thing here
 * that does not go through the public protocol: a million sends would take longer than the rest of the run. The
 * database settings come from the environment ({@code CHATPRO_PG_*}, as {@code ./chatpro dev} writes them to
 * {@code DIR/infra.env}).
 */
final class RetentionScenario {
  static final int RETENTION_DAYS = 30;
  /** Sends before the measured phases, so both meet a JVM that has compiled the send path. */
  static final int WARM_UP_SECONDS = 20;
  static final String SEED = "WITH s AS (SELECT n, gen_random_uuid() AS id FROM generate_series(1, $4::bigint) n)"
      + " INSERT INTO messaging.events (chat_id, seq, org_id, type, at, actor_id, message_id, body)"
      + " SELECT $1, n, $2, 'message', $5::timestamptz + n * interval '1 second', $3, id,"
      + " jsonb_build_object('messageId', id, 'senderId', $3::text, 'kind', 'text',"
      + " 'text', 'an old message of the archive, number ' || n, 'sentAt', $5::text) FROM s";
  static final String LAST_SEQ = "UPDATE messaging.chats SET last_seq = $2 WHERE id = $1";
  static final String LEFT = "SELECT EXISTS (SELECT 1 FROM messaging.events WHERE org_id = $1 AND type = 'message'"
      + " AND expired_at IS NULL AND at < $2)";
  static final String EXPIRED = "SELECT count(*) FROM messaging.events WHERE org_id = $1 AND expired_at IS NOT NULL";

  private final Harness h;
  private final Options o;

  RetentionScenario(Harness h) {
    this.h = h;
    this.o = h.options;
  }

  JsonObject run() {
    h.provision(o.users);
    List<Harness.ChatSpec> live = MessagingScenario.directPairs(o.users);
    List<Harness.ChatSpec> archive = new ArrayList<>();
    for (int i = 0; i < o.archiveChats; i++) {
      archive.add(new Harness.ChatSpec("archive " + i, true, new int[] {(2 * i) % o.users, (2 * i + 1) % o.users}));
    }
    List<Harness.ChatSpec> all = new ArrayList<>(live);
    all.addAll(archive);
    h.createChats(all);
    Pool pool = pool();
    try {
      JsonObject results = new JsonObject();
      results.put("archive", seed(pool, live.size()));
      List<DeviceSocket> senders = connect();
      results.put("warmUp", phase("warm-up", senders, pool, false, WARM_UP_SECONDS));
      results.put("noSweep", phase("no sweep", senders, pool, false, o.durationSeconds));
      results.put("duringSweep", phase("during the sweep", senders, pool, true, o.durationSeconds));
      results.put("expiredAfter", h.deadline.await(pool.preparedQuery(EXPIRED)
          .execute(Tuple.of(UUID.fromString(h.provisioner.orgId()))), 60_000, "counting")
          .iterator().next().getLong(0));
      results.put("provisioningSeconds", Report.round1(h.provisioningSeconds));
      results.put("errorsByCode", Stats.snapshot(h.run.stats.errorsByCode));
      return results;
    } finally {
      h.deadline.await(pool.close(), 10_000, "closing the database pool");
    }
  }

  /** {@code --archive} messages a year old, spread over the archive chats (after the live ones). */
  private JsonObject seed(Pool pool, int firstArchiveChat) {
    long start = System.nanoTime();
    UUID org = UUID.fromString(h.provisioner.orgId());
    long perChat = (o.archiveMessages + o.archiveChats - 1) / o.archiveChats;
    Instant since = Instant.now().minus(Duration.ofDays(365)).minusSeconds(perChat);
    long written = 0;
    for (int c = 0; c < o.archiveChats && written < o.archiveMessages; c++) {
      long n = Math.min(perChat, o.archiveMessages - written);
      UUID chat = UUID.fromString(h.run.chats.id(firstArchiveChat + c));
      UUID sender = UUID.fromString(h.people.get(h.run.chats.members(firstArchiveChat + c)[0]).userId);
      Tuple args = Tuple.tuple().addValue(chat).addValue(org).addValue(sender).addValue(n)
          .addValue(since.atOffset(ZoneOffset.UTC));
      h.deadline.await(pool.preparedQuery(SEED).execute(args)
          .compose(v -> pool.preparedQuery(LAST_SEQ).execute(Tuple.of(chat, n))), 600_000, "seeding the archive");
      written += n;
      if (c % 10 == 9) {
        Log.info(String.format("archive: %d messages (%.0f s)", written, (System.nanoTime() - start) / 1e9));
      }
    }
    // Vacuumed now, so autovacuum's pass over the new rows does not fall into the baseline.
    h.deadline.await(pool.query("VACUUM ANALYZE messaging.events").execute(), 600_000, "vacuuming");
    double seconds = (System.nanoTime() - start) / 1e9;
    Log.info(String.format("archive: %d messages in %d chats in %.0f s", written, o.archiveChats, seconds));
    return new JsonObject().put("messages", written).put("chats", o.archiveChats).put("seedSeconds",
        Report.round1(seconds));
  }

  private List<DeviceSocket> connect() {
    List<DeviceSocket> all = new ArrayList<>();
    for (Session p : h.people) {
      all.add(h.newSocket(p, true));
    }
    h.connect(all, "sockets");
    List<DeviceSocket> open = all.stream().filter(s -> s.open).toList();
    if (open.isEmpty()) {
      throw new IllegalStateException("no socket could connect");
    }
    return open;
  }

  /**
   * Everyone sends into their direct chat at an even share of {@code --rate} for {@code --duration}; with
   * {@code sweep}, the org's retention is set and a sweep started first, and the phase reports how long it ran.
   */
  private JsonObject phase(String name, List<DeviceSocket> senders, Pool pool, boolean sweep, int seconds) {
    Stats st = h.run.stats;
    Stats.drain(st.ack, new Histogram(3));
    Stats.drain(st.delivery, new Histogram(3));
    long sentBefore = st.sent.sum();
    long ackedBefore = st.acked.sum();
    long failedBefore = st.sendFailed.sum();
    Map<Long, ProcStats.Sample> serverBefore = h.serverSample();
    double postgresBefore = o.postgresPid < 0 ? -1 : h.proc.treeCpuSeconds(o.postgresPid);
    long[] machineBefore = OnboardingScenario.machineTicks();
    long[] sweepStart = {0};
    if (sweep) {
      setRetention();
      sweepStart[0] = System.nanoTime();
      JsonObject started = h.deadline.await(h.http.json(HttpMethod.POST, o.targets.get(0).url()
          + "/api/v1/operator/retention/sweep", o.operatorToken, new JsonObject(), 30_000), 30_000, "starting a sweep");
      Log.info("sweep started: " + started.encode());
    }
    Log.info("phase: " + name);
    long planned = Math.round(o.rate * seconds);
    long[] quotas = Pacer.split(planned, senders.size());
    double perSender = o.rate / senders.size();
    long period = Pacer.periodMillis(perSender);
    CountDownLatch done = new CountDownLatch(senders.size());
    long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    double spacing = 1e9 / o.rate;
    for (int i = 0; i < senders.size(); i++) {
      DeviceSocket s = senders.get(i);
      long start = t0 + (long) (i * spacing);
      long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(start - System.nanoTime()));
      s.startSending(new Pacer(perSender, quotas[i], start), period, delayMs, s.user.chats.get(0), done::countDown);
    }
    boolean[] sweepDone = {!sweep};
    long[] sweepEnd = {0};
    long[] lastCheck = {System.nanoTime()};
    Instant cutoff = Instant.now().minus(Duration.ofDays(RETENTION_DAYS));
    h.deadline.until(() -> done.getCount() == 0, (seconds + 60) * 1000L, 200, () -> {
      if (!sweepDone[0] && System.nanoTime() - lastCheck[0] > 2_000_000_000L) {
        lastCheck[0] = System.nanoTime();
        if (!left(pool, cutoff)) {
          sweepDone[0] = true;
          sweepEnd[0] = System.nanoTime();
          Log.info(String.format("sweep done after %.1f s", (sweepEnd[0] - sweepStart[0]) / 1e9));
        }
      }
      h.tick();
    }, "sending");
    double sendSeconds = (System.nanoTime() - t0) / 1e9;
    h.deadline.until(() -> st.acked.sum() + st.sendFailed.sum() >= st.sent.sum(), 30_000, 100, h::tick, "acks");
    Map<Long, ProcStats.Sample> serverAfter = h.serverSample();
    double postgresAfter = o.postgresPid < 0 ? -1 : h.proc.treeCpuSeconds(o.postgresPid);
    long[] machineAfter = OnboardingScenario.machineTicks();
    JsonObject result = new JsonObject()
        .put("sent", st.sent.sum() - sentBefore).put("acked", st.acked.sum() - ackedBefore)
        .put("failed", st.sendFailed.sum() - failedBefore).put("sendSeconds", Report.round1(sendSeconds))
        .put("ack", Report.latency(Stats.drain(st.ack, new Histogram(3))))
        .put("delivery", Report.latency(Stats.drain(st.delivery, new Histogram(3))))
        .put("server", Report.serverUsage(serverBefore, serverAfter, 0, sendSeconds))
        .put("postgresCpuSeconds", o.postgresPid < 0 ? null : Report.round1(postgresAfter - postgresBefore))
        .put("machineBusyCores", OnboardingScenario.busyCores(machineBefore, machineAfter));
    if (sweep) {
      result.put("sweepRanThroughout", !sweepDone[0]);
      if (!sweepDone[0]) {
        h.deadline.until(() -> !left(pool, cutoff), (long) o.maxSeconds * 1000, 2000, h::tick, "the sweep");
        sweepEnd[0] = System.nanoTime();
      }
      result.put("sweepSeconds", Report.round1((sweepEnd[0] - sweepStart[0]) / 1e9));
    }
    Log.info(name + ": ack " + result.getJsonObject("ack").encode());
    return result;
  }

  private void setRetention() {
    JsonObject patch = new JsonObject().put("settings", new JsonObject().put("messageRetentionDays", RETENTION_DAYS));
    h.deadline.await(h.http.json(HttpMethod.PATCH, o.targets.get(0).url() + "/api/v1/orgs/me",
        h.provisioner.adminToken(), patch, 30_000), 30_000, "setting the retention");
  }

  /** Whether messages older than the cutoff still have content (one look into the sweep's own index). */
  private boolean left(Pool pool, Instant cutoff) {
    Future<Boolean> any = pool.preparedQuery(LEFT).execute(Tuple.of(UUID.fromString(h.provisioner.orgId()),
        cutoff.atOffset(ZoneOffset.UTC))).map(rows -> rows.iterator().next().getBoolean(0));
    return h.deadline.await(any, 30_000, "looking at the sweep");
  }

  private Pool pool() {
    Map<String, String> env = System.getenv();
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(env.getOrDefault("CHATPRO_PG_HOST", "127.0.0.1"))
        .setPort(Integer.parseInt(env.getOrDefault("CHATPRO_PG_PORT", "5432")))
        .setDatabase(env.getOrDefault("CHATPRO_PG_DATABASE", "chatpro"))
        // The schema's owner when the instance has one (it may VACUUM the seeded table), else the services' role.
        .setUser(env.getOrDefault("CHATPRO_PG_OWNER_USER", env.getOrDefault("CHATPRO_PG_USER", "postgres")))
        .setPassword(env.getOrDefault("CHATPRO_PG_OWNER_PASSWORD", env.getOrDefault("CHATPRO_PG_PASSWORD", "")));
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect).using(h.vertx).build();
  }
}
