package chatpro.presence.duty;

import static chatpro.presence.duty.Schedules.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The body of POST /me/off-duty: until is required, in the future and at most 30 days ahead. */
class OffDutyRequestTest {
  private static final Instant NOW = at("2026-11-23T10:00:00Z");

  @Test
  void untilInTheFutureStartsAnOffDutyNow() {
    ManualOverride off = ManualOverride.offDuty(new JsonObject().put("until", "2026-11-24T08:00:00Z"), NOW);
    assertEquals(new ManualOverride(ManualOverride.Kind.OFF_DUTY, NOW, at("2026-11-24T08:00:00Z")), off);
  }

  @Test
  void untilMayCarryFractionalSeconds() {
    ManualOverride off = ManualOverride.offDuty(new JsonObject().put("until", "2026-11-24T08:00:00.250Z"), NOW);
    assertEquals(at("2026-11-24T08:00:00.250Z"), off.until());
  }

  @Test
  void untilExactlyThirtyDaysAheadIsAllowed() {
    assertEquals(at("2026-12-23T10:00:00Z"), ManualOverride.offDuty(NOW, at("2026-12-23T10:00:00Z")).until());
  }

  @Test
  void untilMoreThanThirtyDaysAheadIsRefused() {
    assertRefused("until must be at most 30 days ahead", "2026-12-23T10:00:01Z");
  }

  @Test
  void untilNowOrInThePastIsRefused() {
    assertRefused("until must be in the future", "2026-11-23T10:00:00Z");
    assertRefused("until must be in the future", "2026-11-22T10:00:00Z");
  }

  @Test
  void missingOrMalformedUntilIsRefused() {
    assertEquals("until is required", refusal(new JsonObject()));
    assertEquals("until is required", refusal(null));
    assertRefused("until must be a time such as 2026-11-24T08:00:00Z", "tomorrow");
    assertEquals("until must be a time such as 2026-11-24T08:00:00Z", refusal(new JsonObject().put("until", 12)));
  }

  private static void assertRefused(String message, String until) {
    assertEquals(message, refusal(new JsonObject().put("until", until)));
  }

  private static String refusal(JsonObject body) {
    return assertThrows(IllegalArgumentException.class, () -> ManualOverride.offDuty(body, NOW)).getMessage();
  }
}
