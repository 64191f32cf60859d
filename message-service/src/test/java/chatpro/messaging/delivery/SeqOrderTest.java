package chatpro.messaging.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.messaging.log.Event;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SeqOrderTest {
  static final UUID CHAT = UUID.randomUUID();
  static final UUID OTHER = UUID.randomUUID();

  static Event e(UUID chat, long seq) {
    return new Event(chat, seq, UUID.randomUUID(), Event.MESSAGE, Instant.EPOCH, null, null, new JsonObject());
  }

  static List<Long> seqs(List<Event> events) {
    return events.stream().map(Event::seq).toList();
  }

  @Test
  void aLaterEventWaitsForItsPredecessor() {
    SeqOrder order = new SeqOrder(100, 10);
    assertEquals(List.of(), seqs(order.offer(List.of(e(CHAT, 2), e(CHAT, 3)), 0)), "seq 1 is still on its way");
    assertTrue(order.hasWaiting());
    assertEquals(List.of(1L, 2L, 3L), seqs(order.offer(List.of(e(CHAT, 1)), 10)));
    assertFalse(order.hasWaiting());
    assertEquals(List.of(4L), seqs(order.offer(List.of(e(CHAT, 4)), 20)));
  }

  @Test
  void chatsDoNotWaitForEachOther() {
    SeqOrder order = new SeqOrder(100, 10);
    assertEquals(List.of(1L), seqs(order.offer(List.of(e(CHAT, 1), e(OTHER, 5)), 0)));
    assertEquals(List.of(2L), seqs(order.offer(List.of(e(CHAT, 2)), 1)));
  }

  @Test
  void aGapThatNeverFillsIsGivenUpAfterTheHold() {
    SeqOrder order = new SeqOrder(100, 10);
    order.offer(List.of(e(CHAT, 1)), 0);
    assertEquals(List.of(), seqs(order.offer(List.of(e(CHAT, 3), e(CHAT, 4)), 0)));
    assertEquals(List.of(), seqs(order.expire(99)));
    assertEquals(List.of(3L, 4L), seqs(order.expire(100)), "released in order; the gateway fills seq 2");
    assertEquals(List.of(5L), seqs(order.offer(List.of(e(CHAT, 5)), 101)));
    assertEquals(List.of(2L), seqs(order.offer(List.of(e(CHAT, 2)), 102)), "a straggler still goes out");
  }

  @Test
  void anUnknownChatsFirstEventWaitsUnlessItIsTheFirstSeq() {
    SeqOrder order = new SeqOrder(100, 10);
    assertEquals(List.of(), seqs(order.offer(List.of(e(CHAT, 7)), 0)), "seqs before 7 may be in flight");
    assertEquals(List.of(7L), seqs(order.expire(100)));
    assertEquals(List.of(8L), seqs(order.offer(List.of(e(CHAT, 8)), 101)));
  }

  @Test
  void whatIsHeldIsCountedOnceAndEveryWayOutCountsItOff() {
    SeqOrder order = new SeqOrder(100, 10);
    order.offer(List.of(e(CHAT, 1), e(OTHER, 1)), 0);
    order.offer(List.of(e(CHAT, 3), e(CHAT, 3), e(OTHER, 4)), 0);
    assertTrue(order.hasWaiting(), "seq 3 of one chat and 4 of the other wait");
    assertEquals(List.of(2L, 3L), seqs(order.offer(List.of(e(CHAT, 2)), 1)), "the repeated 3 was held once");
    assertTrue(order.hasWaiting(), "the other chat's 4 still waits");
    assertEquals(List.of(4L), seqs(order.expire(100)));
    assertFalse(order.hasWaiting());
  }
}
