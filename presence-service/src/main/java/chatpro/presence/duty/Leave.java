package chatpro.presence.duty;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A leave range of whole local days, {@code from} and {@code to} inclusive: in the schedule's zone it covers
 * {@code from} 00:00 up to the midnight that ends {@code to}, and cuts any working window running through it.
 */
public record Leave(LocalDate from, LocalDate to) {
  /** A year and a day: long enough for any real leave, short enough that the next working day is always found. */
  public static final int MAX_DAYS = 366;

  public Leave {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("leave must not end before it starts");
    }
    if (days(from, to) > MAX_DAYS) {
      throw new IllegalArgumentException("leave may span at most " + MAX_DAYS + " days");
    }
  }

  /** The number of days from {@code from} to {@code to}, both counted. */
  static long days(LocalDate from, LocalDate to) {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** The instants this leave covers in {@code zone}; a midnight a clock change skips happens at the jump. */
  Span in(ZoneId zone) {
    return new Span(from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant());
  }
}
