package chatpro.presence.duty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A half-open stretch of time [start, end), with the merging and cutting the duty timeline needs. */
record Span(Instant start, Instant end) {

  boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }

  /** Sorted, with overlapping and touching spans joined, so no boundary appears where nothing changes. */
  static List<Span> merge(List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparing(Span::start));
    List<Span> merged = new ArrayList<>();
    for (Span next : sorted) {
      int last = merged.size() - 1;
      if (last >= 0 && !next.start.isAfter(merged.get(last).end)) {
        Span joined = merged.get(last);
        if (next.end.isAfter(joined.end)) {
          merged.set(last, new Span(joined.start, next.end));
        }
      } else {
        merged.add(next);
      }
    }
    return merged;
  }

  /** What remains of {@code kept} once every span of {@code removed} is cut out; both merged. */
  static List<Span> minus(List<Span> kept, List<Span> removed) {
    List<Span> result = new ArrayList<>();
    for (Span span : kept) {
      Instant from = span.start;
      for (Span cut : removed) {
        if (!cut.end.isAfter(from) || !cut.start.isBefore(span.end)) {
          continue;
        }
        if (cut.start.isAfter(from)) {
          result.add(new Span(from, cut.start));
        }
        from = cut.end;
      }
      if (from.isBefore(span.end)) {
        result.add(new Span(from, span.end));
      }
    }
    return result;
  }
}
