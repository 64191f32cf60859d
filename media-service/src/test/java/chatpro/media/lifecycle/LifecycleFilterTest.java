package chatpro.media.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The cheap look at a chat event record that decides whether media-service parses it. */
class LifecycleFilterTest {

  private static String record(String type, JsonObject data) {
    return new JsonObject().put("specversion", "1.0").put("type", type).put("orgid", "o1").put("data", data).encode();
  }

  @Test
  void aMessageCarryingMediaAndADeletionAreRead() {
    assertTrue(Lifecycle.concernsMedia(record("chatpro.message", new JsonObject().put("type", "message")
        .put("media", new JsonObject().put("id", "m1").put("mime", "image/jpeg")))));
    assertTrue(Lifecycle.concernsMedia(record("chatpro.message.deleted", new JsonObject()
        .put("type", "message.deleted").put("messageId", "x"))));
  }

  @Test
  void textMessagesAndOtherEventsAreSkipped() {
    assertFalse(Lifecycle.concernsMedia(record("chatpro.message", new JsonObject().put("type", "message")
        .put("text", "the word media in a text"))));
    assertFalse(Lifecycle.concernsMedia(record("chatpro.reaction", new JsonObject().put("emoji", "👍"))));
    assertFalse(Lifecycle.concernsMedia(null));
  }
}
