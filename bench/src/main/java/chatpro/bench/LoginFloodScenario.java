package chatpro.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A login flood: {@code --wrong-logins} wrong logins sent at once from {@code --flood-addresses} client addresses
 * (named in {@code X-Forwarded-For}, which the gateways honour only from {@code CHATPRO_TRUSTED_PROXIES}), while
 * another person signs in with the right password again and again until the flood is answered. Reports that
 * person's sign-in latency before and during the flood, and how the wrong logins were answered.
 */
final class LoginFloodScenario {
  private static final long CALL_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);
  /** Correct sign-ins before the flood, one after another, for the quiet figure. */
  private static final int QUIET_SIGN_INS = 5;

  private final Harness h;
  private final Options o;

  LoginFloodScenario(Harness h) {
    this.h = h;
    this.o = h.options;
  }

  JsonObject run() {
    h.provision(1);
    Session person = h.people.get(0);
    JsonObject results = new JsonObject().put("provisioningSeconds", Report.round1(h.provisioningSeconds));
    Histogram quiet = new Histogram(3);
    for (int i = 0; i < QUIET_SIGN_INS; i++) {
      quiet.recordValue(signIn(person, null));
    }
    results.put("beforeFlood", new JsonObject().put("signIn", Report.latency(quiet)));
    Log.info("quiet sign-in " + Report.latency(quiet).encode() + "; flooding " + o.wrongLogins
        + " wrong logins from " + o.floodAddresses + " addresses");

    Http flood = new Http(h.vertx, Math.min(o.wrongLogins, 1000));
    Map<String, Long> answers = new TreeMap<>();
    long t0 = System.nanoTime();
    List<Future<JsonObject>> wrong = new ArrayList<>(o.wrongLogins);
    for (int i = 0; i < o.wrongLogins; i++) {
      wrong.add(wrongLogin(flood, i).onComplete(r -> count(answers, r.failed() ? r.cause() : null)));
    }
    Future<Void> floodDone = Future.join(wrong).mapEmpty();
    Histogram during = new Histogram(3);
    Map<String, Long> duringAnswers = new TreeMap<>();
    long first = signIn(person, duringAnswers);
    // Wrong logins answered by the time the first correct one is: in arrival order it would wait for nearly all.
    long wrongBeforeFirst = answered(answers);
    during.recordValue(first);
    while (!floodDone.isComplete()) {
      during.recordValue(signIn(person, duringAnswers));
    }
    h.deadline.await(floodDone.otherwiseEmpty(), CALL_TIMEOUT_MS, "the wrong logins' answers");
    double seconds = (System.nanoTime() - t0) / 1e9;
    h.deadline.await(flood.close().otherwiseEmpty(), 10_000, "closing the flood's connections");
    synchronized (answers) {
      results.put("flood", new JsonObject().put("wrongLogins", o.wrongLogins).put("addresses", o.floodAddresses)
          .put("seconds", Report.round1(seconds)).put("answers", new JsonObject(new TreeMap<>(answers))));
    }
    results.put("duringFlood", new JsonObject().put("firstSignInMs", Report.round1(first / 1000.0))
        .put("wrongAnsweredBeforeFirst", wrongBeforeFirst)
        .put("signIn", Report.latency(during)).put("answers", new JsonObject(new TreeMap<>(duringAnswers))));
    Log.info(String.format("flood answered in %.1f s: %s; first correct sign-in %.0f ms (after %d wrong ones were"
        + " answered); during %s", seconds, answers, first / 1000.0, wrongBeforeFirst,
        Report.latency(during).encode()));
    return results;
  }

  /**
   * One correct sign-in of the person, from the bench's own address; answers its latency in microseconds, whether
   * it succeeded or not. Before the flood ({@code answers} null) a failure ends the run; during it, it is counted.
   */
  private long signIn(Session person, Map<String, Long> answers) {
    long start = System.nanoTime();
    Future<JsonObject> login = h.provisioner.login(person.home, person.username, h.provisioner.password());
    if (answers == null) {
      h.deadline.await(login, CALL_TIMEOUT_MS, "a correct sign-in before the flood");
    } else {
      Future<JsonObject> counted = login.onComplete(r -> count(answers, r.failed() ? r.cause() : null));
      h.deadline.await(counted.otherwiseEmpty(), CALL_TIMEOUT_MS, "a correct sign-in during the flood");
    }
    return Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start));
  }

  /** A wrong login for someone unknown (the same argon2 work as a wrong password) from address {@code i}. */
  private Future<JsonObject> wrongLogin(Http http, int i) {
    int a = i % o.floodAddresses;
    String address = "10.77." + (a / 256) + "." + (a % 256);
    JsonObject body = new JsonObject().put("org", h.provisioner.slug()).put("username", "nobody-" + i)
        .put("password", "not the password " + i);
    Options.Target target = o.targets.get(i % o.targets.size());
    return http.call(HttpMethod.POST, target.url() + "/api/v1/auth/login", null, "application/json", body.encode(),
        CALL_TIMEOUT_MS, address);
  }

  private static long answered(Map<String, Long> answers) {
    synchronized (answers) {
      return answers.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static void count(Map<String, Long> answers, Throwable failure) {
    String key = failure == null ? "200" : failure instanceof Http.Failure f ? f.status + " " + f.code
        : "failed: " + failure.getClass().getSimpleName();
    synchronized (answers) {
      answers.merge(key, 1L, Long::sum);
    }
  }
}
