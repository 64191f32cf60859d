package chatpro.common.audit;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One link of an org's audit chain, as the protocol shows it. Its {@code hash} is the lowercase hex SHA-256 of
 * {@code prevHash} (64 ASCII hex digits) followed directly by the canonical JSON of its other fields
 * ({@link #canonical()}), both as UTF-8; the first entry's {@code prevHash} is {@link #GENESIS}.
 */
public record AuditEntry(long seq, Instant at, String actorId, String action, String targetType, String targetId,
                         JsonObject details, String prevHash, String hash) {
  /** The {@code prevHash} of an org's first entry. */
  public static final String GENESIS = "0".repeat(64);

  /** The entry that follows {@code prevHash} at {@code seq}, with its hash computed. */
  public static AuditEntry next(long seq, String prevHash, Instant at, String actorId, String action,
      String targetType, String targetId, JsonObject details) {
    AuditEntry unhashed = new AuditEntry(seq, at, actorId, action, targetType, targetId, details, prevHash, null);
    return unhashed.withHash(unhashed.computeHash());
  }

  /** The entry's fields but {@code prevHash} and {@code hash}, absent ones left out, in canonical JSON. */
  public String canonical() {
    return CanonicalJson.of(fields());
  }

  /** What {@code hash} should be for the stored fields and {@code prevHash}. */
  public String computeHash() {
    return hash(prevHash, canonical());
  }

  /** The lowercase hex SHA-256 of {@code prevHash} followed by the canonical text. */
  public static String hash(String prevHash, String canonical) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(prevHash.getBytes(StandardCharsets.US_ASCII));
      sha.update(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  public AuditEntry withHash(String computed) {
    return new AuditEntry(seq, at, actorId, action, targetType, targetId, details, prevHash, computed);
  }

  /** The protocol's AuditEntry. */
  public JsonObject toJson() {
    return fields().put("prevHash", prevHash).put("hash", hash);
  }

  public static AuditEntry fromJson(JsonObject json) {
    return new AuditEntry(json.getLong("seq"), Instant.parse(json.getString("at")), json.getString("actorId"),
        json.getString("action"), json.getString("targetType"), json.getString("targetId"),
        json.getJsonObject("details", new JsonObject()), json.getString("prevHash"), json.getString("hash"));
  }

  private JsonObject fields() {
    JsonObject json = new JsonObject().put("seq", seq).put("at", CanonicalJson.time(at));
    if (actorId != null) {
      json.put("actorId", actorId);
    }
    json.put("action", action);
    if (targetType != null) {
      json.put("targetType", targetType);
    }
    if (targetId != null) {
      json.put("targetId", targetId);
    }
    return json.put("details", details == null ? new JsonObject() : details);
  }
}
