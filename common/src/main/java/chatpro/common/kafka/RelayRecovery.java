package chatpro.common.kafka;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a relay that (re)starts learns from one topic before it publishes anything: which outbox rows an earlier
 * relay already published but did not delete (it stopped between Kafka's acknowledgement and its own commit), and
 * the checkpoints to store with their deletion. The Kafka reading is {@link OutboxRelay}'s; the rules are here, so
 * they are tested without a broker.
 *
 * <ul>
 *   <li>A partition is read from its stored next offset; one without a checkpoint from its beginning (nothing says
 *       what an earlier relay wrote there).</li>
 *   <li>A record counts as published by the relay only if it carries the record id header; records of other
 *       writers (none are expected) delete nothing.</li>
 *   <li>The end offsets read become the checkpoints, for every partition, so the next recovery reads only what
 *       comes after them.</li>
 *   <li>Checkpoints only grow: one lower than what is stored (a slower relay's late write) never moves it back.</li>
 * </ul>
 */
final class RelayRecovery {
  private final Map<Integer, Long> stored;
  private final Set<String> published = new LinkedHashSet<>();

  /** @param stored the next offset stored per partition of the topic */
  RelayRecovery(Map<Integer, Long> stored) {
    this.stored = Map.copyOf(stored);
  }

  /** Where to start reading a partition: its stored next offset, or {@code null} for its beginning. */
  Long startOf(int partition) {
    return stored.get(partition);
  }

  /** A record read from the topic; {@code recordId} is its id header's value, or {@code null} without one. */
  void read(int partition, long offset, String recordId) {
    Long from = stored.get(partition);
    if (recordId != null && (from == null || offset >= from)) {
      published.add(recordId);
    }
  }

  /** The record ids of rows already on the topic: delete them, never publish them again. */
  String[] publishedIds() {
    return published.toArray(String[]::new);
  }

  /** The checkpoints to store with that deletion: each partition's end offset, never below what is stored. */
  Map<Integer, Long> checkpoints(Map<Integer, Long> endOffsets) {
    Map<Integer, Long> next = new HashMap<>(endOffsets);
    stored.forEach((partition, offset) -> next.merge(partition, offset, Math::max));
    return next;
  }

  /** After a batch: per partition, the offset after the last record Kafka acknowledged there. */
  static void acknowledged(Map<Integer, Long> nextOffsets, int partition, long offset) {
    nextOffsets.merge(partition, offset + 1, Math::max);
  }
}
