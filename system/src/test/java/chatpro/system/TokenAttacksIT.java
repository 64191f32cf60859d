package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Forged and tampered access tokens are refused by the gateway. The tests read the real signing key from PostgreSQL,
 * so a token refused for its claims is refused for those claims alone (the control token with the same key works).
 */
@ExtendWith(ChatproExtension.class)
class TokenAttacksIT {
  private TestApi api;
  private Session victim;
  private JsonObject key;

  @BeforeEach
  void setUp() throws Exception {
    api = ChatproExtension.api(1);
    Org org = api.newOrg();
    victim = org.member("target");
    key = TestTokens.currentSigningKey();
  }

  @Test
  void aTokenForgedWithTheRealKeyAndRightClaimsWorks() throws Exception {
    assertEquals(200, status(TestTokens.es256(key, header(), claims())), "control: the forging itself is right");
  }

  @Test
  void algNoneInAnyCasingIsRefused() throws Exception {
    for (String alg : List.of("none", "None", "NONE", "nOnE")) {
      JsonObject h = header().put("alg", alg);
      assertEquals(401, status(TestTokens.b64(h.encode()) + "." + TestTokens.b64(claims().encode()) + "."), alg);
    }
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() throws Exception {
    JsonObject pub = key.copy();
    pub.remove("d");
    String input = TestTokens.b64(header().put("alg", "HS256").encode()) + "." + TestTokens.b64(claims().encode());
    for (byte[] secret : List.of(pub.encode().getBytes(StandardCharsets.UTF_8),
        Base64.getUrlDecoder().decode(key.getString("x")))) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(
          mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
      assertEquals(401, status(input + "." + sig));
    }
  }

  @Test
  void unknownOrInjectedKeyIdsAreRefused() throws Exception {
    for (String kid : List.of("00000000-0000-0000-0000-000000000000", "../../../dev/null", "' OR '1'='1", "")) {
      assertEquals(401, status(TestTokens.es256(key, header().put("kid", kid), claims())), kid);
    }
    assertEquals(401, status(TestTokens.es256(key, header().putNull("kid"), claims())));
  }

  @Test
  void headersPointingAtOtherKeysAreRefused() throws Exception {
    JsonObject pub = key.copy();
    pub.remove("d");
    assertEquals(401, status(TestTokens.es256(key, header().put("jku", "http://127.0.0.1:1/jwks.json"), claims())));
    assertEquals(401, status(TestTokens.es256(key, header().put("x5u", "http://127.0.0.1:1/cert.pem"), claims())));
    assertEquals(401, status(TestTokens.es256(key, header().put("jwk", pub), claims())));
    JsonObject x5c = header().put("x5c", new io.vertx.core.json.JsonArray().add("AAAA"));
    assertEquals(401, status(TestTokens.es256(key, x5c, claims())));
  }

  @Test
  void wrongClaimsAreRefused() throws Exception {
    long now = Instant.now().getEpochSecond();
    assertEquals(401, status(TestTokens.es256(key, header(), claims().put("iss", "someone-else"))));
    assertEquals(401, status(TestTokens.es256(key, header(), claims().put("aud", "another-app"))));
    assertEquals(401, status(TestTokens.es256(key, header(), claims().put("nbf", now + 600))));
    assertEquals(401, status(TestTokens.es256(key, header(), claims().put("exp", now - 1))));
    assertEquals(401, status(TestTokens.es256(key, header(), claimsWithout("exp"))));
    assertEquals(401, status(TestTokens.es256(key, header(), claimsWithout("sid"))));
  }

  @Test
  void aTamperedPayloadIsRefused() throws Exception {
    String[] parts = victim.token().split("\\.");
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    payload.put("roles", new io.vertx.core.json.JsonArray().add("admin"));
    String tampered = parts[0] + "." + TestTokens.b64(payload.encode()) + "." + parts[2];
    assertEquals(200, status(victim.token()));
    assertEquals(401, status(tampered));
    assertEquals(401, status(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20) + "AAAA"));
    assertEquals(401, status("garbage"));
    assertEquals(401, status(""));
  }

  @Test
  void signingKeyRotationLogsNobodyOut() throws Exception {
    String before = victim.token();
    JsonObject rotated = api.post("/api/v1/operator/signing-keys/rotate", ChatproExtension.OPERATOR_TOKEN, null)
        .json();
    assertNotEquals(key.getString("kid"), rotated.getString("kid"));
    assertEquals(200, status(before), "tokens signed with the previous key keep working");
    Session fresh = api.login(orgSlugOf(before), "target", "password of target");
    assertTrue(fresh.token().contains("."));
    assertEquals(rotated.getString("kid"), header(fresh.token()).getString("kid"));
    assertEquals(200, ChatproExtension.api(2).get("/api/v1/me", fresh.token()).status(), "every node knows the new key");
    JsonObject jwks = api.get("/.well-known/jwks.json", null).json();
    List<String> kids = jwks.getJsonArray("keys").stream().map(k -> ((JsonObject) k).getString("kid")).toList();
    assertTrue(kids.containsAll(List.of(key.getString("kid"), rotated.getString("kid"))), kids.toString());
    assertTrue(jwks.getJsonArray("keys").stream().noneMatch(k -> ((JsonObject) k).containsKey("d")),
        "no private part is published");
  }

  private String orgSlugOf(String token) throws Exception {
    String orgId = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
        StandardCharsets.UTF_8)).getString("org");
    try (Connection c = TestTokens.jdbc(); ResultSet rs = c.createStatement()
        .executeQuery("SELECT slug FROM directory.orgs WHERE id = '" + orgId + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private int status(String token) throws Exception {
    return api.get("/api/v1/me", token).status();
  }

  private JsonObject header() {
    return new JsonObject().put("typ", "JWT").put("alg", "ES256").put("kid", key.getString("kid"));
  }

  private static JsonObject header(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  /** The victim's own claims, taken from their real token, with a fresh expiry. */
  private JsonObject claims() {
    JsonObject real = new JsonObject(new String(Base64.getUrlDecoder().decode(victim.token().split("\\.")[1]),
        StandardCharsets.UTF_8));
    long now = Instant.now().getEpochSecond();
    return real.put("iat", now).put("exp", now + 300);
  }

  private JsonObject claimsWithout(String name) {
    JsonObject c = claims();
    c.remove(name);
    return c;
  }

}
