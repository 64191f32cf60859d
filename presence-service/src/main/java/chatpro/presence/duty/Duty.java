package chatpro.presence.duty;

import java.time.Instant;

/**
 * Whether a user is on duty at one instant. {@code offDutyUntil} is the next instant they will be on duty, present
 * whenever they are off (null only if no working time is found within a century of leave). {@code nextChange} is
 * when the answer may next change, so the caller can re-evaluate exactly then; null when it never will.
 */
public record Duty(boolean onDuty, Instant offDutyUntil, Instant nextChange) {

  public Duty {
    if (onDuty && offDutyUntil != null) {
      throw new IllegalArgumentException("an on-duty answer has no offDutyUntil");
    }
  }

  static Duty on(Instant nextChange) {
    return new Duty(true, null, nextChange);
  }

  static Duty off(Instant until, Instant nextChange) {
    return new Duty(false, until, nextChange);
  }
}
