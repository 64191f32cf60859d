package chatpro.messaging.compliance;

import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.common.time.Times;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * What a compliance officer asks to export: a person's or a chat's conversations, optionally within a time range,
 * and why. The target is checked against the org elsewhere; here only the shape.
 */
public record ExportRequest(String scope, UUID targetId, Instant from, Instant to, String reason) {
  public static final String USER = "user";
  public static final String CHAT = "chat";
  /** A subject-access export: everything about one person, for them (made by them or by compliance). */
  public static final String SAR = "sar";

  /** {@code {scope, targetId, from?, to?, reason}}; anything malformed is a 400. */
  public static ExportRequest from(Object raw) {
    JsonObject body = Fields.object(raw);
    Object scope = body.getValue("scope");
    if (!USER.equals(scope) && !CHAT.equals(scope)) {
      throw ChatproException.badRequest("scope must be user or chat");
    }
    Object target = body.getValue("targetId");
    if (!(target instanceof String id) || !Fields.isId(id)) {
      throw ChatproException.badRequest("targetId must be a person or chat of your organisation");
    }
    Instant from = time(body, "from");
    Instant to = time(body, "to");
    if (from != null && to != null && from.isAfter(to)) {
      throw ChatproException.badRequest("from must not be after to");
    }
    String reason = Fields.string(body, "reason", 1, 500);
    return new ExportRequest((String) scope, UUID.fromString(id), from, to, reason);
  }

  private static Instant time(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw ChatproException.badRequest(field + " must be an ISO-8601 time");
    }
    return Times.parse(text).orElseThrow(() -> ChatproException.badRequest(field + " must be an ISO-8601 time"));
  }
}
