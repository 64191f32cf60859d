package chatpro.common.bus;

import chatpro.common.error.ChatproException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and checks the caller a request carries on the event bus, with an HMAC-SHA256 under the cluster secret
 * ({@code CHATPRO_CLUSTER_SECRET}): the gateway seals the caller it verified from an access token, and every service
 * checks the seal before a handler runs, so a body naming another person, org or role is refused. A seal covers the
 * caller's fields and an expiry a few minutes ahead; it is a microsecond's work on either side, where verifying the
 * person's own token in every service would cost more than the whole message path may.
 *
 * <p>Operator actions (creating an organisation, rotating the signing keys, a retention sweep) carry an operator seal
 * of the same kind, made by the gateway once it has checked the operator token.
 *
 * <p>The event bus itself is TLS with client certificates ({@code ClusteredVertx}): a process without the cluster's
 * certificate can neither send nor receive. The seal answers the next question, which of the certified processes may
 * speak for a person: only one that holds the secret.
 */
public final class CallerSeals {
  /** How long a seal is accepted after it is made: requests are answered in seconds, and clocks drift a little. */
  public static final Duration LIFETIME = Duration.ofMinutes(5);
  /** The shortest cluster secret accepted (what {@code openssl rand -hex 16} gives). */
  public static final int MIN_SECRET = 32;

  private static final byte CALLER = 1;
  private static final byte OPERATOR = 2;

  /** Each clustered Vert.x instance's seals (several share a JVM in the dev instance and the tests). */
  private static final Map<Vertx, CallerSeals> BY_VERTX = Collections.synchronizedMap(new WeakHashMap<>());

  /** Per thread, a MAC under the secret that seals, then one under each other secret that is accepted. */
  private final ThreadLocal<Mac[]> macs;
  private final Clock clock;

  /**
   * Gives this Vert.x instance the seals made with the cluster secret (done once, as it joins the cluster); seals
   * made with any of {@code accepted} pass its checks too (a rolling change of the secret).
   */
  public static void install(Vertx vertx, String secret, List<String> accepted) {
    BY_VERTX.put(vertx, new CallerSeals(secret, accepted, Clock.systemUTC()));
  }

  /** The seals of this Vert.x instance; fails when it has none (it did not join a cluster with a secret). */
  public static CallerSeals of(Vertx vertx) {
    CallerSeals seals = BY_VERTX.get(vertx);
    if (seals == null) {
      throw new IllegalStateException("this Vert.x instance has no cluster secret: start it with ClusteredVertx");
    }
    return seals;
  }

  public CallerSeals(String secret, List<String> accepted, Clock clock) {
    if (secret == null || secret.length() < MIN_SECRET) {
      throw new IllegalArgumentException("CHATPRO_CLUSTER_SECRET must be set, at least " + MIN_SECRET
          + " characters: the services check every caller with it");
    }
    if (accepted.stream().anyMatch(a -> a == null || a.length() < MIN_SECRET)) {
      throw new IllegalArgumentException("every CHATPRO_CLUSTER_SECRET_ACCEPTED secret must be at least " + MIN_SECRET
          + " characters");
    }
    List<SecretKeySpec> keys = new java.util.ArrayList<>();
    keys.add(key(secret));
    accepted.stream().filter(a -> !a.equals(secret)).distinct().map(CallerSeals::key).forEach(keys::add);
    this.macs = ThreadLocal.withInitial(() -> keys.stream().map(CallerSeals::newMac).toArray(Mac[]::new));
    this.clock = clock;
  }

  public CallerSeals(String secret, Clock clock) {
    this(secret, List.of(), clock);
  }

  public CallerSeals(String secret) {
    this(secret, Clock.systemUTC());
  }

