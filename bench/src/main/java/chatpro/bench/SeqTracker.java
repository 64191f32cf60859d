package chatpro.bench;

import java.util.BitSet;
import java.util.function.LongConsumer;

/**
 * The (chatId, seq) pairs one receiver has seen, per chat. Tells a new event from a duplicate (the same seq again)
 * and from an out-of-order one (new, but below a seq already seen). A receiver is in few chats, so chats are a small
 * array searched linearly; the seqs of a chat are a bit set, since seqs are dense from 1.
 */
public final class SeqTracker {
  /**
   * What a received event was: new, a seq seen before, new but below a seq seen (out of order), or new and below a
   * seq seen while the receiver's sync was being answered (a gap filled, as the protocol has the client sync on one).
   */
  public enum Outcome { NEW, DUPLICATE, OUT_OF_ORDER, GAP_FILLED }

  private int[] chats = new int[2];
  private Chat[] state = new Chat[2];
  private int size;
  private long delivered;
  private long duplicates;
  private long outOfOrder;
  private long gapsFilled;

  private static final class Chat {
    final BitSet seen = new BitSet();
    long max;
    long contiguous;
  }

  /** Records one received event pushed live; seq must be at least 1. */
  public Outcome record(int chat, long seq) {
    return record(chat, seq, false);
  }

  /** Records one received event, live or (when {@code answeringSync}) while a sync of the receiver is answered. */
  public Outcome record(int chat, long seq, boolean answeringSync) {
    Chat c = chat(chat, true);
    int bit = (int) seq;
    if (seq < 1 || seq > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("seq out of range: " + seq);
    }
    if (c.seen.get(bit)) {
      duplicates++;
      return Outcome.DUPLICATE;
    }
    c.seen.set(bit);
    delivered++;
    while (c.seen.get((int) c.contiguous + 1)) {
      c.contiguous++;
    }
    if (seq < c.max) {
      if (answeringSync) {
        gapsFilled++;
        return Outcome.GAP_FILLED;
      }
      outOfOrder++;
      return Outcome.OUT_OF_ORDER;
    }
    c.max = seq;
    return Outcome.NEW;
  }

  public boolean has(int chat, long seq) {
    Chat c = chat(chat, false);
    return c != null && seq >= 1 && seq <= Integer.MAX_VALUE && c.seen.get((int) seq);
  }

  /** The highest seq s such that 1..s were all seen (what a client syncs from). */
  public long contiguous(int chat) {
    Chat c = chat(chat, false);
    return c == null ? 0 : c.contiguous;
  }

  public long max(int chat) {
    Chat c = chat(chat, false);
    return c == null ? 0 : c.max;
  }

  /** Calls {@code each} with every seq seen in the chat, ascending. */
  public void forEachSeq(int chat, LongConsumer each) {
    Chat c = chat(chat, false);
    if (c != null) {
      for (int s = c.seen.nextSetBit(1); s >= 0; s = c.seen.nextSetBit(s + 1)) {
        each.accept(s);
      }
    }
  }

  public int[] chats() {
    return java.util.Arrays.copyOf(chats, size);
  }

  public long delivered() {
    return delivered;
  }

  public long duplicates() {
    return duplicates;
  }

  public long outOfOrder() {
    return outOfOrder;
  }

  /** New events below a seq already seen that came while a sync was answered: gaps filled, not reordering. */
  public long gapsFilled() {
    return gapsFilled;
  }

  private Chat chat(int chat, boolean create) {
    for (int i = 0; i < size; i++) {
      if (chats[i] == chat) {
        return state[i];
      }
    }
    if (!create) {
      return null;
    }
    if (size == chats.length) {
      chats = java.util.Arrays.copyOf(chats, size * 2);
      state = java.util.Arrays.copyOf(state, size * 2);
    }
    chats[size] = chat;
    state[size] = new Chat();
    return state[size++];
  }
}
