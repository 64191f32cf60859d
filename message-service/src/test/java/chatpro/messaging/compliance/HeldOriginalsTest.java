package chatpro.messaging.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import chatpro.messaging.log.Event;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HeldOriginalsTest {
  static final UUID CHAT = UUID.randomUUID();
  static final UUID ORG = UUID.randomUUID();
  static final UUID ANA = UUID.randomUUID();

  @Test
  void aKeptOriginalTakesThePlaceOfWhatTheLogHoldsNowAndNothingElseChanges() {
    UUID message = UUID.randomUUID();
    Event deleted = event(1, "message", message, new JsonObject().put("messageId", message.toString())
        .put("deleted", true));
    Event edit = event(2, "message.edited", null, new JsonObject().put("messageId", message.toString()));
    Event other = event(3, "message", UUID.randomUUID(), new JsonObject().put("text", "as stored"));
    JsonObject sent = new JsonObject().put("messageId", message.toString()).put("text", "the words as sent");
    JsonObject edited = new JsonObject().put("messageId", message.toString()).put("text", "the edit");

    List<Event> out = HeldOriginals.withOriginals(List.of(deleted, edit, other),
        Map.of(CHAT + ":1", sent, CHAT + ":2", edited));

    assertEquals("the words as sent", out.get(0).toJson().getString("text"));
    assertEquals(1, out.get(0).seq());
    assertEquals("message", out.get(0).type());
    assertEquals("the edit", out.get(1).toJson().getString("text"));
    assertEquals("message.edited", out.get(1).type());
    assertSame(other, out.get(2), "events no hold kept are written as stored");
  }

  private static Event event(long seq, String type, UUID messageId, JsonObject fields) {
    return new Event(CHAT, seq, ORG, type, Instant.parse("2026-12-01T08:00:00Z"), ANA, messageId, fields);
  }
}
