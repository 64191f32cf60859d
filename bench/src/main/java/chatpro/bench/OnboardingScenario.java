package chatpro.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Onboarding an organisation: how long a CSV import of {@code --users} people takes with passwords (one argon2 hash
 * per row) and without (they get sign-in codes), and what the sign-in latency of {@code --signers} other people is
 * while it runs ({@code --login-rate} sign-ins per second, open loop). A quiet phase of {@code --duration} seconds
 * first gives the latency without an import.
 */
final class OnboardingScenario {
  private static final long IMPORT_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(20);
  /** Sign-ins in flight at most; past that a due sign-in is counted as skipped, not queued in the generator. */
  private static final int MAX_IN_FLIGHT = 256;

  private final Harness h;
  private final Options o;

  OnboardingScenario(Harness h) {
    this.h = h;
    this.o = h.options;
  }

  JsonObject run() {
    h.provision(o.signers);
    List<Session> signers = h.people;
    Log.info(String.format("%d signers ready; quiet phase of %d s", signers.size(), o.durationSeconds));
    JsonObject results = new JsonObject().put("provisioningSeconds", Report.round1(h.provisioningSeconds));
    results.put("quiet", phase("quiet", signers, () -> sleep(o.durationSeconds)));
    results.put("importWithPasswords", phase("import with passwords", signers, () -> importPeople("pw", true)));
    results.put("importWithoutPasswords", phase("import without passwords", signers,
        () -> importPeople("code", false)));
    return results;
  }

  /** Runs {@code work} while the signers sign in; answers its time, the sign-in latency and the server's CPU. */
  private JsonObject phase(String name, List<Session> signers, Work work) {
    Recorder latency = new Recorder(3);
    AtomicLong failed = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    Map<Long, ProcStats.Sample> serverBefore = h.serverSample();
    long[] machineBefore = machineTicks();
    long t0 = System.nanoTime();
    Pacer pacer = new Pacer(o.loginRate, Long.MAX_VALUE, t0);
    long timer = h.vertx.setPeriodic(Pacer.periodMillis(o.loginRate), id -> {
      for (int n = pacer.due(System.nanoTime()); n > 0; n--) {
        if (inFlight.get() >= MAX_IN_FLIGHT) {
          skipped.incrementAndGet();
          continue;
        }
        Session who = signers.get((int) (pacer.issued() % signers.size()));
        signIn(who, latency, failed, inFlight);
      }
    });
    Log.info("phase: " + name);
    JsonObject outcome;
    try {
      outcome = work.run();
    } finally {
      h.vertx.cancelTimer(timer);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    h.deadline.until(() -> inFlight.get() == 0, 60_000, 100, () -> { }, "last sign-ins of " + name);
    Map<Long, ProcStats.Sample> serverAfter = h.serverSample();
    long[] machineAfter = machineTicks();
    Histogram all = latency.getIntervalHistogram();
    JsonObject result = new JsonObject().put("seconds", Report.round1(seconds))
        .put("signIn", Report.latency(all).put("failed", failed.get()).put("skipped", skipped.get()))
        .put("server", Report.serverUsage(serverBefore, serverAfter, 0, seconds))
        .put("machineBusyCores", busyCores(machineBefore, machineAfter));
    if (outcome != null) {
      result.mergeIn(outcome);
    }
    Log.info(String.format("%s: %.1f s; sign-in %s", name, seconds, Report.latency(all).encode()));
    return result;
  }

  private void signIn(Session who, Recorder latency, AtomicLong failed, AtomicInteger inFlight) {
    inFlight.incrementAndGet();
    long start = System.nanoTime();
    h.provisioner.login(who.home, who.username, h.provisioner.password())
        .onComplete(r -> {
          inFlight.decrementAndGet();
          if (r.succeeded()) {
            latency.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start)));
          } else {
            failed.incrementAndGet();
            Log.warn("sign-in failed: " + r.cause().getMessage());
          }
        });
  }

  /** Imports {@code --users} people in calls of {@code --import-batch} rows; answers the rows and their time. */
  private JsonObject importPeople(String prefix, boolean withPasswords) {
    long start = System.nanoTime();
    int created = 0;
    int calls = 0;
    String password = Provisioner.randomSecret(24);
    for (int from = 0; from < o.users; from += o.importBatch) {
      int to = Math.min(o.users, from + o.importBatch);
      StringBuilder csv = new StringBuilder("username,displayName,title,department,roles,password\n");
      for (int i = from; i < to; i++) {
        csv.append(prefix).append(String.format("%06d", i + 1)).append(",New Person ").append(i + 1)
            .append(",Porter,Logistics,,").append(withPasswords ? password : "").append('\n');
      }
      Future<JsonObject> call = h.http.call(HttpMethod.POST, o.targets.get(0).url() + "/api/v1/users/import",
          h.provisioner.adminToken(), "text/csv", csv.toString(), IMPORT_TIMEOUT_MS);
      JsonArray results = h.deadline.await(call, IMPORT_TIMEOUT_MS, "importing people").getJsonArray("results");
      for (int i = 0; i < results.size(); i++) {
        if (!"created".equals(results.getJsonObject(i).getString("status"))) {
          throw new IllegalStateException("import row failed: " + results.getJsonObject(i).encode());
        }
      }
      created += results.size();
      calls++;
      Log.info(String.format("imported %d/%d (%.1f s)", created, o.users, (System.nanoTime() - start) / 1e9));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new JsonObject().put("imported", created).put("importCalls", calls)
        .put("importSeconds", Report.round1(seconds))
        .put("rowsPerSecond", Report.round1(created / Math.max(seconds, 1e-9)));
  }

  private static JsonObject sleep(int seconds) {
    Deadline.sleep(seconds * 1000L);
    return null;
  }

  /** Busy and total jiffies of the whole machine (PostgreSQL and Kafka included), from /proc/stat. */
  static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /** Cores busy on average between two readings; -1 when unknown. */
  static double busyCores(long[] before, long[] after) {
    if (before[0] < 0 || after[0] < 0 || after[1] <= before[1]) {
      return -1;
    }
    double share = (double) (after[0] - before[0]) / (after[1] - before[1]);
    return Report.round3(share * Runtime.getRuntime().availableProcessors());
  }

  /** A phase's work, run on the main thread. */
  private interface Work {
    JsonObject run();
  }
}
