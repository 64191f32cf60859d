package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.bus.Addresses;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ended logins reach every gateway node, also one that missed the publish: it was stopped, or the published change
 * was lost on its way (dropped here by an inbound interceptor on that node's event bus, as a cut-off node would
 * lose it). Such a node catches up from directory's numbered list at start, every few seconds, and as soon as it
 * hears a change whose number shows it missed one. And a login racing a deactivation never yields a working session.
 */
@ExtendWith(ChatproExtension.class)
class RevocationCatchUpIT {
  /** The node asks every 2 s; this leaves room for a loaded machine. */
  private static final long CATCH_UP_BOUND_MS = 8_000;

  @Test
  void aNodeStoppedDuringADeactivationRefusesTheTokenWhenItStartsAgain() throws Exception {
    TestApi one = ChatproExtension.api(1);
    Org org = one.newOrg();
    Session ida = org.member("ida");
    LocalSystem system = ChatproExtension.system();
    system.stop("gateway-2");
    try {
      assertEquals(204, one.post("/api/v1/users/" + ida.userId() + "/deactivate", org.admin().token(), null)
          .status());
    } finally {
      system.start("gateway-2");
    }
    assertEquals(401, ChatproExtension.api(2).get("/api/v1/me", ida.token()).status(),
        "refused from the node's first answer after its start");
  }

  @Test
  void aNodeThatLostTheDeactivationRefusesTheTokenAndClosesItsSocketWithinTheCatchUp() throws Exception {
    TestApi one = ChatproExtension.api(1);
    TestApi two = ChatproExtension.api(2);
    Org org = one.newOrg();
    Session jon = org.member("jon");
    AtomicInteger dropped = new AtomicInteger();
    try (TestSocket socket = TestSocket.authenticated(two.port(), jon.token());
         Dropping drop = Dropping.on("gateway-2", change -> jon.userId().equals(change.getString("userId")), dropped)) {
      long start = System.nanoTime();
      assertEquals(204, one.post("/api/v1/users/" + jon.userId() + "/deactivate", org.admin().token(), null)
          .status());
      assertEquals(401, one.get("/api/v1/me", jon.token()).status(), "the node that heard it refuses at once");
      assertEquals(4403, socket.closeCode((int) (CATCH_UP_BOUND_MS / 1000)), "the socket ends as deactivated");
      awaitRefused(two, jon.token());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(dropped.get() >= 1, "node 2 never heard the deactivation (on any of its event loops)");
      assertTrue(millis < CATCH_UP_BOUND_MS, "within the catch-up, took " + millis + " ms");
    }
  }

  @Test
  void aChangeHeardAfterALostOneBringsTheLostOneToo() throws Exception {
    TestApi one = ChatproExtension.api(1);
    TestApi two = ChatproExtension.api(2);
    Org org = one.newOrg();
    Session phone = org.member("kim");
    Session laptop = one.login(org.slug(), "kim", "password of kim");
    AtomicInteger dropped = new AtomicInteger();
    AtomicLong lost = new AtomicLong(-1);
    // Only the first change about kim is lost on node 2 (by each of its event loops): the logout of the phone.
    try (TestSocket phoneSocket = TestSocket.authenticated(two.port(), phone.token());
         Dropping drop = Dropping.on("gateway-2", change -> phone.userId().equals(change.getString("userId"))
             && (lost.compareAndSet(-1, change.getLong("version")) || lost.get() == change.getLong("version")),
             dropped)) {
      assertEquals(204, one.post("/api/v1/auth/logout", phone.token(), null).status());
      assertEquals(401, one.get("/api/v1/me", phone.token()).status());
      assertEquals(204, one.post("/api/v1/auth/logout", laptop.token(), null).status());
      awaitRefused(two, laptop.token());
      awaitRefused(two, phone.token());
      assertEquals(4403, phoneSocket.closeCode((int) (CATCH_UP_BOUND_MS / 1000)));
      assertTrue(dropped.get() >= 1, "node 2 lost the phone's logout");
    }
  }

