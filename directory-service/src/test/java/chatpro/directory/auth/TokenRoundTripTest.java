package chatpro.directory.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.auth.AccessToken;
import chatpro.common.auth.TokenVerifier;
import chatpro.common.config.ChatproConfig.TokenConfig;
import chatpro.directory.user.User;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
