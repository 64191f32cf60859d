package chatpro.presence.duty;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What a schedule says over a run of days from some instant on, as instants: its windows (merged), its leave
 * (merged) and the working time left when leave is cut out of the windows. Only what lies before {@link #known()}
 * is certain, because a window of a later day, not built here, could still join the last span.
 */
final class Timeline {
  private final List<Span> windows;
  private final List<Span> leave;
  private final List<Span> working;
  private final Instant known;

  private Timeline(List<Span> windows, List<Span> leave, Instant known) {
    this.windows = windows;
    this.leave = leave;
    this.working = Span.minus(windows, leave);
    this.known = known;
  }

  /** The schedule from {@code from} until the end of the local day {@code daysAhead} days later. */
  static Timeline build(Schedule schedule, Instant from, int daysAhead) {
    ZoneId zone = schedule.zone();
    LocalDate today = LocalDate.ofInstant(from, zone);
    // Two days back: a night shift or whole-day window that began the day before may still be running at from.
    LocalDate first = today.minusDays(2);
    LocalDate last = today.plusDays(daysAhead);
    List<Span> windows = new ArrayList<>();
    for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
      for (Window window : schedule.workingHours()) {
        if (window.day() == date.getDayOfWeek()) {
          window.on(date, zone).ifPresent(windows::add);
        }
      }
    }
    List<Span> leave = schedule.leave().stream().map(range -> range.in(zone)).toList();
    Instant known = last.plusDays(1).atStartOfDay(zone).toInstant();
    return new Timeline(Span.merge(windows), Span.merge(leave), known);
  }

  Instant known() {
    return known;
  }

  /** The schedule's answer at {@code now}, or null when finding its next change needs days past this timeline. */
  Duty dutyAt(Instant now) {
    for (Span span : working) {
      if (!span.end().isAfter(now)) {
        continue;
      }
      if (span.contains(now)) {
        return certain(span.end()) ? Duty.on(span.end()) : null;
      }
      return certain(span.start()) ? Duty.off(span.start(), span.start()) : null;
    }
    return null;
  }

  /**
   * The answer when no change was found at all: whatever holds at {@code now}, with no known return to duty, and to
   * be asked again where the search stopped.
   */
  Duty unchangingAt(Instant now) {
    boolean inWindow = working.stream().anyMatch(span -> span.contains(now));
    return inWindow ? Duty.on(known) : Duty.off(null, known);
  }

  /**
   * The first start or end of a working window or a leave range after {@code t}, leave or not, or null when there
   * is none before {@link #known()}. Touching and overlapping windows count as one, so they add no boundary.
   */
  Instant boundaryAfter(Instant t) {
    Instant first = null;
    for (List<Span> spans : List.of(windows, leave)) {
      for (Span span : spans) {
        for (Instant edge : List.of(span.start(), span.end())) {
          if (edge.isAfter(t) && (first == null || edge.isBefore(first))) {
            first = edge;
          }
        }
      }
    }
    return first != null && certain(first) ? first : null;
  }

  private boolean certain(Instant t) {
    return t.isBefore(known);
  }
}
