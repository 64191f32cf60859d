package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.audit.Audit;
import chatpro.common.config.ChatproConfig;
import chatpro.common.db.PgPools;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.devstack.junit.DevStackExtension;
import chatpro.directory.auth.LoginLimiter;
import chatpro.directory.auth.Logins;
import chatpro.directory.auth.PasswordWork;
import chatpro.directory.auth.Sessions;
import chatpro.directory.auth.SignInCodes;
import chatpro.directory.auth.SigningKeys;
import chatpro.directory.auth.TokenIssuer;
import chatpro.directory.events.DirectoryEvents;
import chatpro.directory.search.UserSearch;
import chatpro.directory.user.UserRepository;
import chatpro.directory.user.Users;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Onboarding without email or phone: one-time sign-in codes, end to end on two gateway nodes. */
@ExtendWith(ChatproExtension.class)
class SignInCodesIT {
  private static final String CODE = "[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10,}";
  /** Every code this class saw, to look for in the logs at the end. */
  private static final List<String> CODES = new CopyOnWriteArrayList<>();
  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static PrintStream realErr;
  private static PrintStream realOut;

  /** The services log through slf4j-simple to System.err (looked up at every line): both streams are copied here. */
  @BeforeAll
  static void captureLogs() {
    realErr = System.err;
    realOut = System.out;
    System.setErr(new PrintStream(new Tee(realErr), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(realOut), true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void noCodeOrItsHashIsEverLogged() throws Exception {
    LoggerFactory.getLogger(SignInCodesIT.class).info("sign-in code log check");
    System.setErr(realErr);
    System.setOut(realOut);
    String logged;
    synchronized (LOG) {
      logged = LOG.toString(StandardCharsets.UTF_8);
    }
    assertTrue(logged.contains("sign-in code log check"), "the service log is captured");
    List<String> texts = new ArrayList<>(List.of(logged));
    for (Path file : logFiles()) {
      texts.add(Files.readString(file, StandardCharsets.ISO_8859_1));
    }
    assertTrue(CODES.size() > 10, "codes were made: " + CODES.size());
    for (String code : CODES) {
      String hex = sha256Hex(code);
      for (String text : texts) {
        assertFalse(text.contains(code), "a code was logged");
        assertFalse(text.toLowerCase(Locale.ROOT).contains(hex), "a code's hash was logged");
      }
    }
  }

  @Test
  void aCodeMadeOnOneNodeSignsInOnTheOther() throws Exception {
    TestApi node1 = ChatproExtension.api(1);
    TestApi node2 = ChatproExtension.api(2);
    Org org = node1.newOrg();
    String nia = passwordless(node1, org, "nia");
    Instant before = Instant.now();
    Answer made = node1.post("/api/v1/users/" + nia + "/sign-in-code", org.admin().token(), null);
    assertEquals(201, made.status(), made.body());
    JsonObject card = made.json();
    String code = code(card);
    assertTrue(code.length() >= 10 && code.matches(CODE), code);
    assertEquals("/code/" + code, card.getString("path"));
    Instant expires = Instant.parse(card.getString("expiresAt"));
    assertTrue(card.getString("expiresAt").endsWith("Z"));
    assertTrue(Duration.between(before.plus(Duration.ofDays(7)), expires).abs().toSeconds() < 60, expires.toString());

    String typed = code.toLowerCase(Locale.ROOT).substring(0, 4) + "-" + code.substring(4, 8) + " " + code.substring(8);
    Answer redeemed = redeem(node2, typed, "my very own password");
    assertEquals(200, redeemed.status(), redeemed.body());
    JsonObject login = redeemed.json();
    assertNotNull(login.getString("refreshToken"));
    assertTrue(login.getInteger("expiresIn") >= 300);
    assertEquals(nia, login.getJsonObject("user").getString("id"));
    Answer me = node1.get("/api/v1/me", login.getString("accessToken"));
    assertEquals(200, me.status());
    assertEquals("nia", me.json().getString("username"));
    assertEquals(200, node1.post("/api/v1/auth/refresh", null,
        new JsonObject().put("refreshToken", login.getString("refreshToken"))).status());
    node2.login(org.slug(), "nia", "my very own password");
  }

  @Test
  void aCodeWorksOnceAndANewOneReplacesTheOld() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    String omar = passwordless(api, org, "omar");
    String first = newCode(api, org, omar);
    String second = newCode(api, org, omar);
    assertEquals(401, redeem(api, first, "a password for omar").status(), "the earlier code stopped working");
    Answer used = redeem(api, second, "a password for omar");
    assertEquals(200, used.status(), used.body());
    Answer again = redeem(ChatproExtension.api(2), second, "another password for omar");
    assertEquals(401, again.status(), "used once");
    assertEquals("unauthorized", again.errorCode());
    api.login(org.slug(), "omar", "a password for omar");
  }

  @Test
  void deactivatedPeopleGetNoCodeAndCannotUseOne() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    String pia = passwordless(api, org, "pia");
    String code = newCode(api, org, pia);
    assertEquals(204, api.post("/api/v1/users/" + pia + "/deactivate", org.admin().token(), null).status());
    assertEquals(401, redeem(api, code, "a password for pia").status());
    Answer refused = api.post("/api/v1/users/" + pia + "/sign-in-code", org.admin().token(), null);
    assertEquals(409, refused.status());
    assertEquals("conflict", refused.errorCode());
    assertTrue(refused.json().getJsonObject("error").getString("message").contains("reactivate"));

    Org other = api.newOrg();
    assertEquals(404, api.post("/api/v1/users/" + pia + "/sign-in-code", other.admin().token(), null).status());
    assertEquals(404, api.post("/api/v1/users/" + UUID.randomUUID() + "/sign-in-code", org.admin().token(), null)
        .status());
    assertEquals(404, api.post("/api/v1/users/not-an-id/sign-in-code", org.admin().token(), null).status());
    Session member = org.member("quin");
    assertEquals(403, api.post("/api/v1/users/" + member.userId() + "/sign-in-code", member.token(), null).status());
  }

  @Test
  void aWeakPasswordIsRefusedAndLeavesTheCodeUnused() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    String rex = passwordless(api, org, "rex");
    String code = newCode(api, org, rex);
    for (String weak : List.of("short", "1234567890", "")) {
      Answer refused = redeem(api, code, weak);
      assertEquals(400, refused.status(), weak);
      assertEquals("bad_request", refused.errorCode());
    }
    assertEquals(400, api.post("/api/v1/auth/code", null, new JsonObject().put("code", code)).status());
    assertEquals(400, api.call("POST", "/api/v1/auth/code", null, "application/json", "[1]").status());
    assertEquals(200, redeem(api, code, "a strong password for rex").status(), "the code still works");
  }

