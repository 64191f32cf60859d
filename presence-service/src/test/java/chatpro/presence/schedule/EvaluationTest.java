package chatpro.presence.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.presence.duty.ManualOverride;
import chatpro.presence.duty.Schedule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which schedule an evaluation follows, when an override is spent, and when an answer counts as changed. */
class EvaluationTest {
  // 2026-11-23 is a Monday.
  static final Instant MONDAY_NOON = Instant.parse("2026-11-23T12:00:00Z");
  static final Instant MONDAY_EVENING = Instant.parse("2026-11-23T20:00:00Z");

  static Schedule weekdays(String start, String end) {
    JsonArray hours = new JsonArray();
    for (String day : new String[] {"MON", "TUE", "WED", "THU", "FRI"}) {
      hours.add(new JsonObject().put("day", day).put("start", start).put("end", end));
    }
    return Schedule.fromJson(new JsonObject().put("timezone", "UTC").put("workingHours", hours)).orElseThrow();
  }

  @Test
  void ownScheduleWinsOverTheOrgDefault() {
    Evaluation e = Evaluation.of(MONDAY_NOON, weekdays("13:00", "17:00"), weekdays("08:00", "17:00"), null);
    assertFalse(e.duty().onDuty());
    assertEquals(Instant.parse("2026-11-23T13:00:00Z"), e.duty().offDutyUntil());
  }

  @Test
  void theOrgDefaultAppliesWithoutAnOwnSchedule() {
    Evaluation e = Evaluation.of(MONDAY_EVENING, null, weekdays("08:00", "17:00"), null);
    assertFalse(e.duty().onDuty());
    assertEquals(Instant.parse("2026-11-24T08:00:00Z"), e.duty().offDutyUntil());
    assertEquals(Instant.parse("2026-11-24T08:00:00Z"), e.duty().nextChange());
  }

  @Test
  void withNoScheduleAtAllSomeoneIsOnDutyForGood() {
    Evaluation e = Evaluation.of(MONDAY_NOON, null, null, null);
    assertTrue(e.duty().onDuty());
    assertEquals(null, e.duty().nextChange());
    assertFalse(e.dropOverride());
  }

  @Test
  void aManualOffDutyHoldsUntilItsUntilAndIsThenDropped() {
    Instant until = MONDAY_NOON.plusSeconds(3600);
    ManualOverride off = ManualOverride.offDuty(MONDAY_NOON, until);
    Evaluation during = Evaluation.of(MONDAY_NOON.plusSeconds(60), null, null, off);
    assertFalse(during.duty().onDuty());
    assertEquals(until, during.duty().offDutyUntil());
    assertEquals(until, during.duty().nextChange());
    assertFalse(during.dropOverride());

    Evaluation after = Evaluation.of(until, null, null, off);
    assertTrue(after.duty().onDuty());
    assertTrue(after.dropOverride());
  }

  @Test
  void aBackOnOutsideWorkingHoursHoldsUntilTheNextBoundaryAndIsThenDropped() {
    Schedule schedule = weekdays("08:00", "17:00");
    ManualOverride backOn = ManualOverride.backOn(MONDAY_EVENING);
    Evaluation during = Evaluation.of(MONDAY_EVENING.plusSeconds(60), schedule, null, backOn);
    assertTrue(during.duty().onDuty());
    assertFalse(during.dropOverride());

    Instant nextStart = Instant.parse("2026-11-24T08:00:00Z");
    Evaluation atStart = Evaluation.of(nextStart, schedule, null, backOn);
    assertTrue(atStart.duty().onDuty());
    assertTrue(atStart.dropOverride());
  }

  @Test
  void aBackOnWithoutAScheduleChangesNothingAndIsDroppedAtOnce() {
    Evaluation e = Evaluation.of(MONDAY_NOON, null, null, ManualOverride.backOn(MONDAY_NOON));
    assertTrue(e.duty().onDuty());
    assertTrue(e.dropOverride());
  }

  @Test
  void anAnswerDiffersWhenDutyOrItsUntilDiffers() {
    Evaluation off = Evaluation.of(MONDAY_EVENING, null, weekdays("08:00", "17:00"), null);
    assertFalse(off.differsFrom(true, Instant.parse("2026-11-24T08:00:00Z")));
    assertTrue(off.differsFrom(true, Instant.parse("2026-11-25T08:00:00Z")));
    assertTrue(off.differsFrom(false, null));
    Evaluation on = Evaluation.of(MONDAY_NOON, null, null, null);
    assertFalse(on.differsFrom(false, null));
    assertTrue(on.differsFrom(true, null));
  }
}
