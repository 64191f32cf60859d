package chatpro.presence.status;

import chatpro.common.kafka.CloudEvent;
import chatpro.common.time.Times;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A published change of a person's status: its Kafka record and the frame their contacts get. */
public record StatusChange(String userId, String orgId, PresenceStatus status, long version, Instant at) {
  public static final String TYPE = "presence.changed";

  /** {@code chatpro.presence.changed}, id {@code <userId>:<version>} so consumers can de-duplicate. */
  public CloudEvent cloudEvent() {
    JsonObject data = status.addTo(new JsonObject().put("userId", userId)).put("at", Times.format(at));
    return new CloudEvent(TYPE, orgId, recordId(), at, data);
  }

  public String recordId() {
    return userId + ":" + version;
  }

  /** {@code {"type":"presence","userId","status","offDutyUntil"?}}. */
  public JsonObject frame() {
    return status.addTo(new JsonObject().put("type", "presence").put("userId", userId));
  }
}
