package chatpro.presence.duty;

import static chatpro.presence.duty.Schedules.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Clock-change days. Windows are wall-clock times, so they last their real elapsed time; a skipped time happens at
 * the jump, a repeated one at its first showing. London: 2026-03-29 01:00 GMT jumps to 02:00 BST, 2026-10-25
 * 02:00 BST falls back to 01:00 GMT. New York: 2026-03-08 02:00 EST jumps to 03:00 EDT, 2026-11-01 02:00 EDT falls
 * back to 01:00 EST. All four are Sundays.
 */
class DaylightSavingTest {
  private static final Schedule LONDON_SATURDAY_NIGHTS = Schedules.in("Europe/London", "SAT 22:00-06:00");
  private static final Schedule NEW_YORK_SATURDAY_NIGHTS = Schedules.in("America/New_York", "SAT 22:00-06:00");
  private static final Schedule LONDON_EVERY_DAY = Schedules.in("Europe/London",
      "MON 09:00-17:00", "TUE 09:00-17:00", "WED 09:00-17:00", "THU 09:00-17:00", "FRI 09:00-17:00",
      "SAT 09:00-17:00", "SUN 09:00-17:00");
  private static final Schedule NEW_YORK_WEEK = Schedules.in("America/New_York",
      "MON 09:00-17:00", "TUE 09:00-17:00", "WED 09:00-17:00", "THU 09:00-17:00", "FRI 09:00-17:00");

  @Test
  void londonNightShiftAcrossSpringForwardLastsSevenHours() {
    // Saturday 22:00 GMT is 22:00Z; Sunday 06:00 BST is 05:00Z.
    assertEquals(Duration.ofHours(7), shift(LONDON_SATURDAY_NIGHTS, "2026-03-28T22:00:00Z"));
    assertEquals(Duty.on(at("2026-03-29T05:00:00Z")),
        DutyCalculator.at(at("2026-03-29T04:59:00Z"), LONDON_SATURDAY_NIGHTS, null));
    assertEquals(Duty.off(at("2026-04-04T21:00:00Z"), at("2026-04-04T21:00:00Z")),
        DutyCalculator.at(at("2026-03-29T05:00:00Z"), LONDON_SATURDAY_NIGHTS, null));
  }

  @Test
  void londonNightShiftAcrossFallBackLastsNineHours() {
    // Saturday 22:00 BST is 21:00Z; Sunday 06:00 GMT is 06:00Z.
    assertEquals(Duration.ofHours(9), shift(LONDON_SATURDAY_NIGHTS, "2026-10-24T21:00:00Z"));
    assertEquals(Duty.on(at("2026-10-25T06:00:00Z")),
        DutyCalculator.at(at("2026-10-25T05:30:00Z"), LONDON_SATURDAY_NIGHTS, null));
  }

  @Test
  void londonWindowStartingInTheSkippedHourStartsAtTheJump() {
    // 01:30 does not exist on 2026-03-29; the clocks pass it at 01:00Z (01:00 GMT becomes 02:00 BST).
    Schedule early = Schedules.in("Europe/London", "SUN 01:30-05:00");
    assertEquals(Duty.off(at("2026-03-29T01:00:00Z"), at("2026-03-29T01:00:00Z")),
        DutyCalculator.at(at("2026-03-29T00:59:00Z"), early, null));
    assertEquals(Duty.on(at("2026-03-29T04:00:00Z")), DutyCalculator.at(at("2026-03-29T01:00:00Z"), early, null));
  }

  @Test
  void londonWindowOverTheRepeatedHourLastsItsRealTime() {
    // 01:00 is first shown at 00:00Z (BST), 02:00 only once at 02:00Z (GMT): two real hours.
    Schedule repeated = Schedules.in("Europe/London", "SUN 01:00-02:00");
    assertEquals(Duration.ofHours(2), shift(repeated, "2026-10-25T00:00:00Z"));
    // 01:30 GMT, the second 01:30 of the night, is inside it.
    assertEquals(Duty.on(at("2026-10-25T02:00:00Z")), DutyCalculator.at(at("2026-10-25T01:30:00Z"), repeated, null));
  }

