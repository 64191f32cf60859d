package chatpro.common.auth;

import chatpro.common.config.ChatproConfig.TokenConfig;
import chatpro.common.crypto.Hashes;
import chatpro.common.error.ChatproException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies access tokens locally against the directory's published key set. Only ES256 with a known {@code kid} is
 * accepted; headers that point at other keys ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}) are refused before
 * any signature is checked.
 *
 * <p>A token whose signature was checked here is remembered by its SHA-256 until it expires: a device's next request
 * or reconnect with it costs a hash, not an ECDSA verification (about a millisecond of CPU each, which made a
 * reconnect storm's verifications most of the gateway's work). A remembered token is still refused once it expired or
 * its key left the key set.
 */
public final class TokenVerifier {
  public static final String ALGORITHM = "ES256";
  private static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "x5u", "jwk", "x5c", "crit");
  /** Tokens remembered per verifier: a few megabytes at most. */
  static final int REMEMBERED = 10_000;

  private final Vertx vertx;
  private final TokenConfig config;
  private final Clock clock;
  private volatile JWTAuth auth;
  private volatile Set<String> kids = Set.of();
  /** Verified tokens by their SHA-256, least recently used first. */
  private final Map<ByteBuffer, AccessToken> verified = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteBuffer, AccessToken> eldest) {
      return size() > REMEMBERED;
    }
  };

  public TokenVerifier(Vertx vertx, TokenConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
  }

  /** Replaces the trusted keys with a JWKS {@code keys} array (public keys only). */
  public void setKeys(JsonArray keys) {
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions()
        .setIssuer(config.issuer())
        .addAudience(config.audience())
        .setAlgorithm(ALGORITHM));
    Set<String> ids = new HashSet<>();
    for (Object key : keys) {
      JsonObject jwk = ((JsonObject) key).copy();
      jwk.remove("d");
      options.addJwk(jwk);
      ids.add(jwk.getString("kid"));
    }
    this.auth = JWTAuth.create(vertx, options);
    this.kids = Set.copyOf(ids);
  }

  public boolean knowsKey(String kid) {
    return kids.contains(kid);
  }

  /** The {@code kid} a token names, or null when it cannot be read. */
  public static String keyIdOf(String token) {
    JsonObject header = header(token);
    return header == null ? null : header.getString("kid");
  }

  public Future<AccessToken> verify(String token) {
    JWTAuth current = auth;
    JsonObject header = header(token);
    if (current == null || header == null || !checkHeader(header)) {
      return Future.failedFuture(ChatproException.unauthorized());
    }
    ByteBuffer digest = ByteBuffer.wrap(Hashes.sha256(token));
    AccessToken known = remembered(digest);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return current.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(ChatproException.unauthorized()))
        .compose(user -> claims(user.attributes().getJsonObject("accessToken", new JsonObject())))
        .onSuccess(checked -> remember(digest, checked));
  }

  /** A token verified before and not yet expired (its header, key included, was checked again by the caller). */
  private AccessToken remembered(ByteBuffer digest) {
    synchronized (verified) {
      AccessToken known = verified.get(digest);
      if (known != null && !known.expiresAt().isAfter(clock.instant())) {
        verified.remove(digest);
        return null;
      }
      return known;
    }
  }

  private void remember(ByteBuffer digest, AccessToken token) {
    synchronized (verified) {
      verified.put(digest, token);
    }
  }


  private boolean checkHeader(JsonObject header) {
    for (String name : header.fieldNames()) {
      if (FORBIDDEN_HEADERS.contains(name.toLowerCase())) {
        return false;
      }
    }
    return ALGORITHM.equals(header.getValue("alg")) && header.getValue("kid") instanceof String kid
        && kids.contains(kid);
  }

  private Future<AccessToken> claims(JsonObject payload) {
    long now = clock.instant().getEpochSecond();
    Object exp = payload.getValue("exp");
    Object nbf = payload.getValue("nbf");
    Object iat = payload.getValue("iat");
    if (!(exp instanceof Number e) || e.longValue() <= now
        || (nbf != null && (!(nbf instanceof Number n) || n.longValue() > now))
        || !(iat instanceof Number issued)
        || !config.issuer().equals(payload.getValue("iss"))
        || !audienceMatches(payload.getValue("aud"))
        || !(payload.getValue("sub") instanceof String sub)
        || !(payload.getValue("org") instanceof String org)
        || !(payload.getValue("sid") instanceof String sid)
        || !(payload.getValue("roles") instanceof JsonArray roles)) {
      return Future.failedFuture(ChatproException.unauthorized());
    }
    List<String> roleList = roles.stream().map(String::valueOf).toList();
    return Future.succeededFuture(new AccessToken(sub, org, roleList, sid,
        Instant.ofEpochSecond(issued.longValue()), Instant.ofEpochSecond(e.longValue())));
  }

  private boolean audienceMatches(Object aud) {
    if (aud instanceof String s) {
      return config.audience().equals(s);
    }
    return aud instanceof JsonArray a && a.contains(config.audience());
  }

  private static JsonObject header(String token) {
    if (token == null) {
      return null;
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || token.length() > 8192) {
      return null;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(token.substring(0, dot));
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
