package chatpro.presence.duty;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Builds test schedules from short strings such as "MON 22:00-06:00" and "2026-12-24..2026-12-27". */
final class Schedules {
  private Schedules() {}

  /** A schedule in {@code zone} with the given windows and no leave. */
  static Schedule in(String zone, String... windows) {
    JsonArray hours = new JsonArray();
    for (String window : windows) {
      String[] parts = window.split("[ -]");
      hours.add(new JsonObject().put("day", parts[0]).put("start", parts[1]).put("end", parts[2]));
    }
    return Schedule.fromJson(new JsonObject().put("timezone", zone).put("workingHours", hours)).orElseThrow();
  }

  /** A copy of {@code schedule} with these leave ranges. */
  static Schedule withLeave(Schedule schedule, String... ranges) {
    JsonArray leave = new JsonArray();
    for (String range : ranges) {
      String[] ends = range.split("\\.\\.");
      leave.add(new JsonObject().put("from", ends[0]).put("to", ends[1]));
    }
    return Schedule.fromJson(schedule.toJson().put("leave", leave)).orElseThrow();
  }

  static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
