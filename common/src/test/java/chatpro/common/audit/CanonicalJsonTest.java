package chatpro.common.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void keysAreSortedAndNothingIsSpaced() {
    JsonObject o = new JsonObject().put("b", 1).put("a", new JsonObject().put("z", true).put("y", (Object) null))
        .put("c", new JsonArray().add("x").add(2L));
    assertEquals("{\"a\":{\"y\":null,\"z\":true},\"b\":1,\"c\":[\"x\",2]}", CanonicalJson.of(o));
  }

  @Test
  void keysSortByUtf16CodeUnitsAsJcsDoes() {
    JsonObject o = new JsonObject().put("é", 1).put("Z", 2).put("a", 3).put("_", 4);
    assertEquals("{\"Z\":2,\"_\":4,\"a\":3,\"é\":1}", CanonicalJson.of(o));
  }

  @Test
  void onlyQuotesBackslashesAndControlCharactersAreEscaped() {
    assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001é/€\"", CanonicalJson.of("a\"b\\c\n\t\u0001é/€"));
  }

  @Test
  void wholeNumbersReadBackAsFractionsKeepTheirForm() {
    assertEquals("[5,-3,0]", CanonicalJson.of(new JsonArray().add(5.0).add(-3).add(0L)));
  }

  @Test
  void fractionsHaveNoCanonicalForm() {
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.of(new JsonArray().add(1.5)));
    assertThrows(IllegalArgumentException.class, () -> new AuditRecord(java.util.UUID.randomUUID(), null,
        "user.updated", null, null, new JsonObject().put("ratio", 0.5)));
  }

  @Test
  void timesAlwaysCarryThreeDigitsOfMilliseconds() {
    assertEquals("2026-11-24T08:00:00.000Z", CanonicalJson.time(Instant.parse("2026-11-24T08:00:00Z")));
    assertEquals("2026-11-24T08:00:00.120Z", CanonicalJson.time(Instant.parse("2026-11-24T08:00:00.1209Z")));
  }
}
