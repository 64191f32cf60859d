package chatpro.presence.duty;

import static chatpro.presence.duty.Schedules.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Working windows on their own: night shifts, midnight, whole days, several and overlapping windows. */
class ScheduleWindowsTest {
  private static final Schedule MONDAY_NIGHTS = Schedules.in("UTC", "MON 22:00-06:00");

  @Test
  void nightShiftCoversTheEarlyHoursOfTheNextDay() {
    // 2026-11-23 is a Monday.
    Duty duty = DutyCalculator.at(at("2026-11-24T03:00:00Z"), MONDAY_NIGHTS, null);
    assertEquals(Duty.on(at("2026-11-24T06:00:00Z")), duty);
  }

  @Test
  void afterANightShiftEndsTheUserIsOffUntilTheNextShiftStarts() {
    Duty duty = DutyCalculator.at(at("2026-11-24T07:00:00Z"), MONDAY_NIGHTS, null);
    assertEquals(Duty.off(at("2026-11-30T22:00:00Z"), at("2026-11-30T22:00:00Z")), duty);
  }

  @Test
  void nightShiftStartsAndEndsExactlyOnTheMinute() {
    assertEquals(Duty.off(at("2026-11-23T22:00:00Z"), at("2026-11-23T22:00:00Z")),
        DutyCalculator.at(at("2026-11-23T21:59:59Z"), MONDAY_NIGHTS, null));
    assertEquals(Duty.on(at("2026-11-24T06:00:00Z")),
        DutyCalculator.at(at("2026-11-23T22:00:00Z"), MONDAY_NIGHTS, null));
    assertEquals(Duty.off(at("2026-11-30T22:00:00Z"), at("2026-11-30T22:00:00Z")),
        DutyCalculator.at(at("2026-11-24T06:00:00Z"), MONDAY_NIGHTS, null));
  }

  @Test
  void sundayNightShiftRunsIntoMondayAcrossTheWeekBoundary() {
    Schedule sundayNights = Schedules.in("UTC", "SUN 22:00-06:00");
    assertEquals(Duty.on(at("2026-11-23T06:00:00Z")),
        DutyCalculator.at(at("2026-11-23T01:00:00Z"), sundayNights, null));
  }

  @Test
  void windowEndingAtMidnightEndsAtTheStartOfTheNextDay() {
    Schedule fridayEvenings = Schedules.in("UTC", "FRI 17:00-00:00");
    assertEquals(Duty.on(at("2026-11-28T00:00:00Z")),
        DutyCalculator.at(at("2026-11-27T23:59:00Z"), fridayEvenings, null));
    assertEquals(Duty.off(at("2026-12-04T17:00:00Z"), at("2026-12-04T17:00:00Z")),
        DutyCalculator.at(at("2026-11-28T00:00:00Z"), fridayEvenings, null));
  }

  @Test
  void windowWhoseEndEqualsItsStartLastsAWholeDay() {
    Schedule wednesdayDay = Schedules.in("UTC", "WED 09:00-09:00");
    assertEquals(Duty.on(at("2026-11-26T09:00:00Z")),
        DutyCalculator.at(at("2026-11-25T09:00:00Z"), wednesdayDay, null));
    assertEquals(Duty.on(at("2026-11-26T09:00:00Z")),
        DutyCalculator.at(at("2026-11-26T08:59:00Z"), wednesdayDay, null));
  }

  @Test
  void severalWindowsInADayLeaveTheGapBetweenThemOffDuty() {
    Schedule split = Schedules.in("UTC", "MON 08:00-12:00", "MON 13:00-17:00");
    assertEquals(Duty.on(at("2026-11-23T12:00:00Z")), DutyCalculator.at(at("2026-11-23T10:00:00Z"), split, null));
    assertEquals(Duty.off(at("2026-11-23T13:00:00Z"), at("2026-11-23T13:00:00Z")),
        DutyCalculator.at(at("2026-11-23T12:30:00Z"), split, null));
    assertEquals(Duty.on(at("2026-11-23T17:00:00Z")), DutyCalculator.at(at("2026-11-23T13:00:00Z"), split, null));
  }

  @Test
  void overlappingWindowsActAsOneWithNoBoundaryInside() {
    Schedule overlapping = Schedules.in("UTC", "MON 10:00-14:00", "MON 08:00-12:00", "MON 09:00-11:00");
    assertEquals(Duty.on(at("2026-11-23T14:00:00Z")),
        DutyCalculator.at(at("2026-11-23T08:30:00Z"), overlapping, null));
  }

  @Test
  void touchingWindowsOfConsecutiveDaysActAsOne() {
    Schedule nightThenDay = Schedules.in("UTC", "MON 22:00-06:00", "TUE 06:00-14:00");
    assertEquals(Duty.on(at("2026-11-24T14:00:00Z")),
        DutyCalculator.at(at("2026-11-24T05:00:00Z"), nightThenDay, null));
  }

  @Test
  void windowsAreLocalTimesOfTheSchedulesZone() {
    // Berlin is UTC+1 in November: Friday 17:00 local is 16:00Z, Monday 08:00 local is 07:00Z.
    Schedule berlinWeek = Schedules.in("Europe/Berlin",
        "MON 08:00-17:00", "TUE 08:00-17:00", "WED 08:00-17:00", "THU 08:00-17:00", "FRI 08:00-17:00");
    assertEquals(Duty.on(at("2026-11-27T16:00:00Z")),
        DutyCalculator.at(at("2026-11-27T15:30:00Z"), berlinWeek, null));
    assertEquals(Duty.off(at("2026-11-30T07:00:00Z"), at("2026-11-30T07:00:00Z")),
        DutyCalculator.at(at("2026-11-27T16:30:00Z"), berlinWeek, null));
  }

  @Test
  void windowCoveringTheWholeWeekNeverEndsButIsLookedAtAgainLater() {
    Schedule always = Schedules.in("UTC",
        "MON 00:00-00:00", "TUE 00:00-00:00", "WED 00:00-00:00", "THU 00:00-00:00", "FRI 00:00-00:00",
        "SAT 00:00-00:00", "SUN 00:00-00:00");
    Duty duty = DutyCalculator.at(at("2026-11-23T12:00:00Z"), always, null);
    assertTrue(duty.onDuty());
    assertEquals(at("2027-12-29T00:00:00Z"), duty.nextChange());
  }
}
