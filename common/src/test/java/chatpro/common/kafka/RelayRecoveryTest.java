package chatpro.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayRecoveryTest {

  @Test
  void aPartitionWithACheckpointIsReadFromItAndOneWithoutFromItsBeginning() {
    RelayRecovery recovery = new RelayRecovery(Map.of(0, 40L, 2, 7L));

    assertEquals(40L, recovery.startOf(0));
    assertNull(recovery.startOf(1));
    assertEquals(7L, recovery.startOf(2));
  }

  @Test
  void rowsFoundOnTheTopicAfterTheCheckpointAreTheOnesAlreadyPublished() {
    RelayRecovery recovery = new RelayRecovery(Map.of(0, 10L));

    recovery.read(0, 10, "r11");
    recovery.read(0, 11, "r12");
    recovery.read(1, 0, "r13");

    assertArrayEquals(new String[] {"r11", "r12", "r13"}, recovery.publishedIds());
  }

  @Test
  void recordsBeforeTheCheckpointOrWithoutAnIdDeleteNothing() {
    RelayRecovery recovery = new RelayRecovery(Map.of(0, 10L));

    recovery.read(0, 9, "r-old");
    recovery.read(0, 12, null);

    assertArrayEquals(new String[0], recovery.publishedIds());
  }

  @Test
  void aRecordPublishedTwiceIsDeletedOnce() {
    RelayRecovery recovery = new RelayRecovery(Map.of());

    recovery.read(0, 0, "r1");
    recovery.read(0, 1, "r1");

    assertArrayEquals(new String[] {"r1"}, recovery.publishedIds());
  }

  @Test
  void theEndOffsetsBecomeTheCheckpointsOfEveryPartition() {
    RelayRecovery recovery = new RelayRecovery(Map.of(0, 10L));

    assertEquals(Map.of(0, 12L, 1, 3L, 2, 0L), recovery.checkpoints(Map.of(0, 12L, 1, 3L, 2, 0L)));
  }

  @Test
  void aCheckpointNeverMovesBack() {
    RelayRecovery recovery = new RelayRecovery(Map.of(0, 50L));

    assertEquals(Map.of(0, 50L, 1, 4L), recovery.checkpoints(Map.of(0, 20L, 1, 4L)));
  }

  @Test
  void aBatchCheckpointsTheOffsetAfterTheLastAcknowledgedRecordOfEachPartition() {
    Map<Integer, Long> next = new HashMap<>();

    RelayRecovery.acknowledged(next, 0, 5);
    RelayRecovery.acknowledged(next, 1, 2);
    RelayRecovery.acknowledged(next, 0, 4);

    assertEquals(Map.of(0, 6L, 1, 3L), next);
  }
}
