package chatpro.presence.duty;

import static chatpro.presence.duty.Schedules.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Leave: whole local days, both ends counted, cutting any window that runs through them. */
class LeaveTest {
  // New York is UTC-5 in December: 09:00 local is 14:00Z, 17:00 local is 22:00Z, midnight is 05:00Z.
  private static final Schedule NEW_YORK_WEEK = Schedules.in("America/New_York",
      "MON 09:00-17:00", "TUE 09:00-17:00", "WED 09:00-17:00", "THU 09:00-17:00", "FRI 09:00-17:00");
  // 2026-12-23 is a Wednesday, 2026-12-24 a Thursday.
  private static final Schedule MONDAY_NIGHTS = Schedules.in("America/New_York", "MON 22:00-06:00");
  private static final Schedule WEDNESDAY_THURSDAY_OFF = Schedules.withLeave(NEW_YORK_WEEK, "2026-12-23..2026-12-24");

  @Test
  void dayBeforeLeaveIsAnOrdinaryWorkingDay() {
    assertEquals(Duty.on(at("2026-12-22T22:00:00Z")),
        DutyCalculator.at(at("2026-12-22T21:00:00Z"), WEDNESDAY_THURSDAY_OFF, null));
  }

  @Test
  void firstDayOfLeaveIsOffEvenInsideWorkingHours() {
    assertEquals(Duty.off(at("2026-12-25T14:00:00Z"), at("2026-12-25T14:00:00Z")),
        DutyCalculator.at(at("2026-12-23T15:00:00Z"), WEDNESDAY_THURSDAY_OFF, null));
  }

  @Test
  void lastDayOfLeaveIsOffToo() {
    assertEquals(Duty.off(at("2026-12-25T14:00:00Z"), at("2026-12-25T14:00:00Z")),
        DutyCalculator.at(at("2026-12-24T21:59:00Z"), WEDNESDAY_THURSDAY_OFF, null));
  }

  @Test
  void offDutyUntilSkipsOverTheLeaveAndTheWeekendToTheFirstWindowAfter() {
    Schedule overChristmas = Schedules.withLeave(NEW_YORK_WEEK, "2026-12-24..2026-12-27");
    // Wednesday evening, the leave begins on Thursday: back on Monday 2026-12-28 09:00 local.
    Duty duty = DutyCalculator.at(at("2026-12-23T23:00:00Z"), overChristmas, null);
    assertEquals(at("2026-12-28T14:00:00Z"), duty.offDutyUntil());
    assertEquals(at("2026-12-28T14:00:00Z"), duty.nextChange());
  }

  @Test
  void overlappingLeaveRangesActAsOne() {
    Schedule twice = Schedules.withLeave(NEW_YORK_WEEK, "2026-12-21..2026-12-23", "2026-12-22..2026-12-24");
    assertEquals(Duty.off(at("2026-12-25T14:00:00Z"), at("2026-12-25T14:00:00Z")),
        DutyCalculator.at(at("2026-12-21T15:00:00Z"), twice, null));
  }

  @Test
  void leaveCutsANightShiftAtTheLocalMidnightItBegins() {
    // Monday 2026-12-21 22:00 local starts a shift to 06:00; leave on Tuesday cuts it at Tuesday 00:00 local.
    Schedule nights = Schedules.withLeave(MONDAY_NIGHTS, "2026-12-22..2026-12-22");
    assertEquals(Duty.on(at("2026-12-22T05:00:00Z")), DutyCalculator.at(at("2026-12-22T04:30:00Z"), nights, null));
    assertEquals(Duty.off(at("2026-12-29T03:00:00Z"), at("2026-12-29T03:00:00Z")),
        DutyCalculator.at(at("2026-12-22T05:00:00Z"), nights, null));
  }

  @Test
  void nightShiftStartingOnTheLastLeaveDayBeginsAtTheMidnightLeaveEnds() {
    Schedule nights = Schedules.withLeave(MONDAY_NIGHTS, "2026-12-21..2026-12-21");
    assertEquals(Duty.off(at("2026-12-22T05:00:00Z"), at("2026-12-22T05:00:00Z")),
        DutyCalculator.at(at("2026-12-22T04:00:00Z"), nights, null));
    assertEquals(Duty.on(at("2026-12-22T11:00:00Z")), DutyCalculator.at(at("2026-12-22T05:00:00Z"), nights, null));
  }

  @Test
  void leaveOfAYearIsBridgedToTheFirstWindowAfterIt() {
    Schedule mondays = Schedules.withLeave(Schedules.in("UTC", "MON 09:00-17:00"), "2027-01-01..2027-12-31");
    // 2028-01-03 is the first Monday after the leave.
    assertEquals(Duty.off(at("2028-01-03T09:00:00Z"), at("2028-01-03T09:00:00Z")),
        DutyCalculator.at(at("2027-01-04T10:00:00Z"), mondays, null));
  }

  @Test
  void leaveLongerThanTheLongSearchStillGivesTheFirstWindowAfterIt() {
    Schedule mondays = Schedules.withLeave(Schedules.in("UTC", "MON 09:00-17:00"),
        "2027-01-01..2027-12-31", "2028-01-01..2028-12-31", "2029-01-01..2029-12-31");
    // 2030-01-07 is the first Monday after three touching years of leave.
    assertEquals(Duty.off(at("2030-01-07T09:00:00Z"), at("2030-01-07T09:00:00Z")),
        DutyCalculator.at(at("2027-01-04T10:00:00Z"), mondays, null));
  }

  @Test
  void aWindowStartingJustWhereALongSearchStopsIsTheReturn() {
    Schedule daily = Schedules.withLeave(Schedules.in("UTC", "MON 00:00-12:00", "TUE 00:00-12:00",
        "WED 00:00-12:00", "THU 00:00-12:00", "FRI 00:00-12:00", "SAT 00:00-12:00", "SUN 00:00-12:00"),
        "2027-01-01..2027-12-31", "2028-01-01..2028-12-31");
    Duty duty = DutyCalculator.at(at("2027-01-04T10:00:00Z"), daily, null);
    assertEquals(at("2029-01-01T00:00:00Z"), duty.offDutyUntil());
    assertFalse(duty.onDuty());
    assertTrue(duty.nextChange().isAfter(at("2027-01-04T10:00:00Z").plus(Duration.ofDays(365))));
  }
}
