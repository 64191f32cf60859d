package chatpro.presence.duty;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The protocol's JSON form of a schedule, read strictly and written exactly. Every rejection names the field (with
 * its list position) and the rule, and never echoes the client's value back.
 */
final class ScheduleJson {
  private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
  // Exactly two digits each: "8:00" and "08:00:00" are refused rather than guessed at.
  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
  // Region ids of the time-zone database ("Europe/London", "UTC"); bare offsets such as "+02:00" never follow DST.
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  private ScheduleJson() {}

  static Optional<Schedule> read(JsonObject json) {
    if (json == null) {
      throw bad("the schedule must be a JSON object");
    }
    JsonArray hours = array(json, "workingHours");
    if (hours == null) {
      throw bad("workingHours is required");
    }
    ZoneId zone = zone(json.getValue("timezone"), !hours.isEmpty());
    List<Window> windows = windows(hours);
    List<Leave> leave = leave(array(json, "leave"));
    return windows.isEmpty() ? Optional.empty() : Optional.of(new Schedule(zone, windows, leave));
  }

  static JsonObject write(Schedule schedule) {
    JsonArray hours = new JsonArray();
    for (Window w : schedule.workingHours()) {
      hours.add(new JsonObject()
          .put("day", DAYS.get(w.day().getValue() - 1))
          .put("start", HH_MM.format(w.start()))
          .put("end", HH_MM.format(w.end())));
    }
    JsonArray leave = new JsonArray();
    for (Leave l : schedule.leave()) {
      leave.add(new JsonObject().put("from", l.from().toString()).put("to", l.to().toString()));
    }
    return new JsonObject().put("timezone", schedule.zone().getId()).put("workingHours", hours).put("leave", leave);
  }

  private static ZoneId zone(Object raw, boolean required) {
    if (raw == null && !required) {
      return null;
    }
    if (raw == null) {
      throw bad("timezone is required");
    }
    if (!(raw instanceof String id) || !ZONES.contains(id)) {
      throw bad("timezone must be a time zone name such as Europe/London or UTC");
    }
    return ZoneId.of(id);
  }

  private static List<Window> windows(JsonArray hours) {
    if (hours.size() > Schedule.MAX_WINDOWS) {
      throw bad("workingHours holds at most " + Schedule.MAX_WINDOWS + " windows");
    }
    List<Window> windows = new ArrayList<>();
    for (int i = 0; i < hours.size(); i++) {
      String at = "workingHours[" + i + "]";
      if (!(hours.getValue(i) instanceof JsonObject o)) {
        throw bad(at + " must be an object with day, start and end");
      }
      windows.add(new Window(day(o.getValue("day"), at + ".day"),
          time(o.getValue("start"), at + ".start"),
          time(o.getValue("end"), at + ".end")));
    }
    return windows;
  }

  private static List<Leave> leave(JsonArray ranges) {
    if (ranges == null) {
      return List.of();
    }
    if (ranges.size() > Schedule.MAX_LEAVE) {
      throw bad("leave holds at most " + Schedule.MAX_LEAVE + " ranges");
    }
    List<Leave> leave = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      String at = "leave[" + i + "]";
      if (!(ranges.getValue(i) instanceof JsonObject o)) {
        throw bad(at + " must be an object with from and to");
      }
      LocalDate from = date(o.getValue("from"), at + ".from");
      LocalDate to = date(o.getValue("to"), at + ".to");
      if (to.isBefore(from)) {
        throw bad(at + ".to must not be before " + at + ".from");
      }
      if (Leave.days(from, to) > Leave.MAX_DAYS) {
        throw bad(at + " may span at most " + Leave.MAX_DAYS + " days");
      }
      leave.add(new Leave(from, to));
    }
    return leave;
  }

  private static DayOfWeek day(Object raw, String field) {
    int index = raw instanceof String s ? DAYS.indexOf(s) : -1;
    if (index < 0) {
      throw bad(field + " must be one of " + String.join(", ", DAYS));
    }
    return DayOfWeek.of(index + 1);
  }

  private static LocalTime time(Object raw, String field) {
    if (!(raw instanceof String s) || !TIME.matcher(s).matches()) {
      throw bad(field + " must be a time HH:mm from 00:00 to 23:59 (midnight is 00:00)");
    }
    return LocalTime.parse(s);
  }

  private static LocalDate date(Object raw, String field) {
    if (raw instanceof String s && DATE.matcher(s).matches()) {
      try {
        return LocalDate.parse(s);
      } catch (DateTimeException e) {
        // falls through to the one message below: a well-formed but impossible date such as 2026-02-30
      }
    }
    throw bad(field + " must be a date YYYY-MM-DD");
  }

  /** A list field, or null when absent or JSON null. */
  private static JsonArray array(JsonObject json, String field) {
    Object raw = json.getValue(field);
    if (raw == null || raw instanceof JsonArray) {
      return (JsonArray) raw;
    }
    throw bad(field + " must be a list");
  }

  private static IllegalArgumentException bad(String message) {
    return new IllegalArgumentException(message);
  }
}
