package chatpro.presence.duty;

import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A weekly working schedule in one time zone, with leave ranges; immutable and always valid. It has at least one
 * window, because the protocol's empty {@code workingHours} means "no schedule", which callers hold as no object.
 * Windows keep the order they were given in, so the JSON a client saved is the JSON it reads back; overlaps are
 * resolved only when duty is computed. Saving a schedule clears any manual override: that is the caller's job.
 */
public record Schedule(ZoneId zone, List<Window> workingHours, List<Leave> leave) {
  public static final int MAX_WINDOWS = 50;
  public static final int MAX_LEAVE = 100;

  public Schedule {
    Objects.requireNonNull(zone, "zone");
    workingHours = List.copyOf(workingHours);
    leave = leave == null ? List.of() : List.copyOf(leave);
    if (workingHours.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one working window");
    }
    if (workingHours.size() > MAX_WINDOWS) {
      throw new IllegalArgumentException("workingHours holds at most " + MAX_WINDOWS + " windows");
    }
    if (leave.size() > MAX_LEAVE) {
      throw new IllegalArgumentException("leave holds at most " + MAX_LEAVE + " ranges");
    }
  }

  /**
   * Reads the protocol's schedule body. Empty when {@code workingHours} is an empty list, which removes the schedule
   * (the other fields are still checked when present, but {@code timezone} may then be left out).
   *
   * @throws IllegalArgumentException naming the first bad field, in words safe to show the client
   */
  public static Optional<Schedule> fromJson(JsonObject json) {
    return ScheduleJson.read(json);
  }

  /** The protocol's schedule shape; {@code leave} is always present, an empty list when there is none. */
  public JsonObject toJson() {
    return ScheduleJson.write(this);
  }
}
