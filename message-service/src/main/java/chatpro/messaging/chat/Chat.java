package chatpro.messaging.chat;

import chatpro.common.time.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A direct or group chat with its current members, as the protocol shows it. */
public record Chat(UUID id, UUID orgId, String type, String name, List<Member> members, long lastSeq,
    Instant createdAt) {

  /** A current member and their role in the chat. */
  public record Member(UUID userId, String role) {}

  public boolean isGroup() {
    return "group".equals(type);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    members.forEach(m -> list.add(new JsonObject().put("userId", m.userId().toString()).put("role", m.role())));
    JsonObject json = new JsonObject().put("id", id.toString()).put("type", type);
    if (name != null) {
      json.put("name", name);
    }
    return json.put("members", list).put("lastSeq", lastSeq).put("createdAt", Times.format(createdAt));
  }
}
