package chatpro.messaging.log;

import chatpro.common.kafka.CloudEvent;
import chatpro.common.time.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a chat's event log. {@code fields} holds the type's own fields (messageId, text, userId, ...); the
 * wire form is one flat object with chatId, seq, type and at.
 */
public record Event(UUID chatId, long seq, UUID orgId, String type, Instant at, UUID actorId, UUID messageId,
    JsonObject fields) {

  public static final String MESSAGE = "message";
  public static final String MEMBER_ADDED = "member.added";
  public static final String MEMBER_REMOVED = "member.removed";
  public static final String MEMBER_ROLE = "member.role";
  public static final String CHAT_RENAMED = "chat.renamed";
  public static final String MESSAGE_EDITED = "message.edited";
  public static final String MESSAGE_DELETED = "message.deleted";
  public static final String REACTION = "reaction";
  /** The types whose {@code messageId} names an earlier message they are about (stored as the event's target). */
  public static final java.util.Set<String> ABOUT_A_MESSAGE = java.util.Set.of(MESSAGE_EDITED, MESSAGE_DELETED,
      REACTION);

  static Event from(Row row) {
    return from(row, row.getJsonObject("body"));
  }

  /** An event from a row whose body was read some other way (as text, parsed only when needed). */
  static Event from(Row row, JsonObject body) {
    return new Event(row.getUUID("chat_id"), row.getLong("seq"), row.getUUID("org_id"), row.getString("type"),
        row.getOffsetDateTime("at").toInstant(), row.getUUID("actor_id"), row.getUUID("message_id"), body);
  }

  /** The same event at a seq, once the log has assigned it. */
  public Event at(long assignedSeq) {
    return new Event(chatId, assignedSeq, orgId, type, at, actorId, messageId, fields);
  }

  /** The id of the media a message carries, or null (other types, text, deleted or expired content). */
  public String mediaId() {
    JsonObject media = MESSAGE.equals(type) ? fields.getJsonObject("media") : null;
    return media == null ? null : media.getString("id");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("chatId", chatId.toString())
        .put("seq", seq)
        .put("type", type)
        .put("at", Times.format(at));
    fields.forEach(e -> json.put(e.getKey(), e.getValue()));
    return json;
  }

  /** The deterministic record id integrators de-duplicate by. */
  public String recordId() {
    return chatId + ":" + seq;
  }

  public CloudEvent cloudEvent() {
    return new CloudEvent(type, orgId.toString(), recordId(), at, toJson());
  }
}
