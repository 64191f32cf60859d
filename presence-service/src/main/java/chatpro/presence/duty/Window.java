package chatpro.presence.duty;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;
import java.util.Optional;

/**
 * One weekly working window at local wall-clock times. A window whose end is not after its start ends on the next
 * day (a night shift); an end equal to the start makes a window of one whole day, to the same wall-clock time.
 */
public record Window(DayOfWeek day, LocalTime start, LocalTime end) {

  public Window {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /** True when the window ends on the day after {@link #day()}. */
  public boolean overnight() {
    return !end.isAfter(start);
  }

  /**
   * This window's occurrence starting on {@code date} (which falls on {@link #day()}), as instants; empty when a
   * clock change leaves nothing of it (a window wholly inside a skipped hour).
   */
  Optional<Span> on(LocalDate date, ZoneId zone) {
    Instant from = instant(date, start, zone);
    Instant to = instant(overnight() ? date.plusDays(1) : date, end, zone);
    return to.isAfter(from) ? Optional.of(new Span(from, to)) : Optional.empty();
  }

  /**
   * When the zone's clocks first show {@code time} on {@code date}. A time a spring-forward skips happens at the
   * jump, as the clocks pass it; a time a fall-back repeats happens at its first showing. So every window lasts its
   * real elapsed time: a 22:00-06:00 shift is 7 hours across spring-forward and 9 across fall-back.
   */
  static Instant instant(LocalDate date, LocalTime time, ZoneId zone) {
    LocalDateTime local = date.atTime(time);
    ZoneOffsetTransition change = zone.getRules().getTransition(local);
    if (change != null && change.isGap()) {
      return change.getInstant();
    }
    return ZonedDateTime.of(local, zone).toInstant();
  }
}
