package chatpro.messaging.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FairQueueTest {
  @Test
  void aFloodFillsOnlyTheSendersOwnShare() {
    FairQueue<String, String> queue = new FairQueue<>(3, 100);
    for (int i = 0; i < 3; i++) {
      assertEquals(FairQueue.Offer.QUEUED, queue.offer("flood", "f" + i));
    }
    assertEquals(FairQueue.Offer.SHARE_FULL, queue.offer("flood", "f3"));
    assertEquals(FairQueue.Offer.QUEUED, queue.offer("quiet", "q0"), "another sender still gets in");
    assertEquals(4, queue.size());
  }

  @Test
  void theQuietSendersItemIsInTheNextBatchHoweverLongTheFloodersQueue() {
    FairQueue<String, String> queue = new FairQueue<>(1000, 10_000);
    for (int i = 0; i < 1000; i++) {
      queue.offer("flood", "f" + i);
    }
    queue.offer("quiet", "q0");
    List<String> batch = queue.take(2);
    assertTrue(batch.contains("q0"), "taken in turn, not in arrival order: " + batch);
    assertEquals(List.of("f0", "q0"), batch);
  }

  @Test
  void sendersAreTakenInTurnAndEachKeepsItsOrder() {
    FairQueue<String, String> queue = new FairQueue<>(10, 100);
    queue.offer("a", "a0");
    queue.offer("a", "a1");
    queue.offer("a", "a2");
    queue.offer("b", "b0");
    queue.offer("c", "c0");
    queue.offer("c", "c1");
    assertEquals(List.of("a0", "b0", "c0", "a1"), queue.take(4));
    queue.offer("b", "b1");
    assertEquals(List.of("c1", "a2", "b1"), queue.take(10));
    assertTrue(queue.isEmpty());
  }

  @Test
  void theWholeQueueHasALimitToo() {
    FairQueue<String, String> queue = new FairQueue<>(10, 3);
    queue.offer("a", "a0");
    queue.offer("b", "b0");
    queue.offer("c", "c0");
    assertEquals(FairQueue.Offer.QUEUE_FULL, queue.offer("d", "d0"));
    queue.take(1);
    assertEquals(FairQueue.Offer.QUEUED, queue.offer("d", "d0"));
  }

  @Test
  void aShareFreesAsItsItemsAreTaken() {
    FairQueue<String, String> queue = new FairQueue<>(2, 100);
    queue.offer("a", "a0");
    queue.offer("a", "a1");
    assertEquals(FairQueue.Offer.SHARE_FULL, queue.offer("a", "a2"));
    assertEquals(List.of("a0"), queue.take(1));
    assertEquals(FairQueue.Offer.QUEUED, queue.offer("a", "a2"));
    assertEquals(List.of("a1", "a2"), queue.take(5));
  }
}
