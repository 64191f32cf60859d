package chatpro.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireEventsTest {
  private static final UUID CHAT = UUID.randomUUID();
  private final WireEvents wire = new WireEvents();

  @Test
  void anEventIsServedForTheRowVersionItWasReadFromOnly() {
    wire.put(new WireEvents.Key(CHAT, 7, 100), "{\"text\":\"hello\"}", wire.epoch(), 0);

    assertEquals("{\"text\":\"hello\"}", wire.get(new WireEvents.Key(CHAT, 7, 100), 1));
    assertNull(wire.get(new WireEvents.Key(CHAT, 7, 101), 1), "an edited or deleted row has a new version");
    assertNull(wire.get(new WireEvents.Key(CHAT, 8, 100), 1));
    assertNull(wire.get(new WireEvents.Key(UUID.randomUUID(), 7, 100), 1));
  }

  @Test
  void anEventLapsesAfterItsTime() {
    WireEvents.Key key = new WireEvents.Key(CHAT, 1, 1);
    wire.put(key, "{}", wire.epoch(), 1_000);

    assertEquals("{}", wire.get(key, 1_000 + WireEvents.TTL_MS));
    assertNull(wire.get(key, 1_001 + WireEvents.TTL_MS));
    assertEquals(0, wire.size());
    assertEquals(0, wire.chars());
  }

  @Test
  void anEvictedKeyDropsEveryOpenedText() {
    wire.put(new WireEvents.Key(CHAT, 1, 1), "{\"text\":\"a\"}", wire.epoch(), 0);
    wire.put(new WireEvents.Key(CHAT, 2, 1), "{\"text\":\"b\"}", wire.epoch(), 0);

    wire.forgetAll();

    assertNull(wire.get(new WireEvents.Key(CHAT, 1, 1), 0));
    assertEquals(0, wire.size());
  }

  @Test
  void whatAReadOpenedBeforeAnEvictionIsNotKept() {
    long readStarted = wire.epoch();
    wire.forgetAll();

    wire.put(new WireEvents.Key(CHAT, 1, 1), "{\"text\":\"opened with the old key\"}", readStarted, 0);

    assertNull(wire.get(new WireEvents.Key(CHAT, 1, 1), 0));
    wire.put(new WireEvents.Key(CHAT, 1, 1), "{}", wire.epoch(), 0);
    assertEquals("{}", wire.get(new WireEvents.Key(CHAT, 1, 1), 0));
  }

  @Test
  void theLeastRecentlyUsedGoFirstWhenTheCharactersRunOut() {
    String big = "x".repeat((int) (WireEvents.MAX_CHARS / 64));
    int fit = 64;
    for (int seq = 0; seq < fit; seq++) {
      wire.put(new WireEvents.Key(CHAT, seq, 1), big, wire.epoch(), 0);
    }
    assertEquals(big, wire.get(new WireEvents.Key(CHAT, 0, 1), 0), "used last, so kept");

    wire.put(new WireEvents.Key(CHAT, fit, 1), big, wire.epoch(), 0);

    assertEquals(big, wire.get(new WireEvents.Key(CHAT, 0, 1), 0));
    assertNull(wire.get(new WireEvents.Key(CHAT, 1, 1), 0), "the least recently used went");
    assertTrue(wire.chars() <= WireEvents.MAX_CHARS);
    assertEquals(fit, wire.size());
  }
}
