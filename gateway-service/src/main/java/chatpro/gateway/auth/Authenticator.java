package chatpro.gateway.auth;

import chatpro.common.auth.AccessToken;
import chatpro.common.auth.Revocation;
import chatpro.common.auth.TokenVerifier;
import chatpro.common.bus.Addresses;
import chatpro.common.config.ChatproConfig.TokenConfig;
import chatpro.common.error.ChatproException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies access tokens on this gateway node with the directory's key set, fetched over the event bus and refreshed
 * when a token names a key not seen yet (at most every few seconds) and every minute, and refuses the tokens of
 * logins that ended, from its copy of directory's list of them ({@link RevocationList}).
 */
public final class Authenticator {
  private static final long REFRESH_MIN_INTERVAL_MS = 5_000;

  private final Vertx vertx;
  private final TokenVerifier verifier;
  private final Clock clock;
  private final RevocationList revocations;
  private volatile JsonObject jwks = new JsonObject().put("keys", new io.vertx.core.json.JsonArray());
  private long lastRefresh;

  public Authenticator(Vertx vertx, TokenConfig config, Clock clock) {
    this.vertx = vertx;
    this.verifier = new TokenVerifier(vertx, config, clock);
    this.clock = clock;
    // A revoked session's tokens live at most one token lifetime (plus clock slack) after the revocation.
    this.revocations = new RevocationList(config.accessTtl().plusMinutes(2).toMillis());
  }

  /**
   * Applies a change directory published; answers false when this node has missed one before it (then
   * {@link #catchUp} should run).
   */
  public boolean apply(Revocation change) {
    return revocations.apply(change, clock.millis());
  }

  /**
   * Asks directory for the changes after this node's version and applies them, page by page; answers the changes
   * applied, so their sockets can be closed. Run at start, every few seconds, and when a published change shows a
   * gap, so a node that missed a publish (restarting, cut off) refuses those tokens within seconds.
   */
  public Future<List<Revocation>> catchUp() {
    return catchUp(new ArrayList<>());
  }

  private Future<List<Revocation>> catchUp(List<Revocation> applied) {
    return vertx.eventBus().<JsonObject>request(Addresses.AUTH_REVOKED,
            new JsonObject().put("after", revocations.version()))
        .map(reply -> Revocation.Changes.fromJson(reply.body()))
        .compose(answer -> applyPage(answer, applied));
  }

  private Future<List<Revocation>> applyPage(Revocation.Changes answer, List<Revocation> applied) {
    revocations.catchUp(answer, clock.millis());
    applied.addAll(answer.changes());
    return answer.more() && !answer.changes().isEmpty() ? catchUp(applied) : Future.succeededFuture(applied);
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
    return keys.compose(v -> verifier.verify(token)).compose(t -> revocations.refuses(t)
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
