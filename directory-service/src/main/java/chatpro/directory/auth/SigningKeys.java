package chatpro.directory.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The ES256 keys that sign access tokens. The newest key signs; every key not retired is published in the JWKS, so a
 * new key can be added (rotation) while tokens signed by the previous one keep working until they expire.
 */
public class SigningKeys {
  static final String ALL = "SELECT kid, private_jwk, public_jwk FROM signing_keys WHERE retired_at IS NULL"
      + " ORDER BY created_at DESC, kid";
  static final String INSERT = "INSERT INTO signing_keys (kid, private_jwk, public_jwk) VALUES ($1, $2, $3)";
  static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('chatpro.signing-keys'))";
  static final String RETIRE_OLD = "UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL"
      + " AND kid <> $1 AND created_at < now() - make_interval(secs => $2)";

  private final Pool pool;
  private volatile JsonObject signing;
  private volatile JsonArray published = new JsonArray();

  public SigningKeys(Pool pool) {
    this.pool = pool;
  }

  /** Loads the keys, creating the first one if there is none. */
  public Future<Void> load() {
    return pool.withTransaction(conn -> conn.query(LOCK).execute()
            .compose(v -> conn.query(ALL).execute())
            .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows) : insertNew(conn)
                .compose(v -> conn.query(ALL).execute())))
        .map(rows -> {
          List<Row> list = new ArrayList<>();
          rows.forEach(list::add);
          signing = list.get(0).getJsonObject("private_jwk");
          JsonArray keys = new JsonArray();
          list.forEach(r -> keys.add(r.getJsonObject("public_jwk")));
          published = keys;
          return null;
        });
  }

  /** Adds a new signing key; keys older than {@code keepSeconds} stop being published. */
  public Future<Void> rotate(long keepSeconds) {
    return pool.withTransaction(conn -> conn.query(LOCK).execute().compose(v -> insertNew(conn)))
        .compose(kid -> pool.preparedQuery(RETIRE_OLD).execute(Tuple.of(kid, (double) keepSeconds)))
        .compose(v -> load());
  }

  /** The private JWK that signs new tokens. */
  public JsonObject signingKey() {
    return signing;
  }

  /** {@code {"keys":[...]}} with public keys only. */
  public JsonObject jwks() {
    return new JsonObject().put("keys", published.copy());
  }

  private Future<String> insertNew(io.vertx.sqlclient.SqlConnection conn) {
    JsonObject privateJwk = generate();
    JsonObject publicJwk = privateJwk.copy();
    publicJwk.remove("d");
    String kid = privateJwk.getString("kid");
    return conn.preparedQuery(INSERT).execute(Tuple.of(kid, privateJwk, publicJwk)).map(kid);
  }

  static JsonObject generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      ECPublicKey pub = (ECPublicKey) pair.getPublic();
      ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
      return new JsonObject()
          .put("kty", "EC")
          .put("crv", "P-256")
          .put("alg", "ES256")
          .put("use", "sig")
          .put("kid", UUID.randomUUID().toString())
          .put("x", b64(pub.getW().getAffineX()))
          .put("y", b64(pub.getW().getAffineY()))
          .put("d", b64(priv.getS()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot generate a signing key", e);
    }
  }

  /** A fixed-width (32 byte) unsigned big-endian base64url number, as JWK wants. */
  private static String b64(BigInteger n) {
    byte[] raw = n.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }
}
