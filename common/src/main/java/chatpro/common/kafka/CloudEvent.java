package chatpro.common.kafka;

import io.vertx.core.json.JsonObject;
import chatpro.common.time.Times;
import java.time.Instant;

/** A CloudEvents 1.0 structured-mode record, the envelope of every ChatPro topic. */
public record CloudEvent(String type, String orgId, String id, Instant time, JsonObject data) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("specversion", "1.0")
        .put("type", "chatpro." + type)
        .put("source", "chatpro/" + orgId)
        .put("id", id)
        .put("time", Times.format(time))
        .put("orgid", orgId)
        .put("datacontenttype", "application/json")
        .put("data", data);
  }
}
