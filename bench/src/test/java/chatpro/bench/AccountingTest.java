package chatpro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountingTest {
  @Test
  void newDuplicateAndOutOfOrder() {
    SeqTracker t = new SeqTracker();
    assertEquals(SeqTracker.Outcome.NEW, t.record(0, 1));
    assertEquals(SeqTracker.Outcome.NEW, t.record(0, 3));
    assertEquals(SeqTracker.Outcome.OUT_OF_ORDER, t.record(0, 2));
    assertEquals(SeqTracker.Outcome.DUPLICATE, t.record(0, 3));
    assertEquals(SeqTracker.Outcome.DUPLICATE, t.record(0, 1));
    assertEquals(SeqTracker.Outcome.NEW, t.record(7, 1));
    assertEquals(3 + 1, t.delivered());
    assertEquals(2, t.duplicates());
    assertEquals(1, t.outOfOrder());
    assertEquals(3, t.contiguous(0));
    assertEquals(3, t.max(0));
    assertEquals(0, t.contiguous(5));
    // a sync's answer filling a gap below what was seen live is not reordering
    assertEquals(SeqTracker.Outcome.NEW, t.record(7, 5));
    assertEquals(SeqTracker.Outcome.GAP_FILLED, t.record(7, 3, true));
    assertEquals(SeqTracker.Outcome.DUPLICATE, t.record(7, 3, true));
    assertEquals(1, t.gapsFilled());
    assertEquals(1, t.outOfOrder(), "a gap filled is not counted out of order");
    assertThrows(IllegalArgumentException.class, () -> t.record(0, 0));
  }

  @Test
  void contiguousStopsAtAGap() {
    SeqTracker t = new SeqTracker();
    t.record(1, 1);
    t.record(1, 2);
    t.record(1, 4);
    assertEquals(2, t.contiguous(1));
    t.record(1, 3);
    assertEquals(4, t.contiguous(1));
  }

  @Test
  void manyChatsGrowTheTable() {
    SeqTracker t = new SeqTracker();
    for (int c = 0; c < 50; c++) {
      t.record(c, 1);
    }
    assertEquals(50, t.chats().length);
    assertTrue(t.has(49, 1));
  }

  @Test
  void lostIsCountedPerReceiverAndChat() {
    SeqTracker a = new SeqTracker();
    SeqTracker b = new SeqTracker();
    for (long s = 1; s <= 5; s++) {
      a.record(0, s);
    }
    b.record(0, 1);
    b.record(0, 2);
    b.record(0, 5);
    b.record(0, 6); // arrived, but its ack was never seen
    b.record(1, 1);
    Map<Integer, long[]> acked = Map.of(0, new long[] {1, 2, 3, 4, 5}, 1, new long[] {1, 2});
    Accounting.Result r = Accounting.count(acked, List.of(
        new Accounting.Receiver("a", new int[] {0}, a),
        new Accounting.Receiver("b", new int[] {0, 1}, b)), c -> "c" + c, 2);
    assertEquals(5 + 5 + 2, r.expected());
    assertEquals(5 + 3 + 1, r.delivered());
    assertEquals(3, r.lost());
    assertEquals(1, r.deliveredUnacked());
    assertEquals(List.of("chat c0 seq 3 never reached b", "chat c0 seq 4 never reached b"), r.lostExamples());
  }

  @Test
  void nothingExpectedWhenNothingAcked() {
    Accounting.Result r = Accounting.count(Map.of(), List.of(
        new Accounting.Receiver("a", new int[] {0}, new SeqTracker())), c -> "c", 5);
    assertEquals(0, r.expected());
    assertEquals(0, r.lost());
  }
}
