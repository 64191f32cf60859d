package chatpro.media.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void oneRangeIsServedPartially() {
    assertEquals(new ByteRange(100, 100, true, true), ByteRange.of("bytes=100-199", 1000));
    assertEquals(new ByteRange(100, 900, true, true), ByteRange.of("bytes=100-", 1000));
    assertEquals(new ByteRange(900, 100, true, true), ByteRange.of("bytes=900-5000", 1000), "cut at the end");
    assertEquals(new ByteRange(990, 10, true, true), ByteRange.of("bytes=-10", 1000), "a suffix");
    assertEquals(new ByteRange(0, 1000, true, true), ByteRange.of("bytes=-5000", 1000));
    assertEquals("bytes 100-199/1000", ByteRange.of("bytes=100-199", 1000).contentRange(1000));
  }

  @Test
  void aRangeFromTheEndOnCannotBeServed() {
    assertFalse(ByteRange.of("bytes=1000-", 1000).satisfiable());
    assertFalse(ByteRange.of("bytes=-0", 1000).satisfiable());
  }

  @Test
  void whatIsNotOneWellFormedRangeServesTheWhole() {
    ByteRange whole = new ByteRange(0, 1000, false, true);
    assertEquals(whole, ByteRange.of(null, 1000));
    assertEquals(whole, ByteRange.of("bytes=0-1,5-6", 1000));
    assertEquals(whole, ByteRange.of("items=0-1", 1000));
    assertEquals(whole, ByteRange.of("bytes=9-5", 1000));
    assertEquals(whole, ByteRange.of("bytes=a-b", 1000));
  }
}
