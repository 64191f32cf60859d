package chatpro.system;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A client device as a real app behaves: it keeps each chat's events by seq, and when it sees a gap it syncs.
 * It counts what the protocol forbids on one socket: an event twice, or a chat's events out of order.
 */
final class TestDevice implements AutoCloseable {
  final TestSocket socket;
  final Map<String, TreeMap<Long, JsonObject>> chats = new HashMap<>();
  final Map<String, Long> lastLive = new HashMap<>();
  int duplicates;
  int outOfOrder;
  int syncs;
  private int syncId;

  private TestDevice(TestSocket socket) {
    this.socket = socket;
  }

  static TestDevice connect(int port, String token) throws Exception {
    return new TestDevice(TestSocket.authenticated(port, token));
  }

  /** Reads frames until the chat has every event up to {@code seq}, syncing on gaps; fails after the timeout. */
  List<JsonObject> until(String chatId, long seq, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!complete(chatId, seq)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("device has " + chats.getOrDefault(chatId, new TreeMap<>()).size() + " of " + seq
            + " events of chat " + chatId);
      }
      JsonObject frame = socket.poll(500);
      if (frame == null) {
        sync();
        continue;
      }
      take(frame);
    }
    return new ArrayList<>(chats.get(chatId).values());
  }

  /** Handles one frame; events are checked for order and duplicates. */
  void take(JsonObject frame) {
    if (!"event".equals(frame.getString("type"))) {
      return;
    }
    JsonObject event = frame.getJsonObject("event");
    String chat = event.getString("chatId");
    long seq = event.getLong("seq");
    Long last = lastLive.get(chat);
    if (last != null && seq <= last) {
      if (chats.get(chat).containsKey(seq)) {
        duplicates++;
      } else {
        outOfOrder++;
      }
    }
    lastLive.put(chat, Math.max(seq, last == null ? 0 : last));
    chats.computeIfAbsent(chat, k -> new TreeMap<>()).put(seq, event);
  }

  private boolean complete(String chatId, long seq) {
    TreeMap<Long, JsonObject> events = chats.get(chatId);
    return events != null && events.size() >= seq && events.lastKey() >= seq;
  }

  /** Asks for what is missing, as a client does after a gap or a reconnect (answers arrive as frames). */
  void sync() {
    JsonObject known = new JsonObject();
    chats.forEach((chat, events) -> known.put(chat, contiguous(events)));
    syncs++;
    socket.send(new JsonObject().put("type", "sync").put("id", "sync-" + (++syncId)).put("chats", known));
  }

  private static long contiguous(TreeMap<Long, JsonObject> events) {
    long expected = events.firstKey();
    for (long seq : events.keySet()) {
      if (seq != expected) {
        return expected - 1;
      }
      expected++;
    }
    return expected - 1;
  }

  @Override
  public void close() {
    socket.close();
  }
}
