package chatpro.presence.schedule;

import chatpro.presence.duty.Duty;
import chatpro.presence.duty.DutyCalculator;
import chatpro.presence.duty.ManualOverride;
import chatpro.presence.duty.Schedule;
import java.time.Instant;
import java.util.Objects;

/**
 * One evaluation of a person's duty from what is stored: the answer, and whether their manual override has run out
 * and can be dropped. A back-on has run out once it no longer changes the answer (from then on the schedule says
 * the same), which is exactly when its own end, the schedule's next boundary, has passed.
 */
public record Evaluation(Duty duty, boolean dropOverride) {

  /** Their own schedule wins over the org's default; either may be null. */
  public static Evaluation of(Instant now, Schedule own, Schedule orgDefault, ManualOverride override) {
    Schedule schedule = own != null ? own : orgDefault;
    Duty duty = DutyCalculator.at(now, schedule, override);
    return new Evaluation(duty, override != null && spent(now, schedule, override, duty));
  }

  private static boolean spent(Instant now, Schedule schedule, ManualOverride override, Duty duty) {
    if (override.kind() == ManualOverride.Kind.OFF_DUTY) {
      return !now.isBefore(override.until());
    }
    return duty.equals(DutyCalculator.at(now, schedule, null));
  }

  /** True when this answer differs from the stored off_duty and until. */
  public boolean differsFrom(boolean offDuty, Instant until) {
    return duty.onDuty() == offDuty || !Objects.equals(duty.offDutyUntil(), until);
  }
}
