package chatpro.messaging.send;

import chatpro.common.crypto.Hashes;
import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.messaging.chat.Chats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** A checked {@code send}: everything the log needs to store one message, and a hash of what was asked. */
public record SendRequest(Caller caller, UUID chatId, String clientId, String kind, String text, String mediaId,
    String replyTo, List<String> mentions, String forwardOf, boolean urgent, byte[] hash, JsonObject media) {

  public static final int MAX_TEXT = 4096;
  public static final int MAX_MENTIONS = 100;
  public static final int MAX_CLIENT_ID = 100;

  /** {@code {caller, chatId, message:{clientId, kind, text?, ...}}}. */
  public static SendRequest from(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID chatId = Chats.chatId(request);
    JsonObject m = Fields.object(request.getValue("message"));
    String clientId = Fields.string(m, "clientId", 1, MAX_CLIENT_ID);
    Object kind = m.getValue("kind");
    String text;
    String mediaId = null;
    if ("text".equals(kind)) {
      text = Fields.string(m, "text", 1, MAX_TEXT);
    } else if ("image".equals(kind) || "voice".equals(kind)) {
      text = Fields.optionalString(m, "text", 1, MAX_TEXT);
      mediaId = Fields.id(m, "mediaId");
    } else {
      throw ChatproException.badRequest("kind must be text, image or voice");
    }
    String replyTo = m.getValue("replyTo") == null ? null : Fields.id(m, "replyTo");
    String forwardOf = m.getValue("forwardOf") == null ? null : Fields.id(m, "forwardOf");
    List<String> mentions = Fields.optionalDistinctIds(m, "mentions", MAX_MENTIONS);
    boolean urgent = Fields.bool(m, "urgent", false);
    JsonObject canonical = new JsonObject().put("chatId", chatId.toString()).put("kind", kind).put("text", text)
        .put("mediaId", mediaId).put("replyTo", replyTo).put("forwardOf", forwardOf)
        .put("mentions", mentions == null ? null : new JsonArray(mentions)).put("urgent", urgent);
    return new SendRequest(caller, chatId, clientId, (String) kind, text, mediaId, replyTo, mentions, forwardOf,
        urgent, Hashes.sha256(canonical.encode()), null);
  }

  /** The same request carrying the media's description (checked by {@link SendChecks}). */
  public SendRequest withMedia(JsonObject description) {
    return new SendRequest(caller, chatId, clientId, kind, text, mediaId, replyTo, mentions, forwardOf, urgent, hash,
        description);
  }

  /** The event's own fields, without chatId/seq/type/at. */
  public JsonObject fields(UUID messageId, String sentAt) {
    JsonObject f = new JsonObject()
        .put("messageId", messageId.toString())
        .put("senderId", caller.userId())
        .put("kind", kind);
    if (text != null) {
      f.put("text", text);
    }
    if (media != null) {
      f.put("media", media);
    }
    if (replyTo != null) {
      f.put("replyTo", replyTo);
    }
    if (mentions != null && !mentions.isEmpty()) {
      f.put("mentions", new JsonArray(mentions));
    }
    if (forwardOf != null) {
      f.put("forwardOf", forwardOf);
    }
    if (urgent) {
      f.put("urgent", true);
    }
    return f.put("sentAt", sentAt);
  }
}
