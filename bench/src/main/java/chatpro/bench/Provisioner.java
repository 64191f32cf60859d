package chatpro.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sets a run up through the public API only: a fresh organisation, its people (CSV import), their logins, and the
 * chats. Password hashing makes imports and logins cost the server ~50 ms each, so both print progress.
 */
final class Provisioner {
  private static final long CALL_TIMEOUT_MS = 60_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Http http;
  private final Options options;
  private final Deadline deadline;
  private final String password = randomSecret(32);
  private String slug;
  private String adminToken;
  private String orgId;

  Provisioner(Vertx vertx, Http http, Options options, Deadline deadline) {
    this.vertx = vertx;
    this.http = http;
    this.options = options;
    this.deadline = deadline;
  }

  String slug() {
    return slug;
  }

  String orgId() {
    return orgId;
  }

  private String url(Options.Target t, String path) {
    return t.url() + path;
  }

  private Options.Target first() {
    return options.targets.get(0);
  }

  /** Creates the org (admin with a long random password) and logs the admin in. */
  void createOrg() {
    slug = options.orgSlug != null ? options.orgSlug
        : "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-" + randomSecret(4).toLowerCase(Locale.ROOT);
    String adminPassword = randomSecret(40);
    JsonObject body = new JsonObject().put("slug", slug).put("name", "Bench " + slug)
        .put("admin", new JsonObject().put("username", "admin").put("displayName", "Bench Admin")
            .put("password", adminPassword));
    JsonObject created = deadline.await(http.json(HttpMethod.POST, url(first(), "/api/v1/orgs"),
        options.operatorToken, body, CALL_TIMEOUT_MS), CALL_TIMEOUT_MS, "creating the organisation");
    orgId = created.getJsonObject("org").getString("id");
    JsonObject login = deadline.await(login(first(), "admin", adminPassword), CALL_TIMEOUT_MS, "admin login");
    adminToken = login.getString("accessToken");
    Log.info("org " + slug + " created (" + orgId + ")");
  }

  String adminToken() {
    return adminToken;
  }

  /** The password every provisioned person has. */
  String password() {
    return password;
  }

  Future<JsonObject> login(Options.Target target, String username, String pw) {
    JsonObject body = new JsonObject().put("org", slug).put("username", username).put("password", pw);
    return http.json(HttpMethod.POST, url(target, "/api/v1/auth/login"), null, body, CALL_TIMEOUT_MS);
  }

  /** Creates {@code n} people by CSV import and logs each in; their REST calls go to the targets round-robin. */
  List<Session> people(int n) {
    List<Session> sessions = new ArrayList<>(n);
    int width = Math.max(5, Integer.toString(n).length());
    for (int i = 0; i < n; i++) {
      String name = "u" + String.format("%0" + width + "d", i + 1);
      sessions.add(new Session(i, name, options.targets.get(i % options.targets.size())));
    }
    importPeople(sessions);
    logIn(sessions);
    return sessions;
  }

  private void importPeople(List<Session> sessions) {
    long start = System.nanoTime();
    int created = 0;
    for (int from = 0; from < sessions.size(); from += options.importBatch) {
      List<Session> batch = sessions.subList(from, Math.min(sessions.size(), from + options.importBatch));
      StringBuilder csv = new StringBuilder("username,displayName,title,department,roles,password\n");
      for (Session s : batch) {
        csv.append(s.username).append(",Bench User ").append(s.index + 1).append(",Tester,Load,,").append(password)
            .append('\n');
      }
      JsonObject answer = null;
      for (int attempt = 1; answer == null; attempt++) {
        try {
          answer = deadline.await(http.call(HttpMethod.POST, url(first(), "/api/v1/users/import"), adminToken,
              "text/csv", csv.toString(), CALL_TIMEOUT_MS * 3), CALL_TIMEOUT_MS * 3, "importing people");
        } catch (Http.Failure | IllegalStateException e) {
          // A timeout or 503 may leave the batch half done on the server; a retry finds those rows taken.
          if (attempt >= 5 || (e instanceof Http.Failure f && f.status != 503 && f.status != 504)) {
            throw e;
          }
          Log.warn("import batch failed (" + e.getMessage() + "), retrying in 5 s");
          Deadline.sleep(5000);
        }
      }
      JsonArray results = answer.getJsonArray("results");
      for (int i = 0; i < results.size(); i++) {
        JsonObject r = results.getJsonObject(i);
        String error = r.getString("error", "");
        if (!"created".equals(r.getString("status")) && !error.contains("taken")) {
          throw new IllegalStateException("import row " + r.getInteger("row") + " failed: " + error);
        }
      }
      created += batch.size();
      double secs = (System.nanoTime() - start) / 1e9;
      Log.info(String.format("people: %d/%d imported (%.1f s, %.0f/s)", created, sessions.size(), secs,
          created / Math.max(secs, 1e-3)));
    }
  }

