package chatpro.presence.duty;

import static chatpro.presence.duty.Schedules.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Manual off-duty and back-on, with and without a schedule. */
class ManualOverrideTest {
  // 2026-11-23 is a Monday.
  private static final Schedule WEEKDAYS = Schedules.in("UTC",
      "MON 09:00-17:00", "TUE 09:00-17:00", "WED 09:00-17:00", "THU 09:00-17:00", "FRI 09:00-17:00");

  @Test
  void noScheduleMeansOnDutyAtAllTimesWithNothingToWaitFor() {
    assertEquals(Duty.on(null), DutyCalculator.at(at("2026-11-23T03:00:00Z"), null, null));
    assertEquals(Duty.on(null), DutyCalculator.at(at("2026-11-29T23:00:00Z"), null, null));
  }

  @Test
  void manualOffDutyInsideWorkingHoursLastsUntilItsUntil() {
    ManualOverride off = ManualOverride.offDuty(at("2026-11-23T10:00:00Z"), at("2026-11-23T15:00:00Z"));
    assertEquals(Duty.off(at("2026-11-23T15:00:00Z"), at("2026-11-23T15:00:00Z")),
        DutyCalculator.at(at("2026-11-23T11:00:00Z"), WEEKDAYS, off));
    assertEquals(Duty.on(at("2026-11-23T17:00:00Z")), DutyCalculator.at(at("2026-11-23T15:00:00Z"), WEEKDAYS, off));
  }

  @Test
  void manualOffDutyGivesItsUntilEvenWhenTheScheduleKeepsThemOffLonger() {
    ManualOverride off = ManualOverride.offDuty(at("2026-11-23T10:00:00Z"), at("2026-11-23T20:00:00Z"));
    assertEquals(Duty.off(at("2026-11-23T20:00:00Z"), at("2026-11-23T20:00:00Z")),
        DutyCalculator.at(at("2026-11-23T11:00:00Z"), WEEKDAYS, off));
    // Once it runs out the schedule answers, with its own offDutyUntil.
    assertEquals(Duty.off(at("2026-11-24T09:00:00Z"), at("2026-11-24T09:00:00Z")),
        DutyCalculator.at(at("2026-11-23T20:00:00Z"), WEEKDAYS, off));
  }

  @Test
  void manualOffDutyWorksWithoutASchedule() {
    ManualOverride off = ManualOverride.offDuty(at("2026-11-23T10:00:00Z"), at("2026-11-25T08:00:00Z"));
    assertEquals(Duty.off(at("2026-11-25T08:00:00Z"), at("2026-11-25T08:00:00Z")),
        DutyCalculator.at(at("2026-11-24T10:00:00Z"), null, off));
    assertEquals(Duty.on(null), DutyCalculator.at(at("2026-11-25T08:00:00Z"), null, off));
  }

  @Test
  void backOnOutsideWorkingHoursLastsUntilTheNextWindowStarts() {
    ManualOverride back = ManualOverride.backOn(at("2026-11-23T20:00:00Z"));
    assertEquals(Duty.on(at("2026-11-24T09:00:00Z")), DutyCalculator.at(at("2026-11-23T23:00:00Z"), WEEKDAYS, back));
    // From the window's start the schedule rules again.
    assertEquals(Duty.on(at("2026-11-24T17:00:00Z")), DutyCalculator.at(at("2026-11-24T09:00:00Z"), WEEKDAYS, back));
    assertEquals(Duty.off(at("2026-11-25T09:00:00Z"), at("2026-11-25T09:00:00Z")),
        DutyCalculator.at(at("2026-11-24T17:00:00Z"), WEEKDAYS, back));
  }

  @Test
  void backOnInsideAWindowExpiresAtItsEnd() {
    ManualOverride back = ManualOverride.backOn(at("2026-11-23T10:00:00Z"));
    assertEquals(Duty.on(at("2026-11-23T17:00:00Z")), DutyCalculator.at(at("2026-11-23T16:00:00Z"), WEEKDAYS, back));
    assertEquals(Duty.off(at("2026-11-24T09:00:00Z"), at("2026-11-24T09:00:00Z")),
        DutyCalculator.at(at("2026-11-23T17:00:00Z"), WEEKDAYS, back));
  }

  @Test
  void backOnAfterAManualOffDutyEndsTheOffDuty() {
    // A user has one override: the back-on replaces the off-duty, so only the back-on is passed in.
    ManualOverride back = ManualOverride.backOn(at("2026-11-23T11:00:00Z"));
    assertEquals(Duty.on(at("2026-11-23T17:00:00Z")), DutyCalculator.at(at("2026-11-23T11:00:00Z"), WEEKDAYS, back));
  }

  @Test
  void backOnDuringLeaveLastsUntilTheEndOfThatDaysWindow() {
    Schedule wednesdayOff = Schedules.withLeave(WEEKDAYS, "2026-11-25..2026-11-25");
    ManualOverride back = ManualOverride.backOn(at("2026-11-25T10:00:00Z"));
    assertEquals(Duty.on(at("2026-11-25T17:00:00Z")),
        DutyCalculator.at(at("2026-11-25T12:00:00Z"), wednesdayOff, back));
    assertEquals(Duty.off(at("2026-11-26T09:00:00Z"), at("2026-11-26T09:00:00Z")),
        DutyCalculator.at(at("2026-11-25T17:00:00Z"), wednesdayOff, back));
  }

  @Test
  void backOnTheEveningBeforeLeaveEndsWhenTheLeaveBegins() {
    Schedule wednesdayOff = Schedules.withLeave(WEEKDAYS, "2026-11-25..2026-11-25");
    ManualOverride back = ManualOverride.backOn(at("2026-11-24T20:00:00Z"));
    assertEquals(Duty.on(at("2026-11-25T00:00:00Z")),
        DutyCalculator.at(at("2026-11-24T21:00:00Z"), wednesdayOff, back));
    assertEquals(Duty.off(at("2026-11-26T09:00:00Z"), at("2026-11-26T09:00:00Z")),
        DutyCalculator.at(at("2026-11-25T00:00:00Z"), wednesdayOff, back));
  }

  @Test
  void backOnWithoutAScheduleChangesNothing() {
    ManualOverride back = ManualOverride.backOn(at("2026-11-23T20:00:00Z"));
    assertEquals(Duty.on(null), DutyCalculator.at(at("2026-11-23T21:00:00Z"), null, back));
  }
}
