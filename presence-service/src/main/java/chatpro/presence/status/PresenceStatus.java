package chatpro.presence.status;

import chatpro.common.time.Times;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * What others see of a person: {@code off_duty} (with when they are back, if known) wins over {@code online} (any
 * device connected on any gateway node), else {@code offline}.
 */
public record PresenceStatus(String status, Instant offDutyUntil) {
  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";
  public static final String OFF_DUTY = "off_duty";

  public PresenceStatus {
    Objects.requireNonNull(status, "status");
    if (!OFF_DUTY.equals(status) && offDutyUntil != null) {
      throw new IllegalArgumentException("only off duty has an offDutyUntil");
    }
  }

  public static PresenceStatus of(boolean offDuty, Instant until, boolean online) {
    if (offDuty) {
      return new PresenceStatus(OFF_DUTY, until);
    }
    return new PresenceStatus(online ? ONLINE : OFFLINE, null);
  }

  /** Adds {@code status} and, when known, {@code offDutyUntil} to the JSON. */
  public JsonObject addTo(JsonObject json) {
    json.put("status", status);
    if (offDutyUntil != null) {
      json.put("offDutyUntil", Times.format(offDutyUntil));
    }
    return json;
  }
}