  private static SecretKeySpec key(String secret) {
    return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The caller as it is when it carries a seal already (one passed on), else with a fresh seal. */
  public Caller sealed(Caller caller) {
    return caller.seal() != null ? caller : seal(caller);
  }

  /** The caller with a fresh seal. */
  public Caller seal(Caller caller) {
    long expires = clock.millis() + LIFETIME.toMillis();
    byte[] sealed = sealedBytes(CALLER, caller.userId(), caller.orgId(), caller.roles(), caller.sessionId(), expires);
    return caller.withSeal(new Caller.Seal(expires, mac(macs.get()[0], sealed)));
  }

  /** The request with an operator seal added: what a service asks for before an operator action. */
  public JsonObject asOperator(JsonObject request) {
    long expires = clock.millis() + LIFETIME.toMillis();
    return request.put("operator", new JsonObject().put("exp", expires)
        .put("seal", mac(macs.get()[0], sealedBytes(OPERATOR, null, null, List.of(), null, expires))));
  }

  /**
   * Checks the request's caller, if it has one: its seal must be this cluster's and not expired. A request without
   * a caller passes (handlers that need one refuse it themselves).
   *
   * @throws ChatproException unauthorized when the caller is not sealed by a holder of the secret
   */
  public void checkCaller(JsonObject request) {
    if (!request.containsKey("caller")) {
      return;
    }
    if (!(request.getValue("caller") instanceof JsonObject c) || !sealed(c)) {
      throw ChatproException.unauthorized();
    }
  }

  /** @throws ChatproException unauthorized unless the request carries a valid operator seal */
  public void checkOperator(JsonObject request) {
    if (!(request.getValue("operator") instanceof JsonObject o)
        || !(o.getValue("exp") instanceof Number exp)
        || !(o.getValue("seal") instanceof String given)
        || exp.longValue() < clock.millis()
        || !matches(given, sealedBytes(OPERATOR, null, null, List.of(), null, exp.longValue()))) {
      throw ChatproException.unauthorized();
    }
  }

  private boolean sealed(JsonObject c) {
    if (!(c.getValue("exp") instanceof Number exp) || !(c.getValue("seal") instanceof String given)
        || exp.longValue() < clock.millis()) {
      return false;
    }
    Object userId = c.getValue("userId");
    Object orgId = c.getValue("orgId");
    Object sessionId = c.getValue("sessionId");
    Object roles = c.getValue("roles", new JsonArray());
    if (!stringOrNull(userId) || !stringOrNull(orgId) || !stringOrNull(sessionId) || !(roles instanceof JsonArray r)
        || !r.stream().allMatch(String.class::isInstance)) {
      return false;
    }
    List<String> roleList = r.stream().map(String.class::cast).toList();
    return matches(given, sealedBytes(CALLER, (String) userId, (String) orgId, roleList, (String) sessionId,
        exp.longValue()));
  }

  private static boolean stringOrNull(Object o) {
    return o == null || o instanceof String;
  }

  /** Whether the seal is the MAC of these bytes under the sealing secret or one of the accepted ones. */
  private boolean matches(String given, byte[] sealed) {
    for (Mac mac : macs.get()) {
      if (equal(given, mac(mac, sealed))) {
        return true;
      }
    }
    return false;
  }

  private static boolean equal(String given, String expected) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
  }

  /** Every field length-prefixed, so no two different callers share the bytes a MAC is made over. */
  private static byte[] sealedBytes(byte kind, String userId, String orgId, List<String> roles, String sessionId,
      long expires) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
    bytes.write(kind);
    field(bytes, userId);
    field(bytes, orgId);
    number(bytes, roles.size());
    roles.forEach(role -> field(bytes, role));
    field(bytes, sessionId);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes.write((int) (expires >>> shift));
    }
    return bytes.toByteArray();
  }

  private static String mac(Mac mac, byte[] sealed) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(sealed));
  }

  private static void field(ByteArrayOutputStream bytes, String value) {
    if (value == null) {
      number(bytes, -1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    number(bytes, utf8.length);
    bytes.writeBytes(utf8);
  }

  private static void number(ByteArrayOutputStream bytes, int n) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes.write(n >>> shift);
    }
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
