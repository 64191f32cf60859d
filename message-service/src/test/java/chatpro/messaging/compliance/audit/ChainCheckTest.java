package chatpro.messaging.compliance.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import chatpro.common.audit.AuditEntry;
import chatpro.messaging.compliance.audit.AuditStore.Head;
import chatpro.messaging.compliance.audit.AuditStore.Pending;
import chatpro.messaging.compliance.audit.ChainVerifier.Check;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChainCheckTest {
  static final UUID ORG = UUID.randomUUID();

  static Pending pending(int n) {
    return new Pending(UUID.randomUUID(), ORG, Instant.parse("2026-12-01T09:30:00Z").plusSeconds(n), null,
        "user.created", "user", "u" + n, new JsonObject().put("n", n));
  }

  static List<AuditEntry> chain(int length) {
    List<Pending> records = new ArrayList<>();
    for (int i = 1; i <= length; i++) {
      records.add(pending(i));
    }
    return ChainWriter.link(Head.EMPTY, records);
  }

  @Test
  void linksStartFromTheHeadAndEachHashesTheOneBefore() {
    List<AuditEntry> first = chain(3);
    assertEquals(AuditEntry.GENESIS, first.get(0).prevHash());
    assertEquals(first.get(0).hash(), first.get(1).prevHash());
    List<AuditEntry> more = ChainWriter.link(new Head(3, first.get(2).hash()), List.of(pending(4)));
    assertEquals(4, more.get(0).seq());
    assertEquals(first.get(2).hash(), more.get(0).prevHash());
  }

  @Test
  void recordsAlreadyAppendedOrRepeatedInABatchAreLeftOut() {
    Pending a = pending(1);
    Pending b = pending(2);
    assertEquals(List.of(b), ChainWriter.fresh(List.of(a, b, b), Set.of(a.sourceId())));
  }

  @Test
  void anIntactChainChecksOutAcrossPages() {
    List<AuditEntry> chain = chain(5);
    Check afterFirstPage = ChainVerifier.check(Check.START, chain.subList(0, 2));
    Check end = ChainVerifier.check(afterFirstPage, chain.subList(2, 5));
    assertNull(end.brokenAt());
    assertEquals(new JsonObject().put("ok", true).put("entries", 5L).put("head", chain.get(4).hash()), end.answer());
  }

  @Test
  void theFirstPositionThatFailsIsNamed() {
    List<AuditEntry> chain = chain(5);
    List<AuditEntry> edited = new ArrayList<>(chain);
    AuditEntry third = chain.get(2);
    edited.set(2, new AuditEntry(3, third.at(), third.actorId(), "user.deleted", third.targetType(),
        third.targetId(), third.details(), third.prevHash(), third.hash()));
    assertEquals(3L, ChainVerifier.check(Check.START, edited).brokenAt());

    List<AuditEntry> deleted = new ArrayList<>(chain);
    deleted.remove(3);
    assertEquals(4L, ChainVerifier.check(Check.START, deleted).brokenAt());

    List<AuditEntry> swapped = new ArrayList<>(chain);
    swapped.set(1, chain.get(2));
    swapped.set(2, chain.get(1));
    assertEquals(2L, ChainVerifier.check(Check.START, swapped).brokenAt());

    List<AuditEntry> fraction = new ArrayList<>(chain);
    AuditEntry last = chain.get(4);
    fraction.set(4, new AuditEntry(5, last.at(), null, last.action(), last.targetType(), last.targetId(),
        new JsonObject().put("n", 0.5), last.prevHash(), last.hash()));
    assertEquals(5L, ChainVerifier.check(Check.START, fraction).brokenAt(), "content with no canonical form");
  }
}
