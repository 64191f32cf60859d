package chatpro.presence.duty;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides whether a user is on duty at an instant from their schedule and manual override. Pure: "now" is passed
 * in, so the service's injected clock decides, and tests can stand on any instant.
 */
public final class DutyCalculator {
  /**
   * Local days searched ahead: a week and a bit answers almost every question cheaply; the long search bridges the
   * longest leave range ({@value Leave#MAX_DAYS} days) with room to spare.
   */
  private static final int[] SEARCH_DAYS = {8, 400};
  /**
   * Long timelines searched one after another past leave that runs on longer than the long search (ranges may
   * touch: up to {@value Schedule#MAX_LEAVE} of {@value Leave#MAX_DAYS} days): enough for any schedule that validates.
   */
  private static final int MAX_LEAPS = 100;

  private DutyCalculator() {}

  /**
   * The answer for one user at {@code now}.
   *
   * @param schedule the user's own schedule, else their org's default, else null (on duty at all times)
   * @param override the user's manual off-duty or back-on, or null
   */
  public static Duty at(Instant now, Schedule schedule, ManualOverride override) {
    Objects.requireNonNull(now, "now");
    if (override != null && override.holdsOffDutyAt(now)) {
      // The protocol gives a manual off-duty's until as offDutyUntil, even when the schedule keeps them off longer;
      // at until the schedule answers again, with its own offDutyUntil.
      return Duty.off(override.until(), override.until());
    }
    if (schedule == null) {
      return Duty.on(null);
    }
    if (override != null && override.kind() == ManualOverride.Kind.BACK_ON) {
      Instant ends = backOnEnds(schedule, override.setAt());
      if (now.isBefore(ends)) {
        return Duty.on(ends);
      }
    }
    Duty duty = search(schedule, now, timeline -> timeline.dutyAt(now), timeline -> timeline.unchangingAt(now));
    return duty.onDuty() || duty.offDutyUntil() != null ? duty : pastLongLeave(schedule, duty);
  }

  /**
   * Off with no return found in the long search: only leave hides every window for that long (each week has one),
   * so the search goes on from where it stopped, a long timeline at a time, until a working window starts. Nothing
   * starts before where it stopped (a start found there would have been certain), so the first start from there is
   * the answer; one exactly there shows as "on" at that instant.
   */
  private static Duty pastLongLeave(Schedule schedule, Duty unknown) {
    Instant from = unknown.nextChange();
    for (int leap = 0; leap < MAX_LEAPS && from != null; leap++) {
      Timeline timeline = Timeline.build(schedule, from, SEARCH_DAYS[SEARCH_DAYS.length - 1]);
      Duty later = timeline.dutyAt(from);
      if (later != null) {
        Instant back = later.onDuty() ? from : later.offDutyUntil();
        return Duty.off(back, back);
      }
      from = timeline.known();
    }
    return unknown;
  }

  /**
   * A back-on lasts until the schedule's next start or end after it was set: a window's start or end (even one that
   * leave cancels) or a leave range's first or last midnight. With none within the search, it lasts that long.
   */
  private static Instant backOnEnds(Schedule schedule, Instant setAt) {
    return search(schedule, setAt, timeline -> timeline.boundaryAfter(setAt), Timeline::known);
  }

  /** Asks a short timeline first and a long one only when the short one cannot tell. */
  private static <T> T search(Schedule schedule, Instant from, Function<Timeline, T> question,
      Function<Timeline, T> otherwise) {
    Timeline timeline = null;
    for (int days : SEARCH_DAYS) {
      timeline = Timeline.build(schedule, from, days);
      T answer = question.apply(timeline);
      if (answer != null) {
        return answer;
      }
    }
    return otherwise.apply(timeline);
  }
}
