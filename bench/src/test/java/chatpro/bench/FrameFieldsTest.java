package chatpro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameFieldsTest {
  private static final String EVENT = "{\"type\":\"event\",\"event\":{\"chatId\":\"c-1\",\"seq\":42,"
      + "\"type\":\"message\",\"at\":\"2026-01-01T00:00:00Z\",\"messageId\":\"m1\",\"senderId\":\"u1\","
      + "\"kind\":\"text\",\"text\":\"babc:1234 xxxx\",\"sentAt\":\"2026-01-01T00:00:00Z\"}}";

  @Test
  void readsTheFieldsOfAnEventFrame() {
    assertTrue(EVENT.startsWith(FrameFields.EVENT_PREFIX));
    assertEquals("c-1", FrameFields.string(EVENT, "chatId"));
    assertEquals("m1", FrameFields.string(EVENT, "messageId"));
    assertEquals(42, FrameFields.number(EVENT, "seq"));
    assertEquals(1234, FrameFields.messageIndex(EVENT, "babc"));
  }

  @Test
  void keysMustMatchWhole() {
    // "Id" inside messageId/senderId is not the key "id"
    assertNull(FrameFields.string(EVENT, "id"));
    assertEquals(-1, FrameFields.number(EVENT, "eq"));
  }

  @Test
  void otherRunsAndOddValuesAreAbsent() {
    assertEquals(-1, FrameFields.messageIndex(EVENT, "bxyz"));
    assertEquals(-1, FrameFields.messageIndex("{\"text\":\"babc:\"}", "babc"));
    assertNull(FrameFields.string("{\"chatId\":\"a\\\"b\"}", "chatId"));
    assertEquals(-1, FrameFields.number("{\"seq\":\"7\"}", "seq"));
    assertEquals(-1, FrameFields.number("{\"seq\":-7}", "seq"));
  }

  @Test
  void indexInAPlainText() {
    assertEquals(7, FrameFields.indexInText("bq:7 pad", "bq"));
    assertEquals(-1, FrameFields.indexInText("bq7 pad", "bq"));
    assertEquals(-1, FrameFields.indexInText(null, "bq"));
  }
}
