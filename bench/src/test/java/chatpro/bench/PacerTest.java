package chatpro.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacerTest {
  @Test
  void sendsAtTheRateAndCatchesUp() {
    Pacer p = new Pacer(10, 100, 1_000_000_000L); // 10/s from t=1s
    assertEquals(0, p.due(0));
    assertEquals(1, p.due(1_000_000_000L));
    assertEquals(0, p.due(1_050_000_000L));
    assertEquals(1, p.due(1_100_000_000L));
    assertEquals(10, p.due(2_100_000_000L)); // a late timer gets the missed ones
    assertEquals(12, p.issued());
  }

  @Test
  void stopsAtTheQuota() {
    Pacer p = new Pacer(1000, 5, 0);
    assertEquals(5, p.due(60_000_000_000L));
    assertEquals(0, p.due(70_000_000_000L));
    assertTrue(p.done());
  }

  @Test
  void splitAndPeriod() {
    assertArrayEquals(new long[] {4, 3, 3}, Pacer.split(10, 3));
    assertEquals(100, Pacer.periodMillis(10));
    assertEquals(1, Pacer.periodMillis(5000));
    assertEquals(1000, Pacer.periodMillis(0.01));
  }

  @Test
  void eachMessageKeepsTheMomentItWasDueEvenWhenSentLate() {
    Pacer p = new Pacer(10, 100, 1_000_000_000L); // 10/s from t=1s: message k is due at 1 s + (k-1) * 100 ms
    assertEquals(1_000_000_000L, p.dueAt(1));
    assertEquals(1_100_000_000L, p.dueAt(2));
    // a timer that fires 450 ms late issues five at once; each keeps its own due time
    long first = p.issued() + 1;
    assertEquals(5, p.due(1_450_000_000L));
    assertEquals(1_400_000_000L, p.dueAt(first + 4));
  }
}
