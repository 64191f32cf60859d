package chatpro.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FrameShapesTest {

  @Test
  void aWellShapedSendPasses() {
    assertNull(FrameShapes.problem("send", new JsonObject().put("type", "send").put("id", "c1").put("chatId", "x")
        .put("kind", "text").put("text", "hi").put("mentions", new JsonArray().add("u")).put("urgent", false)));
  }

  @Test
  void eachWrongTypeIsNamed() {
    assertEquals("id is required", FrameShapes.problem("send", new JsonObject().put("chatId", "x")
        .put("kind", "text")));
    assertEquals("chatId must be a string of Unicode characters", FrameShapes.problem("read",
        new JsonObject().put("chatId", 5).put("seq", 1)));
    assertEquals("mentions must be a list of strings of Unicode characters", FrameShapes.problem("send",
        new JsonObject().put("id", "c").put("chatId", "x").put("kind", "text").put("mentions", new JsonArray().add(1))));
    assertEquals("urgent must be true or false", FrameShapes.problem("send", new JsonObject().put("id", "c")
        .put("chatId", "x").put("kind", "text").put("urgent", "yes")));
    assertEquals("emoji is required", FrameShapes.problem("react", new JsonObject().put("messageId", "m")));
  }

  @Test
  void seqsAreWholeNumbersFromZeroWithin64Bits() {
    for (Object bad : new Object[] {-1, 1.5, "1", new BigInteger("18446744073709551617"), Double.POSITIVE_INFINITY}) {
      assertEquals("seq must be a whole number from 0", FrameShapes.problem("received",
          new JsonObject().put("chatId", "c").put("seq", bad)), String.valueOf(bad));
    }
    assertNull(FrameShapes.problem("read", new JsonObject().put("chatId", "c").put("seq", Long.MAX_VALUE)));
    assertNull(FrameShapes.problem("sync", new JsonObject().put("chats", new JsonObject().put("c", 0))));
    assertEquals("chats must be an object of chat ids to whole numbers from 0", FrameShapes.problem("sync",
        new JsonObject().put("chats", new JsonObject().put("c", -3))));
  }

  @Test
  void loneSurrogatesAreNotText() {
    assertTrue(FrameShapes.wellFormed("a😀b"));
    assertFalse(FrameShapes.wellFormed("a\ud800"));
    assertFalse(FrameShapes.wellFormed("\udc00a"));
    assertFalse(FrameShapes.wellFormed("\ud800\ud800"));
  }

  @Test
  void framesWithoutFieldsOrOfUnknownTypesHaveNoShapeToBreak() {
    assertNull(FrameShapes.problem("ping", new JsonObject().put("chatId", 5)));
    assertNull(FrameShapes.problem("dance", new JsonObject()));
  }
}