  private void logIn(List<Session> sessions) {
    long start = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    Future<List<Parallel.Outcome<Void>>> all = Parallel.run(sessions, options.loginParallelism,
        s -> withRetry(() -> login(s.home, s.username, password), 3).map(answer -> {
          s.userId = answer.getJsonObject("user").getString("id");
          take(s, answer);
          return null;
        }), done);
    deadline.until(all::isComplete, Long.MAX_VALUE, 2000, () -> Log.info(String.format(
        "logins: %d/%d (%.1f s)", done.get(), sessions.size(), (System.nanoTime() - start) / 1e9)), "logging in");
    for (Parallel.Outcome<Void> o : all.result()) {
      if (!o.ok()) {
        throw new IllegalStateException("a login failed: " + o.error().getMessage());
      }
    }
    Log.info(String.format("logins: %d done in %.1f s", sessions.size(), (System.nanoTime() - start) / 1e9));
  }

  private static void take(Session s, JsonObject answer) {
    s.accessToken = answer.getString("accessToken");
    s.refreshToken = answer.getString("refreshToken");
    long ttl = answer.getLong("expiresIn", 900L);
    s.expiresAtMillis = System.currentTimeMillis() + ttl * 1000;
  }

  /** A direct chat between two people, made by the first. */
  Future<String> directChat(Session a, Session b) {
    JsonObject body = new JsonObject().put("type", "direct").put("members", new JsonArray().add(b.userId));
    return withRetry(() -> http.json(HttpMethod.POST, url(a.home, "/api/v1/chats"), a.accessToken, body,
        CALL_TIMEOUT_MS), 3).map(chat -> chat.getString("id"));
  }

  /** A group made by {@code creator} with the others as members. */
  Future<String> groupChat(Session creator, List<Session> others, String name) {
    JsonArray members = new JsonArray();
    others.forEach(s -> members.add(s.userId));
    JsonObject body = new JsonObject().put("type", "group").put("name", name).put("members", members);
    return withRetry(() -> http.json(HttpMethod.POST, url(creator.home, "/api/v1/chats"), creator.accessToken,
        body, CALL_TIMEOUT_MS), 3).map(chat -> chat.getString("id"));
  }

  /** A message over REST, for sends while nobody is connected. */
  Future<JsonObject> restMessage(Session sender, String chatId, String clientId, String text) {
    JsonObject body = new JsonObject().put("clientId", clientId).put("kind", "text").put("text", text);
    return withRetry(() -> http.json(HttpMethod.POST, url(sender.home, "/api/v1/chats/" + chatId + "/messages"),
        sender.accessToken, body, 30_000), 3);
  }

  /** Swaps the refresh token for new tokens (long runs outlive an access token). */
  Future<Void> refresh(Session s) {
    JsonObject body = new JsonObject().put("refreshToken", s.refreshToken);
    return http.json(HttpMethod.POST, url(s.home, "/api/v1/auth/refresh"), null, body, CALL_TIMEOUT_MS)
        .map(answer -> {
          take(s, answer);
          return null;
        });
  }

  /** Retries 503 (a service busy or restarting) with a short pause; other failures are final. */
  private <T> Future<T> withRetry(java.util.function.Supplier<Future<T>> call, int attempts) {
    return call.get().recover(e -> {
      if (attempts > 1 && e instanceof Http.Failure f && (f.status == 503 || f.status == 504)) {
        Promise<T> p = Promise.promise();
        vertx.setTimer(1000, t -> withRetry(call, attempts - 1).onComplete(p));
        return p.future();
      }
      return Future.failedFuture(e);
    });
  }

  static String randomSecret(int length) {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
