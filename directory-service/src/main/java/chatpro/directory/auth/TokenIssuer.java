package chatpro.directory.auth;

import chatpro.common.auth.TokenVerifier;
import chatpro.common.config.ChatproConfig.TokenConfig;
import chatpro.directory.user.User;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;

/** Signs short-lived access tokens with the current ES256 key. */
public final class TokenIssuer {
  private final Vertx vertx;
  private final SigningKeys keys;
  private final TokenConfig config;
  private final Clock clock;
  private JsonObject signingKey;
  private JWTAuth signer;

  public TokenIssuer(Vertx vertx, SigningKeys keys, TokenConfig config, Clock clock) {
    this.vertx = vertx;
    this.keys = keys;
    this.config = config;
    this.clock = clock;
  }

  public long ttlSeconds() {
    return config.accessTtl().toSeconds();
  }

  /** An access token for one login (session) of a user. */
  public String issue(User user, String sessionId) {
    JsonObject key = keys.signingKey();
    if (key != signingKey) {
      signer = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(key));
      signingKey = key;
    }
    long now = clock.instant().getEpochSecond();
    JsonObject claims = new JsonObject()
        .put("org", user.orgId())
        .put("roles", new JsonArray(user.roles()))
        .put("sid", sessionId)
        .put("iat", now)
        .put("exp", now + ttlSeconds());
    return signer.generateToken(claims, new JWTOptions()
        .setAlgorithm(TokenVerifier.ALGORITHM)
        .setNoTimestamp(true)
        .setIssuer(config.issuer())
        .addAudience(config.audience())
        .setSubject(user.id()));
  }
}
