package chatpro.presence.duty;

import chatpro.common.time.Times;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's manual switch, which outranks their schedule for a while: off duty until a chosen instant
 * ({@code POST /me/off-duty}), or back on duty until the schedule's next boundary ({@code DELETE /me/off-duty}).
 * A user has at most one: a new one replaces the old, and saving a schedule clears it.
 */
public record ManualOverride(Kind kind, Instant setAt, Instant until) {
  /** How far ahead a manual off-duty may reach. */
  public static final Duration MAX_OFF_DUTY = Duration.ofDays(30);

  public enum Kind {
    /** Off duty from {@code setAt} until {@code until}, whatever the schedule says. */
    OFF_DUTY,
    /** On duty from {@code setAt} until the schedule's next boundary after it; {@code until} is null. */
    BACK_ON
  }

  public ManualOverride {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(setAt, "setAt");
    if (kind == Kind.OFF_DUTY && until == null) {
      throw new IllegalArgumentException("a manual off-duty needs an until");
    }
    if (kind == Kind.BACK_ON && until != null) {
      // Its end is not chosen: it follows from the schedule, which may not be known yet to whoever builds this.
      throw new IllegalArgumentException("a manual back-on has no until");
    }
  }

  /**
   * The off-duty asked for by the body of {@code POST /me/off-duty}, {@code {"until":"<time>"}}.
   *
   * @throws IllegalArgumentException when {@code until} is missing, not a time, not after now or over 30 days ahead
   */
  public static ManualOverride offDuty(JsonObject body, Instant now) {
    Object raw = body == null ? null : body.getValue("until");
    if (raw == null) {
      throw new IllegalArgumentException("until is required");
    }
    Instant until = raw instanceof String s ? Times.parse(s).orElse(null) : null;
    if (until == null) {
      throw new IllegalArgumentException("until must be a time such as 2026-11-24T08:00:00Z");
    }
    return offDuty(now, until);
  }

  /**
   * Off duty from now until {@code until}.
   *
   * @throws IllegalArgumentException when {@code until} is not after now or is more than 30 days ahead
   */
  public static ManualOverride offDuty(Instant now, Instant until) {
    Objects.requireNonNull(until, "until");
    if (!until.isAfter(now)) {
      throw new IllegalArgumentException("until must be in the future");
    }
    if (until.isAfter(now.plus(MAX_OFF_DUTY))) {
      throw new IllegalArgumentException("until must be at most " + MAX_OFF_DUTY.toDays() + " days ahead");
    }
    return new ManualOverride(Kind.OFF_DUTY, now, until);
  }

  /** Back on duty from now until the schedule's next start or end. */
  public static ManualOverride backOn(Instant now) {
    return new ManualOverride(Kind.BACK_ON, now, null);
  }

  /** True when this is an off-duty that has not yet run out at {@code now}. */
  boolean holdsOffDutyAt(Instant now) {
    return kind == Kind.OFF_DUTY && now.isBefore(until);
  }
}
