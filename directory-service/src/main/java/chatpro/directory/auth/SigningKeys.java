package chatpro.directory.auth;

import chatpro.common.crypto.MasterKey;
import chatpro.common.crypto.Sealed;
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
 * new key can be added (rotation) while tokens signed by the previous one keep working until they expire. The private
 * halves are stored sealed with the master key ({@code {"sealed": ...}}, bound to the key id); one stored in the
 * clear by an earlier version is sealed in place when the keys are next loaded.
 */
public class SigningKeys {
  private static final String SEALED = "sealed";
  /** What a sealed private key is bound to, before its key id. */
  public static final String SEAL_CONTEXT = "chatpro.signing-key:";
  static final String ALL = "SELECT kid, private_jwk, public_jwk FROM signing_keys WHERE retired_at IS NULL"
      + " ORDER BY created_at DESC, kid";
  static final String INSERT = "INSERT INTO signing_keys (kid, private_jwk, public_jwk) VALUES ($1, $2, $3)";
  static final String SEAL = "UPDATE signing_keys SET private_jwk = $2 WHERE kid = $1";
  static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('chatpro.signing-keys'))";
  static final String NEWEST_AGE = "SELECT extract(epoch FROM now() - max(created_at)) FROM signing_keys"
      + " WHERE retired_at IS NULL";
  /** A key is retired once a newer key has signed for longer than any token signed by it can live. */
  static final String RETIRE_OLD = "UPDATE signing_keys k SET retired_at = now() WHERE retired_at IS NULL"
      + " AND EXISTS (SELECT 1 FROM signing_keys n WHERE n.created_at > k.created_at"
      + " AND n.created_at < now() - make_interval(secs => $1))";

  private final Pool pool;
  private final MasterKey master;
  private Runnable onChange = () -> { };
  private volatile JsonObject signing;
  private volatile JsonArray published = new JsonArray();

  public SigningKeys(Pool pool, MasterKey master) {
    this.pool = pool;
    this.master = master;
  }

  /** Loads the keys, creating the first one if there is none. */
  public Future<Void> load() {
    return pool.withTransaction(conn -> conn.query(LOCK).execute()
            .compose(v -> conn.query(ALL).execute())
            .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows) : insertNew(conn)
                .compose(v -> conn.query(ALL).execute()))
            .compose(rows -> sealInPlace(conn, rows).map(rows)))
        .map(rows -> {
          List<Row> list = new ArrayList<>();
          rows.forEach(list::add);
          signing = open(list.get(0));
          JsonArray keys = new JsonArray();
          list.forEach(r -> keys.add(r.getJsonObject("public_jwk")));
          boolean changed = !keys.equals(published) && !published.isEmpty();
          published = keys;
          if (changed) {
            onChange.run();
          }
          return null;
        });
  }

  /**
   * Makes a new key when the newest is older than {@code rotateAfter} (or at once when {@code force}), retires keys
   * whose tokens have all expired ({@code tokenLifetime} after a newer key appeared), then reloads. Every replica
   * calls this periodically; the lock makes one of them do the work.
   */
  public Future<Void> maintain(java.time.Duration rotateAfter, java.time.Duration tokenLifetime, boolean force) {
    return pool.withTransaction(conn -> conn.query(LOCK).execute()
            .compose(v -> conn.query(NEWEST_AGE).execute())
            .compose(rows -> {
              Number age = (Number) rows.iterator().next().getValue(0);
              boolean due = force || age == null || age.doubleValue() > rotateAfter.toSeconds();
              return due ? insertNew(conn).mapEmpty() : Future.succeededFuture();
            })
            .compose(v -> conn.preparedQuery(RETIRE_OLD).execute(Tuple.of((double) tokenLifetime.toSeconds()))))
        .compose(v -> load());
  }

  /** Called after a load that found a different set of published keys. */
  public SigningKeys onChange(Runnable listener) {
    this.onChange = listener;
    return this;
  }

  /** The id of the key that signs new tokens. */
  public String signingKeyId() {
    return signing.getString("kid");
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
    return conn.preparedQuery(INSERT).execute(Tuple.of(kid, seal(kid, privateJwk), publicJwk)).map(kid);
  }

  /** Seals the private keys an earlier version stored in the clear. */
  private Future<Void> sealInPlace(io.vertx.sqlclient.SqlConnection conn, io.vertx.sqlclient.RowSet<Row> rows) {
    List<Tuple> clear = new ArrayList<>();
    rows.forEach(r -> {
      JsonObject stored = r.getJsonObject("private_jwk");
      if (!stored.containsKey(SEALED)) {
        clear.add(Tuple.of(r.getString("kid"), seal(r.getString("kid"), stored)));
      }
    });
    return clear.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(SEAL).executeBatch(clear).mapEmpty();
  }

  private JsonObject seal(String kid, JsonObject privateJwk) {
    return new JsonObject().put(SEALED, Sealed.seal(master.aead(), privateJwk.encode(), SEAL_CONTEXT + kid));
  }

  private JsonObject open(Row row) {
    JsonObject stored = row.getJsonObject("private_jwk");
    if (!stored.containsKey(SEALED)) {
      return stored;
    }
    try {
      return new JsonObject(Sealed.open(master.aead(), stored.getString(SEALED), SEAL_CONTEXT + row.getString("kid")));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("a token signing key does not open with the key in " + MasterKey.SETTING);
    }
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
