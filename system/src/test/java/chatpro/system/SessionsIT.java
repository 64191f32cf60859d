package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Logins end when they should: logout, deactivation, password changes, refresh reuse, brute force. */
@ExtendWith(ChatproExtension.class)
class SessionsIT {

  @Test
  void deactivationClosesLiveSocketsOnAnotherNodeAndLocksTheAccount() throws Exception {
    TestApi node1 = ChatproExtension.api(1);
    TestApi node2 = ChatproExtension.api(2);
    Org org = node1.newOrg();
    Session vic = org.member("vic");
    try (TestSocket socket = TestSocket.authenticated(node2.port(), vic.token())) {
      long start = System.nanoTime();
      assertEquals(204, node1.post("/api/v1/users/" + vic.userId() + "/deactivate", org.admin().token(), null)
          .status());
      assertEquals(4403, socket.closeCode(5));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < 1500, "closed within a second of the answer, took " + millis + " ms");
    }
    assertEquals(401, node2.get("/api/v1/me", vic.token()).status(), "the access token stops working at once");
    assertEquals(401, node1.post("/api/v1/auth/login", null, login(org, "vic", "password of vic")).status());
    assertEquals(401, node1.post("/api/v1/auth/refresh", null, refresh(vic)).status());
    try (TestSocket again = TestSocket.connect(node1.port())) {
      JsonObject answer = again.request(new JsonObject().put("type", "auth").put("id", "a").put("token", vic.token()));
      assertEquals("unauthorized", answer.getString("code"));
      assertEquals(4401, again.closeCode(5));
    }
    assertEquals(204, node1.post("/api/v1/users/" + vic.userId() + "/reactivate", org.admin().token(), null)
        .status());
    Session back = node1.login(org.slug(), "vic", "password of vic");
    assertEquals(200, node2.get("/api/v1/me", back.token()).status());
  }

  @Test
  void logoutEndsThatLoginOnly() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session phone = org.member("wes");
    Session laptop = api.login(org.slug(), "wes", "password of wes");
    try (TestSocket phoneSocket = TestSocket.authenticated(ChatproExtension.api(2).port(), phone.token());
         TestSocket laptopSocket = TestSocket.authenticated(api.port(), laptop.token())) {
      assertEquals(204, api.post("/api/v1/auth/logout", phone.token(), null).status());
      assertEquals(4403, phoneSocket.closeCode(5));
      assertEquals(401, api.get("/api/v1/me", phone.token()).status());
      assertEquals(401, api.post("/api/v1/auth/refresh", null, refresh(phone)).status());
      assertEquals(200, api.get("/api/v1/me", laptop.token()).status());
      JsonObject pong = laptopSocket.request(new JsonObject().put("type", "ping").put("id", "p"));
      assertEquals("ack", pong.getString("type"));

      assertEquals(204, api.post("/api/v1/auth/logout", laptop.token(), new JsonObject().put("all", true)).status());
      assertEquals(4403, laptopSocket.closeCode(5));
    }
  }

  @Test
  void refreshRotatesAndReuseEndsTheWholeLogin() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session first = org.member("xia");
    Answer rotated = api.post("/api/v1/auth/refresh", null, refresh(first));
    assertEquals(200, rotated.status(), rotated.body());
    JsonObject second = rotated.json();
    assertNotEquals(first.refreshToken(), second.getString("refreshToken"));
    assertEquals(first.userId(), second.getJsonObject("user").getString("id"));
    assertTrue(second.getInteger("expiresIn") >= 300);
    assertEquals(200, api.get("/api/v1/me", second.getString("accessToken")).status());

    assertEquals(401, api.post("/api/v1/auth/refresh", null, refresh(first)).status(), "a used token is refused");
    assertEquals(401, api.post("/api/v1/auth/refresh", null,
        new JsonObject().put("refreshToken", second.getString("refreshToken"))).status(), "its family ends too");
    assertEquals(401, api.get("/api/v1/me", second.getString("accessToken")).status());
    assertEquals(401, api.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", "nope")).status());
  }

  @Test
  void passwordChangeEndsOtherLogins() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session here = org.member("yan");
    Session elsewhere = api.login(org.slug(), "yan", "password of yan");
    assertEquals(403, api.put("/api/v1/me/password", here.token(), new JsonObject().put("current", "wrong one!!")
        .put("new", "a new long password")).status());
    assertEquals(400, api.put("/api/v1/me/password", here.token(), new JsonObject().put("current", "password of yan")
        .put("new", "short")).status());
    assertEquals(204, api.put("/api/v1/me/password", here.token(), new JsonObject().put("current", "password of yan")
        .put("new", "a new long password")).status());
    assertEquals(200, api.get("/api/v1/me", here.token()).status());
    assertEquals(401, api.get("/api/v1/me", elsewhere.token()).status());
    assertEquals(401, api.post("/api/v1/auth/login", null, login(org, "yan", "password of yan")).status());
    api.login(org.slug(), "yan", "a new long password");

    Answer reset = api.post("/api/v1/users/" + here.userId() + "/password", org.admin().token(),
        new JsonObject().put("password", "set by the admin"));
    assertEquals(204, reset.status());
    assertEquals(401, api.get("/api/v1/me", here.token()).status(), "an admin reset ends every login");
    api.login(org.slug(), "yan", "set by the admin");
  }

  @Test
  void tenFailedLoginsLockTheAccountWith429() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    org.member("zed");
    for (int i = 0; i < 10; i++) {
      Answer wrong = api.post("/api/v1/auth/login", null, login(org, "zed", "not the password " + i));
      assertEquals(401, wrong.status());
    }
    Answer limited = api.post("/api/v1/auth/login", null, login(org, "zed", "password of zed"));
    assertEquals(429, limited.status());
    assertEquals("rate_limited", limited.errorCode());
    long retryAfter = Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter > 800 && retryAfter <= 901, "about 15 minutes: " + retryAfter);
    api.login(org.slug(), "admin", "correct horse battery");
  }

  @Test
  void oneAddressFailingAHundredTimesIsLimited() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Vertx vertx = Vertx.vertx();
    try {
      // Its own loopback address, so the limit does not touch the other tests' logins from 127.0.0.1.
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setLocalAddress("127.0.0.77"));
      int status = 0;
      for (int i = 0; i < 100; i++) {
        status = post(client, api.port(), login(org, "nobody" + i, "wrong password " + i));
        assertEquals(401, status);
      }
      status = post(client, api.port(), login(org, "admin", "correct horse battery"));
      assertEquals(429, status, "even a right password from that address waits");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertNotNull(api.login(org.slug(), "admin", "correct horse battery"), "other addresses are not limited");
  }

  /**
   * The account limit holds under concurrency (protocol.md "Rate limits"): of 50 simultaneous wrong logins for one
   * account, at most 10 are checked (401), every other one is refused at once (429), and the account is then locked
   * even for its right password.
   */
  @Test
  void fiftySimultaneousWrongLoginsCheckAtMostTen() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    org.member("uma");
    Vertx vertx = Vertx.vertx();
    try {
      // An address of its own (SignInCodesIT uses .78, the test above .77): only the account limit is in play.
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setLocalAddress("127.0.0.79"),
          new io.vertx.core.http.PoolOptions().setHttp1MaxSize(50));
      List<io.vertx.core.Future<Integer>> all = new java.util.ArrayList<>();
      for (int i = 0; i < 50; i++) {
        JsonObject body = login(org, "uma", "wrong password " + i);
        all.add(client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(api.port()).setURI("/api/v1/auth/login").putHeader("Content-Type", "application/json"))
            .compose(req -> req.send(Buffer.buffer(body.encode())))
            .compose(resp -> resp.body().map(b -> resp.statusCode())));
      }
      io.vertx.core.Future.join(all).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      List<Integer> statuses = all.stream().map(io.vertx.core.Future::result).toList();
      long checked = statuses.stream().filter(s -> s == 401).count();
      long refused = statuses.stream().filter(s -> s == 429).count();
      assertEquals(50, checked + refused, "only 401 and 429: " + statuses);
      assertEquals(10, checked, "at most 10 checked, and with nothing else failing exactly 10: " + statuses);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    Answer locked = api.post("/api/v1/auth/login", null, login(org, "uma", "password of uma"));
    assertEquals(429, locked.status(), "the account waits even for its right password once 10 failed");
  }

  /** protocol.md "Rate limits": 10 wrong current passwords in 15 minutes, then a password change waits (429). */
  @Test
  void tenWrongCurrentPasswordsStopPasswordChanges() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    org.member("ula");
    Session ula = api.login(org.slug(), "ula", "password of ula");
    JsonObject change = new JsonObject().put("new", "a brand new long password");
    for (int i = 0; i < 10; i++) {
      Answer wrong = api.put("/api/v1/me/password", ula.token(), change.copy().put("current", "guess " + i));
      assertEquals(403, wrong.status(), wrong.body());
    }
    Answer limited = api.put("/api/v1/me/password", ula.token(), change.copy().put("current", "password of ula"));
    assertEquals(429, limited.status(), "even the right one waits: " + limited.body());
    assertTrue(limited.raw().headers().firstValue("Retry-After").isPresent());
    assertNotNull(api.login(org.slug(), "ula", "password of ula"), "and the password is unchanged");
  }

  private static int post(HttpClient client, int port, JsonObject body) throws Exception {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/api/v1/auth/login").putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(Buffer.buffer(body.encode())))
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static JsonObject login(Org org, String username, String password) {
    return new JsonObject().put("org", org.slug()).put("username", username).put("password", password);
  }

  static JsonObject refresh(Session session) {
    return new JsonObject().put("refreshToken", session.refreshToken());
  }
}
