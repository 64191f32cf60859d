package chatpro.directory.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.auth.AccessToken;
import chatpro.common.auth.TokenVerifier;
import chatpro.common.config.ChatproConfig.TokenConfig;
import chatpro.common.error.ChatproException;
import chatpro.directory.user.User;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens the directory signs are accepted by the gateway's verifier, and only while valid. */
class TokenRoundTripTest {
  static final TokenConfig CONFIG = new TokenConfig("chatpro", "chatpro", Duration.ofMinutes(15), Duration.ofDays(30),
      Duration.ofDays(30));
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  @Test
  void issuedTokenVerifies() throws Exception {
    JsonObject key = SigningKeys.generate();
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    User user = new User("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "alice",
        "Alice", null, null, null, List.of("member"), true, 1, false);
    TokenIssuer issuer = new TokenIssuer(vertx, new FixedKeys(key), CONFIG, clock);
    String token = issuer.issue(user, "33333333-3333-3333-3333-333333333333");

    TokenVerifier verifier = new TokenVerifier(vertx, CONFIG, clock);
    JsonObject pub = key.copy();
    pub.remove("d");
    verifier.setKeys(new JsonArray().add(pub));
    AccessToken verified = verifier.verify(token).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(user.id(), verified.userId());
    assertEquals(user.orgId(), verified.orgId());
    assertEquals("33333333-3333-3333-3333-333333333333", verified.sessionId());
    assertTrue(verified.hasRole("member"));
  }

  @Test
  void aVerifiedTokenIsTakenAgainOnlyWhileItIsValidAndItsKeyTrusted() throws Exception {
    JsonObject key = SigningKeys.generate();
    MovableClock clock = new MovableClock(Instant.now());
    User user = new User("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "alice",
        "Alice", null, null, null, List.of("member"), true, 1, false);
    String token = new TokenIssuer(vertx, new FixedKeys(key), CONFIG, clock)
        .issue(user, "33333333-3333-3333-3333-333333333333");
    JsonObject pub = key.copy();
    pub.remove("d");
    TokenVerifier verifier = new TokenVerifier(vertx, CONFIG, clock);
    verifier.setKeys(new JsonArray().add(pub));

    assertEquals(user.id(), verify(verifier, token).userId());
    assertEquals(user.id(), verify(verifier, token).userId(), "the same token again");
    int middle = token.lastIndexOf('.') + 20;
    String tampered = token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A')
        + token.substring(middle + 1);
    assertRefused(verifier, tampered, "a token one character away from a verified one");

    verifier.setKeys(new JsonArray());
    assertRefused(verifier, token, "a verified token whose key left the key set");
    verifier.setKeys(new JsonArray().add(pub));
    assertEquals(user.id(), verify(verifier, token).userId(), "its key back");

    clock.now = clock.now.plus(CONFIG.accessTtl()).plusSeconds(1);
    assertRefused(verifier, token, "a verified token past its expiry");
  }

  private static AccessToken verify(TokenVerifier verifier, String token) throws Exception {
    return verifier.verify(token).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static void assertRefused(TokenVerifier verifier, String token, String what) {
    ExecutionException refused = assertThrows(ExecutionException.class, () -> verify(verifier, token), what);
    assertEquals(ChatproException.class, refused.getCause().getClass(), what);
  }

  /** A clock a test moves. */
  static final class MovableClock extends Clock {
    Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** A key set of one key, without a database. */
  static final class FixedKeys extends SigningKeys {
    private final JsonObject key;

    FixedKeys(JsonObject key) {
      super(null, null);
      this.key = key;
    }

    @Override
    public JsonObject signingKey() {
      return key;
    }
  }
}