  @Test
  void londonOffDutyUntilIsTheRightInstantAcrossBothChanges() {
    // Saturday evening GMT: back Sunday 09:00 BST, which is 08:00Z.
    assertEquals(Duty.off(at("2026-03-29T08:00:00Z"), at("2026-03-29T08:00:00Z")),
        DutyCalculator.at(at("2026-03-28T18:00:00Z"), LONDON_EVERY_DAY, null));
    assertEquals(Duty.on(at("2026-03-29T16:00:00Z")),
        DutyCalculator.at(at("2026-03-29T08:00:00Z"), LONDON_EVERY_DAY, null));
    // Saturday evening BST: back Sunday 09:00 GMT, which is 09:00Z.
    assertEquals(Duty.off(at("2026-10-25T09:00:00Z"), at("2026-10-25T09:00:00Z")),
        DutyCalculator.at(at("2026-10-24T17:00:00Z"), LONDON_EVERY_DAY, null));
  }

  @Test
  void wholeDayWindowOnSpringForwardDayLastsTwentyThreeHours() {
    Schedule sunday = Schedules.in("Europe/London", "SUN 00:00-00:00");
    assertEquals(Duration.ofHours(23), shift(sunday, "2026-03-29T00:00:00Z"));
  }

  @Test
  void newYorkNightShiftAcrossSpringForwardLastsSevenHours() {
    // Saturday 22:00 EST is 03:00Z on Sunday; Sunday 06:00 EDT is 10:00Z.
    assertEquals(Duration.ofHours(7), shift(NEW_YORK_SATURDAY_NIGHTS, "2026-03-08T03:00:00Z"));
    assertEquals(Duty.on(at("2026-03-08T10:00:00Z")),
        DutyCalculator.at(at("2026-03-08T09:59:00Z"), NEW_YORK_SATURDAY_NIGHTS, null));
  }

  @Test
  void newYorkNightShiftAcrossFallBackLastsNineHours() {
    // Saturday 22:00 EDT is 02:00Z on Sunday; Sunday 06:00 EST is 11:00Z; the next one starts 22:00 EST, 03:00Z.
    assertEquals(Duration.ofHours(9), shift(NEW_YORK_SATURDAY_NIGHTS, "2026-11-01T02:00:00Z"));
    assertEquals(Duty.off(at("2026-11-08T03:00:00Z"), at("2026-11-08T03:00:00Z")),
        DutyCalculator.at(at("2026-11-01T11:00:00Z"), NEW_YORK_SATURDAY_NIGHTS, null));
  }

  @Test
  void newYorkWindowStartingInTheSkippedHourStartsAtTheJump() {
    // 02:30 does not exist on 2026-03-08; the clocks pass it at 07:00Z (02:00 EST becomes 03:00 EDT).
    Schedule early = Schedules.in("America/New_York", "SUN 02:30-04:00");
    assertEquals(Duty.off(at("2026-03-08T07:00:00Z"), at("2026-03-08T07:00:00Z")),
        DutyCalculator.at(at("2026-03-08T06:45:00Z"), early, null));
    assertEquals(Duty.on(at("2026-03-08T08:00:00Z")), DutyCalculator.at(at("2026-03-08T07:00:00Z"), early, null));
  }

  @Test
  void newYorkWindowWhollyInsideTheSkippedHourIsEmptyThatDay() {
    // 02:00-02:30 never shows on 2026-03-08: the next occurrence is 2026-03-15 02:00 EDT, 06:00Z.
    Schedule skipped = Schedules.in("America/New_York", "SUN 02:00-02:30");
    assertEquals(Duty.off(at("2026-03-15T06:00:00Z"), at("2026-03-15T06:00:00Z")),
        DutyCalculator.at(at("2026-03-08T06:59:00Z"), skipped, null));
  }

  @Test
  void newYorkOffDutyUntilIsTheRightInstantOverTheFallBackWeekend() {
    // Friday 18:00 EDT: back Monday 09:00 EST, which is 14:00Z.
    assertEquals(Duty.off(at("2026-11-02T14:00:00Z"), at("2026-11-02T14:00:00Z")),
        DutyCalculator.at(at("2026-10-30T22:00:00Z"), NEW_YORK_WEEK, null));
  }

  /** How long the working stretch that starts at {@code start} lasts, as the calculator reports it. */
  private static Duration shift(Schedule schedule, String start) {
    Instant from = at(start);
    Instant before = from.minusSeconds(1);
    assertEquals(from, DutyCalculator.at(before, schedule, null).offDutyUntil(), "the stretch starts at " + start);
    return Duration.between(from, DutyCalculator.at(from, schedule, null).nextChange());
  }
}
