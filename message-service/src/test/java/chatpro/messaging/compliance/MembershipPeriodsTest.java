package chatpro.messaging.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatpro.messaging.compliance.MembershipPeriods.Period;
import chatpro.messaging.log.EventLog.MembershipChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MembershipPeriodsTest {
  private static final Instant CREATED = Instant.parse("2026-11-01T08:00:00Z");
  private final UUID founder = UUID.randomUUID();
  private final UUID joiner = UUID.randomUUID();

  @Test
  void aFounderWhoNeverLeftIsAMemberFromTheFirstEvent() {
    Map<UUID, List<Period>> periods = MembershipPeriods.of(List.of(founder), List.of(), CREATED);
    assertEquals(List.of(new Period(1, null, CREATED, null)), periods.get(founder));
  }

  @Test
  void aLeaveAndARejoinAreTwoPeriodsEachIncludingItsOwnEvents() {
    List<MembershipChange> changes = List.of(
        new MembershipChange(4, at(4), true, joiner),
        new MembershipChange(9, at(9), false, joiner),
        new MembershipChange(12, at(12), true, joiner));
    Map<UUID, List<Period>> periods = MembershipPeriods.of(List.of(founder, joiner), changes, CREATED);
    assertEquals(List.of(new Period(4, 9L, at(4), at(9)), new Period(12, null, at(12), null)), periods.get(joiner));
    assertEquals(List.of(new Period(1, null, CREATED, null)), periods.get(founder));
  }

  @Test
  void aFounderWhoLeftAndCameBackStartedAtTheChatsCreation() {
    List<MembershipChange> changes = List.of(
        new MembershipChange(3, at(3), false, founder),
        new MembershipChange(7, at(7), true, founder),
        new MembershipChange(8, at(8), false, founder));
    assertEquals(List.of(new Period(1, 3L, CREATED, at(3)), new Period(7, 8L, at(7), at(8))),
        MembershipPeriods.of(List.of(founder), changes, CREATED).get(founder));
  }

  @Test
  void aPeriodThatLastsEndsAtTheChatsLastSeqForNow() {
    assertEquals(20, new Period(4, null, at(4), null).lastSeq(20));
    assertEquals(9, new Period(4, 9L, at(4), at(9)).lastSeq(20));
  }

  private static Instant at(long seq) {
    return CREATED.plusSeconds(seq);
  }
}
