package chatpro.system;

import chatpro.common.crypto.MasterKey;
import chatpro.common.crypto.Sealed;
import chatpro.devstack.DevStack;
import chatpro.devstack.junit.DevStackExtension;
import chatpro.directory.auth.SigningKeys;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;

/** Makes access tokens with the directory's real signing key (read from PostgreSQL), for tests of token checks. */
final class TestTokens {
  private TestTokens() {}

  /** The claims of a real token, to copy and alter. */
  static JsonObject claimsOf(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  /** A header as the directory writes it, for that key. */
  static JsonObject header(JsonObject key) {
    return new JsonObject().put("typ", "JWT").put("alg", "ES256").put("kid", key.getString("kid"));
  }

  static String es256(JsonObject key, JsonObject header, JsonObject claims) throws Exception {
    String input = b64(header.encode()) + "." + b64(claims.encode());
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
    BigInteger d = new BigInteger(1, Base64.getUrlDecoder().decode(key.getString("d")));
    PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, spec));
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(privateKey);
    signer.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
  }

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The newest signing key, opened with the master key as directory-service opens it (it is stored sealed). */
  static JsonObject currentSigningKey() throws Exception {
    try (Connection c = jdbc(); ResultSet rs = c.createStatement().executeQuery("SELECT kid, private_jwk::text"
        + " FROM directory.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1")) {
      rs.next();
      JsonObject stored = new JsonObject(rs.getString(2));
      MasterKey master = MasterKey.load(ChatproExtension.system().config("directory").masterKeyFile());
      return new JsonObject(Sealed.open(master.aead(), stored.getString("sealed"),
          SigningKeys.SEAL_CONTEXT + rs.getString(1)));
    }
  }

  static Connection jdbc() throws Exception {
    DevStack stack = DevStackExtension.stack();
    return DriverManager.getConnection(stack.pgJdbcUrl(), stack.pgUser(), stack.pgPassword());
  }
}