  @Test
  void peopleWithoutAPasswordSignInOnlyByCode() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    String sol = passwordless(api, org, "sol");
    Answer empty = api.post("/api/v1/users", org.admin().token(), new JsonObject().put("username", "tia")
        .put("displayName", "Tia").put("password", ""));
    assertEquals(201, empty.status(), empty.body());
    String csv = "username,displayName,title,department,roles,password\n"
        + "uma,Uma Imported,Porter,Logistics,,\n"
        + "vic,Vic Imported,,,,a fine long password\n";
    Answer imported = api.call("POST", "/api/v1/users/import", org.admin().token(), "text/csv", csv);
    assertEquals(200, imported.status(), imported.body());
    String uma = imported.json().getJsonArray("results").getJsonObject(0).getString("userId");
    assertNotNull(uma, imported.body());

    for (String name : List.of("sol", "tia", "uma")) {
      for (String guess : List.of("", "a fine long password")) {
        Answer login = api.post("/api/v1/auth/login", null, SessionsIT.login(org, name, guess));
        assertEquals(401, login.status(), name + " has no password yet");
        assertEquals("unauthorized", login.errorCode());
      }
    }
    api.login(org.slug(), "vic", "a fine long password");
    assertEquals(200, redeem(api, newCode(api, org, sol), "sol chose this one").status());
    assertEquals(200, redeem(api, newCode(api, org, uma), "uma chose this one").status());
    api.login(org.slug(), "sol", "sol chose this one");
    api.login(org.slug(), "uma", "uma chose this one");
    assertEquals(403, api.put("/api/v1/me/password", api.login(org.slug(), "uma", "uma chose this one").token(),
        new JsonObject().put("current", "wrong").put("new", "a newer password")).status());
  }

  @Test
  void redeemingEndsTheOtherLoginsOfThatPerson() throws Exception {
    TestApi node1 = ChatproExtension.api(1);
    TestApi node2 = ChatproExtension.api(2);
    Org org = node1.newOrg();
    Session wes = org.member("wes");
    Session laptop = node1.login(org.slug(), "wes", "password of wes");
    String code = newCode(node1, org, wes.userId());
    try (TestSocket socket = TestSocket.authenticated(node2.port(), wes.token())) {
      Answer redeemed = redeem(node1, code, "a fresh start for wes");
      assertEquals(200, redeemed.status(), redeemed.body());
      assertEquals(4403, socket.closeCode(5), "the open socket of another login ends at once");
      assertEquals(401, node2.get("/api/v1/me", wes.token()).status());
      assertEquals(401, node1.get("/api/v1/me", laptop.token()).status());
      assertEquals(401, node1.post("/api/v1/auth/refresh", null, SessionsIT.refresh(laptop)).status());
      assertEquals(200, node2.get("/api/v1/me", redeemed.json().getString("accessToken")).status());
    }
    assertEquals(401, node1.post("/api/v1/auth/login", null, SessionsIT.login(org, "wes", "password of wes"))
        .status(), "the code set the new password");
    node1.login(org.slug(), "wes", "a fresh start for wes");
  }

  @Test
  void oneAddressFailingAHundredTimesIsLimitedAcrossLoginsAndCodes() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    String xan = passwordless(api, org, "xan");
    String code = newCode(api, org, xan);
    Vertx vertx = Vertx.vertx();
    try {
      // Its own loopback address, so the limit does not touch the other tests from 127.0.0.1.
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setLocalAddress("127.0.0.78"));
      for (int i = 0; i < 30; i++) {
        assertEquals(401, post(client, api.port(), "/api/v1/auth/login",
            SessionsIT.login(org, "nobody" + i, "wrong password " + i)).status());
      }
      for (int i = 0; i < 70; i++) {
        String wrong = i % 2 == 0 ? "not a code " + i : SignInCodesIT.unknownCode(i);
        assertEquals(401, post(client, api.port(), "/api/v1/auth/code", redeemBody(wrong, "a fine long password"))
            .status());
      }
      Reply limited = post(client, api.port(), "/api/v1/auth/code", redeemBody(code, "a fine long password"));
      assertEquals(429, limited.status(), "even a good code from that address waits");
      assertEquals("rate_limited", new JsonObject(limited.body()).getJsonObject("error").getString("code"));
      long retryAfter = Long.parseLong(limited.retryAfter());
      assertTrue(retryAfter > 800 && retryAfter <= 901, "about 15 minutes: " + retryAfter);
      assertEquals(429, post(client, api.port(), "/api/v1/auth/login",
          SessionsIT.login(org, "admin", "correct horse battery")).status(), "logins share the address limit");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertEquals(200, redeem(api, code, "a fine long password").status(), "other addresses are not limited");
  }

  @Test
  void aBatchOfCardsComesInTheOrderAskedAndReplacesEarlierCodes() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    String ann = passwordless(api, org, "ann");
    String bob = passwordless(api, org, "bob");
    String cat = passwordless(api, org, "cat");
    String earlier = newCode(api, org, bob);
    Answer batch = api.post("/api/v1/users/sign-in-codes", org.admin().token(),
        new JsonObject().put("userIds", new JsonArray(List.of(cat, ann, bob))));
    assertEquals(201, batch.status(), batch.body());
    JsonArray codes = batch.json().getJsonArray("codes");
    assertEquals(List.of(cat, ann, bob), codes.stream().map(c -> ((JsonObject) c).getString("userId")).toList());
    JsonObject first = codes.getJsonObject(0);
    assertEquals("cat", first.getString("username"));
    assertEquals("Cat", first.getString("displayName"));
    codes.forEach(c -> {
      JsonObject card = (JsonObject) c;
      CODES.add(card.getString("code"));
      assertTrue(card.getString("code").matches(CODE));
      assertEquals("/code/" + card.getString("code"), card.getString("path"));
      assertNotNull(Instant.parse(card.getString("expiresAt")));
    });
    assertEquals(401, redeem(api, earlier, "a password for bob").status(), "printing new cards ends the old");
    assertEquals(200, redeem(api, codes.getJsonObject(2).getString("code"), "a password for bob").status());

    String dan = passwordless(api, org, "dan");
    assertEquals(204, api.post("/api/v1/users/" + dan + "/deactivate", org.admin().token(), null).status());
    String stranger = passwordless(api, api.newOrg(), "eve");
    String annCode = codes.getJsonObject(1).getString("code");
    for (JsonArray bad : List.of(new JsonArray(List.of(ann, dan)), new JsonArray(List.of(ann, stranger)),
        new JsonArray(List.of(ann, UUID.randomUUID().toString())), new JsonArray(), new JsonArray(List.of("x")))) {
      Answer refused = api.post("/api/v1/users/sign-in-codes", org.admin().token(),
          new JsonObject().put("userIds", bad));
      assertEquals(400, refused.status(), bad.encode());
      assertEquals("bad_request", refused.errorCode());
    }
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      tooMany.add(UUID.randomUUID().toString());
    }
    assertEquals(400, api.post("/api/v1/users/sign-in-codes", org.admin().token(),
        new JsonObject().put("userIds", new JsonArray(tooMany))).status());
    assertEquals(400, api.post("/api/v1/users/sign-in-codes", org.admin().token(), new JsonObject()).status());
    Session member = org.member("fay");
    assertEquals(403, api.post("/api/v1/users/sign-in-codes", member.token(),
        new JsonObject().put("userIds", new JsonArray(List.of(ann)))).status());
    assertEquals(200, redeem(api, annCode, "a password for ann").status(), "a refused batch changed nothing");
  }

  @Test
  void aCodeIsGoodUntilSevenDaysAndRefusedFromThen() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    String gil = passwordless(api, org, "gil");
    Answer made = api.post("/api/v1/users/" + gil + "/sign-in-code", org.admin().token(), null);
    String code = code(made.json());
    Instant expires = Instant.parse(made.json().getString("expiresAt"));
    String hal = passwordless(api, org, "hal");
    Answer other = api.post("/api/v1/users/" + hal + "/sign-in-code", org.admin().token(), null);
    String late = code(other.json());
    Instant lateExpires = Instant.parse(other.json().getString("expiresAt"));

    LocalSystem system = ChatproExtension.system();
    Vertx vertx = system.vertx("directory");
    ChatproConfig config = system.config("directory");
    Pool pool = PgPools.create(vertx, config.pg(), "directory");
    PasswordWork passwords = new PasswordWork(vertx, 1, 16);
    try {
      assertEquals(ErrorCode.UNAUTHORIZED, refusal(codesAt(vertx, config, pool, passwords, lateExpires), late));
      assertEquals(ErrorCode.UNAUTHORIZED, refusal(codesAt(vertx, config, pool, passwords,
          lateExpires.plusSeconds(1)), late));
      JsonObject login = await(codesAt(vertx, config, pool, passwords, expires.minusSeconds(1))
          .redeem(redeemBody(code, "just in time for gil").put("clientAddress", "expiry-" + UUID.randomUUID())));
      assertEquals(gil, login.getJsonObject("user").getString("id"));
    } finally {
      passwords.close();
      await(pool.close());
    }
    api.login(org.slug(), "gil", "just in time for gil");
    assertEquals(200, redeem(api, late, "hal is on time today").status(), "refused only at those instants");
  }

  /** The directory's sign-in codes as its verticle wires them, but on a clock of the test's own. */
  private static SignInCodes codesAt(Vertx vertx, ChatproConfig config, Pool pool, PasswordWork passwords,
      Instant now) throws Exception {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    UserRepository repository = new UserRepository(pool);
    Audit audit = new Audit(clock);
    Users users = new Users(passwords, pool, repository, new UserSearch(pool), new DirectoryEvents(clock), audit);
    LoginLimiter limiter = new LoginLimiter(pool, clock);
    Sessions sessions = new Sessions(vertx, pool, config.tokens().accessTtl(), clock);
    SigningKeys keys = new SigningKeys(pool, chatpro.common.crypto.MasterKey.load(config.masterKeyFile()));
    await(keys.load());
    Logins logins = new Logins(pool, passwords, repository, new TokenIssuer(vertx, keys, config.tokens(), clock),
        sessions, limiter, config.tokens().refreshTtl(), clock);
    return new SignInCodes(pool, clock, repository, users, passwords, limiter, sessions, logins, audit);
  }

  private static ErrorCode refusal(SignInCodes codes, String code) throws Exception {
    // A test address of its own: failures recorded at a clock days ahead must not limit anyone else.
    JsonObject request = redeemBody(code, "a fine long password").put("clientAddress", "expiry-" + UUID.randomUUID());
    try {
      await(codes.redeem(request));
      throw new AssertionError("the code was taken");
    } catch (ExecutionException e) {
      return ChatproException.from(e.getCause()).code();
    }
  }

  /** A well-formed code that was never issued (in practice: 31^12 codes, a handful issued). */
  static String unknownCode(int i) {
    return "ZZZZZZ" + String.format("%06d", i).replace('0', '2').replace('1', '3');
  }

  /** A person created without a password; answers their id. */
  static String passwordless(TestApi api, Org org, String username) throws Exception {
    Answer created = api.post("/api/v1/users", org.admin().token(), new JsonObject().put("username", username)
        .put("displayName", username.substring(0, 1).toUpperCase(Locale.ROOT) + username.substring(1)));
    assertEquals(201, created.status(), created.body());
    return created.json().getString("id");
  }

  static String newCode(TestApi api, Org org, String userId) throws Exception {
    Answer made = api.post("/api/v1/users/" + userId + "/sign-in-code", org.admin().token(), null);
    assertEquals(201, made.status(), made.body());
    return code(made.json());
  }

  private static String code(JsonObject card) {
    String code = card.getString("code");
    CODES.add(code);
    return code;
  }

  static Answer redeem(TestApi api, String code, String password) throws Exception {
    return api.post("/api/v1/auth/code", null, redeemBody(code, password));
  }

  private static JsonObject redeemBody(String code, String password) {
    return new JsonObject().put("code", code).put("password", password);
  }

  private record Reply(int status, String body, String retryAfter) {}

  private static Reply post(HttpClient client, int port, String path, JsonObject body) throws Exception {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI(path).putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(Buffer.buffer(body.encode())))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b.toString(),
            resp.getHeader("Retry-After"))))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static String sha256Hex(String code) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
  }

  /** The log files the test stack writes (PostgreSQL's and the child JVMs'), not Kafka's data segments. */
  private static List<Path> logFiles() throws Exception {
    Path dir = DevStackExtension.stack().dataDir();
    try (Stream<Path> files = Files.walk(dir, 2)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".log"))
          .filter(p -> !p.getFileName().toString().matches("\\d+\\.log"))
          .toList();
    }
  }

  /** Writes to the real stream and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream out;

    Tee(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      synchronized (LOG) {
        LOG.write(b);
      }
      try {
        out.write(b);
      } catch (java.io.IOException e) {
        // the real stream is surefire's; a failure there does not concern this test
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (LOG) {
        LOG.write(b, off, len);
      }
      try {
        out.write(b, off, len);
      } catch (java.io.IOException e) {
        // as above
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      out.flush();
    }
  }
}
