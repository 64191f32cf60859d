package chatpro.messaging.delivery;

import chatpro.messaging.log.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Puts committed events back into seq order per chat before live delivery. Transactions that write the same chat
 * commit in seq order, but their completions can reach this service in another order (two connections read in the
 * same event-loop turn), and a gateway socket drops an event older than one it already wrote. An event that arrives
 * ahead of its predecessor waits for it, at most {@code holdMillis}; after that it goes out anyway and the gateway
 * fills the gap from the log. Not thread-safe: used on the verticle's event loop.
 */
final class SeqOrder {
  private final long holdMillis;
  private final int maxChats;
  private final Map<UUID, Chat> chats;
  /** Events held in all chats together, so asking whether any are held costs nothing per chat. */
  private int held;

  /** Per chat: the next seq expected (0: not known yet) and the events waiting for it. */
  private static final class Chat {
    long next;
    final TreeMap<Long, Waiting> waiting = new TreeMap<>();
  }

  private record Waiting(Event event, long deadline) {}

  SeqOrder(long holdMillis, int maxChats) {
    this.holdMillis = holdMillis;
    this.maxChats = maxChats;
    this.chats = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<UUID, Chat> eldest) {
        return size() > SeqOrder.this.maxChats && eldest.getValue().waiting.isEmpty();
      }
    };
  }

  /** The events that may go out now, in order; the others wait. */
  List<Event> offer(List<Event> events, long now) {
    List<Event> ready = new ArrayList<>(events.size());
    for (Event e : events) {
      Chat chat = chats.computeIfAbsent(e.chatId(), k -> new Chat());
      if (chat.next == 0 && e.seq() == 1) {
        chat.next = 1;
      }
      if (chat.next != 0 && e.seq() < chat.next) {
        ready.add(e);
      } else if (e.seq() == chat.next) {
        ready.add(e);
        chat.next++;
        releaseContiguous(chat, ready);
      } else {
        if (chat.waiting.put(e.seq(), new Waiting(e, now + holdMillis)) == null) {
          held++;
        }
      }
    }
    return ready;
  }

  /** Events whose wait is over, with whatever follows them without a gap. */
  List<Event> expire(long now) {
    List<Event> ready = new ArrayList<>();
    for (Chat chat : chats.values()) {
      if (!chat.waiting.isEmpty() && chat.waiting.firstEntry().getValue().deadline() <= now) {
        long first = chat.waiting.firstKey();
        chat.next = first;
        releaseContiguous(chat, ready);
      }
    }
    return ready;
  }

  boolean hasWaiting() {
    return held > 0;
  }

  private void releaseContiguous(Chat chat, List<Event> ready) {
    Waiting w;
    while ((w = chat.waiting.remove(chat.next)) != null) {
      held--;
      ready.add(w.event());
      chat.next++;
    }
  }
}