  /**
   * Logins of one person race their deactivation: whatever each login answered, afterwards no session of theirs
   * works anywhere (the deactivation and a login's start take the person's row lock in turn, so a login either
   * started before and was ended, or sees the person deactivated).
   */
  @Test
  void loginsRacingADeactivationLeaveNoWorkingSession() throws Exception {
    TestApi one = ChatproExtension.api(1);
    TestApi two = ChatproExtension.api(2);
    Org org = one.newOrg();
    Session lea = org.member("lea");
    Vertx vertx = Vertx.vertx();
    try {
      // An address of its own, so the failures of logins that lose the race do not count for other tests' address.
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setLocalAddress("127.0.0.81"),
          new PoolOptions().setHttp1MaxSize(20));
      JsonObject body = SessionsIT.login(org, "lea", "password of lea");
      CompletableFuture<Void> firstIn = new CompletableFuture<>();
      List<Future<JsonObject>> logins = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int port = i % 2 == 0 ? one.port() : two.port();
        logins.add(post(client, port, "/api/v1/auth/login", body).onSuccess(answer -> {
          if (answer.getInteger("status") == 200) {
            firstIn.complete(null);
          }
        }));
      }
      firstIn.get(60, TimeUnit.SECONDS);
      assertEquals(204, one.post("/api/v1/users/" + lea.userId() + "/deactivate", org.admin().token(), null)
          .status());
      Future.join(logins).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);

      List<JsonObject> answers = logins.stream().map(Future::result).toList();
      assertTrue(answers.stream().allMatch(a -> Set.of(200, 401, 429).contains(a.getInteger("status"))),
          "each login succeeded, was refused or waited: " + answers);
      List<JsonObject> sessions = new ArrayList<>(answers.stream().filter(a -> a.getInteger("status") == 200)
          .map(a -> a.getJsonObject("body")).toList());
      sessions.add(new JsonObject().put("accessToken", lea.token()).put("refreshToken", lea.refreshToken()));
      for (JsonObject session : sessions) {
        awaitRefused(one, session.getString("accessToken"));
        awaitRefused(two, session.getString("accessToken"));
        JsonObject refresh = new JsonObject().put("refreshToken", session.getString("refreshToken"));
        assertEquals(401, post(client, one.port(), "/api/v1/auth/refresh", refresh)
            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).getInteger("status"));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Waits (up to the catch-up bound) for the node to refuse the token; fails if it still takes it after that. */
  private static void awaitRefused(TestApi node, String token) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CATCH_UP_BOUND_MS);
    int status = node.get("/api/v1/me", token).status();
    while (status != 401 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = node.get("/api/v1/me", token).status();
    }
    assertEquals(401, status, "refused on port " + node.port() + " within " + CATCH_UP_BOUND_MS + " ms");
  }

  private static Future<JsonObject> post(HttpClient client, int port, String path, JsonObject body) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI(path).putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(Buffer.buffer(body.encode())))
        .compose(resp -> resp.body().map(b -> new JsonObject().put("status", resp.statusCode())
            .put("body", resp.statusCode() == 200 ? new JsonObject(b) : new JsonObject())));
  }

  /** Drops the published ended-logins changes that match, on one node's event bus, until closed. */
  private record Dropping(Vertx node, Handler<DeliveryContext<Object>> interceptor) implements AutoCloseable {
    static Dropping on(String name, Predicate<JsonObject> which, AtomicInteger dropped) throws Exception {
      Vertx node = ChatproExtension.system().vertx(name);
      Handler<DeliveryContext<Object>> interceptor = ctx -> {
        if (Addresses.GATEWAY_SESSIONS_END.equals(ctx.message().address())
            && ctx.message().body() instanceof JsonObject change && which.test(change)) {
          dropped.incrementAndGet();
          return;
        }
        ctx.next();
      };
      node.eventBus().addInboundInterceptor(interceptor);
      return new Dropping(node, interceptor);
    }

    @Override
    public void close() {
      node.eventBus().removeInboundInterceptor(interceptor);
    }
  }
}
