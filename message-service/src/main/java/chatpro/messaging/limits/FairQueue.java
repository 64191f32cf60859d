package chatpro.messaging.limits;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A queue that gives every key (a sender) a bounded share and takes from the keys in turn: one sender's flood waits
 * behind its own earlier items, never in front of another sender's. Items of one key keep their order. Must be used
 * from one thread.
 */
public final class FairQueue<K, T> {
  /** What became of an offer. */
  public enum Offer { QUEUED, SHARE_FULL, QUEUE_FULL }

  private final int perKey;
  private final int total;
  private final Map<K, ArrayDeque<T>> byKey = new HashMap<>();
  /** The keys with waiting items, in the order they are served next. */
  private final ArrayDeque<K> turns = new ArrayDeque<>();
  private int size;

  public FairQueue(int perKey, int total) {
    this.perKey = perKey;
    this.total = total;
  }

  public Offer offer(K key, T item) {
    if (size >= total) {
      return Offer.QUEUE_FULL;
    }
    ArrayDeque<T> mine = byKey.get(key);
    if (mine == null) {
      mine = new ArrayDeque<>();
      byKey.put(key, mine);
      turns.add(key);
    } else if (mine.size() >= perKey) {
      return Offer.SHARE_FULL;
    }
    mine.add(item);
    size++;
    return Offer.QUEUED;
  }

  /** Up to {@code max} items, one from each waiting key in turn, round after round. */
  public List<T> take(int max) {
    List<T> out = new ArrayList<>(Math.min(max, size));
    while (out.size() < max && !turns.isEmpty()) {
      K key = turns.poll();
      ArrayDeque<T> mine = byKey.get(key);
      out.add(mine.poll());
      size--;
      if (mine.isEmpty()) {
        byKey.remove(key);
      } else {
        turns.add(key);
      }
    }
    return out;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int size() {
    return size;
  }
}
