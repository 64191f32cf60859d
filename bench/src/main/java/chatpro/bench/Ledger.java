package chatpro.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every message of a run, by number: when it was sent, in which chat, by which socket, when it was acked and with
 * which seq. Flat arrays sized once, so sending allocates nothing per message here. A message's fields are written
 * by its sender's event loop; {@code sendNanos} is written last and read first (volatile), so a receiver on another
 * event loop that sees the send time also sees chat and sender.
 */
final class Ledger {
  static final byte SENT = 1;
  static final byte ACKED = 2;
  static final byte FAILED = 3;

  private final AtomicInteger next = new AtomicInteger();
  final int capacity;
  final AtomicLongArray sendNanos;
  final long[] ackNanos;
  final long[] seq;
  final int[] chat;
  final int[] sender;
  final byte[] state;
  /** Receivers (other than the sending socket) still to get the message; at 0 its fan-out is complete. */
  final AtomicIntegerArray pending;

  Ledger(int capacity) {
    this.capacity = capacity;
    this.sendNanos = new AtomicLongArray(capacity);
    this.ackNanos = new long[capacity];
    this.seq = new long[capacity];
    this.chat = new int[capacity];
    this.sender = new int[capacity];
    this.state = new byte[capacity];
    this.pending = new AtomicIntegerArray(capacity);
  }

  /** A new message number, or -1 when the ledger is full. */
  int reserve() {
    int i = next.getAndIncrement();
    return i < capacity ? i : -1;
  }

  int used() {
    return Math.min(next.get(), capacity);
  }

  void sent(int i, int chatIndex, int senderSocket, int receivers, long nanos) {
    chat[i] = chatIndex;
    sender[i] = senderSocket;
    pending.set(i, receivers);
    state[i] = SENT;
    sendNanos.set(i, nanos);
  }

  /** Acked seqs per chat, ascending (read after the event loops are quiet). */
  Map<Integer, long[]> ackedByChat() {
    Map<Integer, List<Long>> lists = new HashMap<>();
    int n = used();
    for (int i = 0; i < n; i++) {
      if (state[i] == ACKED) {
        lists.computeIfAbsent(chat[i], k -> new ArrayList<>()).add(seq[i]);
      }
    }
    Map<Integer, long[]> out = new HashMap<>();
    lists.forEach((c, l) -> out.put(c, l.stream().mapToLong(Long::longValue).sorted().toArray()));
    return out;
  }

  /** Deliveries still outstanding for acked messages (receivers watched when they were sent). */
  long outstanding() {
    long sum = 0;
    int n = used();
    for (int i = 0; i < n; i++) {
      if (state[i] == ACKED) {
        sum += Math.max(0, pending.get(i));
      }
    }
    return sum;
  }
}
