package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Org;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person with a clean record signs in during a flood of wrong logins from many addresses that keep failing: the
 * directory hashes their password before the flood's, whatever the flood put in the queue first.
 */
@ExtendWith(ChatproExtension.class)
class LoginFloodIT {
  private static final int ADDRESSES = 20;
  private static final int PER_ADDRESS = 2;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aCleanSignInIsAnsweredWhileTheFloodOfFailingAddressesStillWaits() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    org.member("noa");
    // Loopback addresses of this run's own (the failure counts live for 15 minutes in the shared database).
    String net = "127." + (100 + RANDOM.nextInt(150)) + "." + RANDOM.nextInt(256) + ".";
    Vertx vertx = Vertx.vertx();
    try {
      List<HttpClient> flooders = new ArrayList<>();
      for (int a = 1; a <= ADDRESSES; a++) {
        flooders.add(vertx.createHttpClient(new HttpClientOptions().setLocalAddress(net + a),
            new PoolOptions().setHttp1MaxSize(PER_ADDRESS)));
      }
      List<Future<Integer>> first = new ArrayList<>();
      for (int a = 0; a < ADDRESSES; a++) {
        first.add(login(flooders.get(a), api.port(), body(org, "nobody-first-" + a, "wrong")));
      }
      // Each flood address has failed once: from now on they are addresses that keep failing.
      await(Future.join(first));
      assertTrue(first.stream().allMatch(f -> f.result() == 401), "the first round is wrong logins");

      AtomicInteger answered = new AtomicInteger();
      List<Future<Integer>> flood = new ArrayList<>();
      for (int i = 0; i < ADDRESSES * PER_ADDRESS; i++) {
        flood.add(login(flooders.get(i % ADDRESSES), api.port(), body(org, "nobody-" + i, "wrong " + i))
            .onComplete(r -> answered.incrementAndGet()));
      }
      // The flood is being hashed: its jobs are in the queue before the clean sign-in comes.
      await(Future.any(flood));
      HttpClient clean = vertx.createHttpClient(new HttpClientOptions().setLocalAddress(net + 250));
      int[] statusAndAnswered = await(login(clean, api.port(), body(org, "noa", "password of noa"))
          .map(status -> new int[] {status, answered.get()}));
      assertEquals(200, statusAndAnswered[0], "the clean sign-in succeeds");
      int stillWaiting = flood.size() - statusAndAnswered[1];
      assertTrue(stillWaiting >= flood.size() / 3, "answered while most of the flood still waited, not after"
          + " it: " + stillWaiting + " of " + flood.size() + " wrong logins were unanswered");

      await(Future.join(flood));
      assertFalse(flood.stream().anyMatch(f -> f.result() == 200), "no wrong login succeeded");
      assertEquals(flood.size(), flood.stream().filter(f -> f.result() == 401).count(),
          "every wrong login was checked and refused in the end (the queue was never full)");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static Future<Integer> login(HttpClient client, int port, JsonObject body) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/api/v1/auth/login").putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(Buffer.buffer(body.encode())))
        .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }

  private static JsonObject body(Org org, String username, String password) {
    return new JsonObject().put("org", org.slug()).put("username", username).put("password", password);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
