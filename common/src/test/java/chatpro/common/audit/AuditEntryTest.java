package chatpro.common.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AuditEntryTest {
  static final String ACTOR = "7d4f9a52-1b8e-4c1e-9a59-2f0c3b6a8e11";
  static final String TARGET = "0b6f7c1e-5d2a-4e8f-b3c4-9a1d2e3f4a5b";

  /** The worked example of docs/protocol.md ("Audit log: the canonical form"). */
  @Test
  void theDocumentedExampleHashesAsDocumented() throws Exception {
    AuditEntry first = AuditEntry.next(1, AuditEntry.GENESIS, Instant.parse("2026-12-01T09:30:00Z"), ACTOR,
        "user.updated", "user", TARGET, new JsonObject().put("fields", new JsonArray().add("title").add("department")));
    String canonical = "{\"action\":\"user.updated\",\"actorId\":\"" + ACTOR + "\",\"at\":\"2026-12-01T09:30:00.000Z\","
        + "\"details\":{\"fields\":[\"title\",\"department\"]},\"seq\":1,\"targetId\":\"" + TARGET + "\","
        + "\"targetType\":\"user\"}";
    assertEquals(canonical, first.canonical());
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest((AuditEntry.GENESIS + canonical).getBytes(StandardCharsets.UTF_8));
    assertEquals(HexFormat.of().formatHex(digest), first.hash());
    assertEquals(EXAMPLE_HASH, first.hash());
  }

  /** Kept in docs/protocol.md; a change here means the documented example (and every stored chain) changed. */
  static final String EXAMPLE_HASH = "37f382e8fbe5cf9c09e144de1d0e318b1739471374e178f413328b4347028a80";

  @Test
  void absentFieldsAreLeftOutNotNull() {
    AuditEntry e = AuditEntry.next(2, AuditEntry.GENESIS, Instant.parse("2026-12-01T09:30:00.5Z"), null,
        "retention.swept", null, null, new JsonObject().put("messages", 3));
    assertEquals("{\"action\":\"retention.swept\",\"at\":\"2026-12-01T09:30:00.500Z\",\"details\":{\"messages\":3},"
        + "\"seq\":2}", e.canonical());
  }

  @Test
  void theHashCoversThePreviousHashAndEveryField() {
    AuditEntry e = AuditEntry.next(1, AuditEntry.GENESIS, Instant.parse("2026-12-01T09:30:00Z"), ACTOR,
        "user.created", "user", TARGET, new JsonObject());
    String otherPrev = "f".repeat(64);
    assertNotEquals(e.hash(), AuditEntry.next(1, otherPrev, e.at(), ACTOR, "user.created", "user", TARGET,
        new JsonObject()).hash());
    assertNotEquals(e.hash(), AuditEntry.next(2, AuditEntry.GENESIS, e.at(), ACTOR, "user.created", "user", TARGET,
        new JsonObject()).hash());
    assertNotEquals(e.hash(), AuditEntry.next(1, AuditEntry.GENESIS, e.at(), ACTOR, "user.created", "user", TARGET,
        new JsonObject().put("a", 1)).hash());
  }

  @Test
  void theJsonFormRoundTripsToTheSameHash() {
    AuditEntry e = AuditEntry.next(7, "a".repeat(64), Instant.parse("2026-12-01T09:30:00.007Z"), ACTOR,
        "user.roles_changed", "user", TARGET, new JsonObject().put("added", new JsonArray().add("compliance")));
    AuditEntry back = AuditEntry.fromJson(new JsonObject(e.toJson().encode()));
    assertEquals(e.hash(), back.computeHash());
    assertEquals(e, back);
  }
}
