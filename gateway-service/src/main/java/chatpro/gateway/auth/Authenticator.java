package chatpro.gateway.auth;

import chatpro.common.auth.AccessToken;
import chatpro.common.auth.TokenVerifier;
import chatpro.common.bus.Addresses;
import chatpro.common.config.ChatproConfig.TokenConfig;
import chatpro.common.error.ChatproException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * Verifies access tokens on this gateway node with the directory's key set, fetched over the event bus and refreshed
 * when a token names a key not seen yet (at most every few seconds) and every minute.
 */
public final class Authenticator {
  private static final long REFRESH_MIN_INTERVAL_MS = 5_000;

  private final Vertx vertx;
  private final TokenVerifier verifier;
  private final Clock clock;
  private final Revocations revocations;
  private volatile JsonObject jwks = new JsonObject().put("keys", new io.vertx.core.json.JsonArray());
  private long lastRefresh;

  public Authenticator(Vertx vertx, TokenConfig config, Clock clock) {
    this.vertx = vertx;
    this.verifier = new TokenVerifier(vertx, config, clock);
    this.clock = clock;
    // A revoked session's tokens live at most one token lifetime (plus clock slack) after the revocation.
    this.revocations = new Revocations(config.accessTtl().plusMinutes(2).toMillis());
  }

  /** Ends these logins' tokens on this node. */
  public void revoke(io.vertx.core.json.JsonArray sessionIds) {
    revocations.add(sessionIds, clock.millis());
  }

  /** Loads the logins ended recently (for a node that starts after them). */
  public Future<Void> loadRevocations() {
    return vertx.eventBus().<JsonObject>request(Addresses.AUTH_REVOKED, new JsonObject())
        .map(reply -> {
          revoke(reply.body().getJsonArray("sessionIds"));
          return null;
        });
  }

  public void pruneRevocations() {
    revocations.prune(clock.millis());
  }

  /** Loads the key set now; the gateway retries until the directory answers. */
  public Future<Void> refreshKeys() {
    lastRefresh = clock.millis();
    return vertx.eventBus().<JsonObject>request(Addresses.AUTH_JWKS, new JsonObject()).map(reply -> {
      jwks = reply.body();
      verifier.setKeys(jwks.getJsonArray("keys"));
      return null;
    });
  }

  public JsonObject jwks() {
    return jwks;
  }

  /** A valid token of a login that has not ended, or a 401. */
  public Future<AccessToken> verify(String token) {
    String kid = TokenVerifier.keyIdOf(token);
    Future<Void> keys = kid != null && !verifier.knowsKey(kid) && clock.millis() - lastRefresh > REFRESH_MIN_INTERVAL_MS
        ? refreshKeys().recover(e -> Future.succeededFuture())
        : Future.succeededFuture();
    return keys.compose(v -> verifier.verify(token)).compose(t -> revocations.isRevoked(t.sessionId())
        ? Future.failedFuture(ChatproException.unauthorized())
        : Future.succeededFuture(t));
  }

  /** The token of an {@code Authorization: Bearer} header, or a 401. */
  public static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ChatproException.unauthorized();
    }
    return header.substring(7).trim();
  }
}
