package chatpro.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Whole numbers from JSON as a client may write them: big, fractional, or written with a decimal point. */
class FieldsTest {
  private static long limit(String json) {
    return Fields.number(new JsonObject(json), "limit", 1, 100);
  }

  @Test
  void wholeNumbersInRangeAreTaken() {
    assertEquals(1, limit("{\"limit\":1}"));
    assertEquals(100, limit("{\"limit\":100}"));
    assertEquals(50, limit("{\"limit\":50.0}"));
    assertEquals(Long.MAX_VALUE, Fields.number(new JsonObject("{\"n\":9223372036854775807}"), "n", 0,
        Long.MAX_VALUE));
  }

  @Test
  void numbersPast64BitsAreOutOfRangeNotTheirLowBits() {
    // 2^64 + 1: its low 64 bits are 1, which is in range
    refused("{\"limit\":18446744073709551617}");
    refused("{\"limit\":-18446744073709551615}");
    refused("{\"limit\":9223372036854775808}");
    refused("{\"limit\":1e300}");
    assertThrows(ChatproException.class, () -> Fields.number(new JsonObject("{\"n\":9223372036854775808}"), "n",
        Long.MIN_VALUE, Long.MAX_VALUE));
  }

  @Test
  void fractionsAndOtherTypesAreRefused() {
    refused("{\"limit\":1.5}");
    refused("{\"limit\":\"5\"}");
    refused("{\"limit\":true}");
    refused("{}");
  }

  private static void refused(String json) {
    ChatproException e = assertThrows(ChatproException.class, () -> limit(json), json);
    assertEquals(ErrorCode.BAD_REQUEST, e.code(), json);
  }
}
