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

  /**
   * A current member, their role in the chat and how far they have received and read (0 for nothing yet). The read
   * cursor is the one passed on to others: a read held back while its reader is off duty is not in it yet.
   */
  public record Member(UUID userId, String role, long receivedSeq, long readSeq) {
    /** A member as written when joining, before any cursor moved. */
    public Member(UUID userId, String role) {
      this(userId, role, 0, 0);
    }

    public JsonObject toJson() {
      return new JsonObject().put("userId", userId.toString()).put("role", role).put("receivedSeq", receivedSeq)
          .put("readSeq", readSeq);
    }
  }

  public boolean isGroup() {
    return "group".equals(type);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    members.forEach(m -> list.add(m.toJson()));
    JsonObject json = new JsonObject().put("id", id.toString()).put("type", type);
    if (name != null) {
      json.put("name", name);
    }
    return json.put("members", list).put("lastSeq", lastSeq).put("createdAt", Times.format(createdAt));
  }
}
