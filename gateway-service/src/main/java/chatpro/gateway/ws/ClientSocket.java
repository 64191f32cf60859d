package chatpro.gateway.ws;

import chatpro.common.auth.AccessToken;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * One client WebSocket and the little state it needs: who it is, its deadlines, and per chat the last seq written to
 * it, so that on this socket a chat's events go out in order and never twice.
 */
public final class ClientSocket {
  public static final int CLOSE_UNAUTHENTICATED = 4401;
  public static final int CLOSE_ENDED = 4403;
  public static final int CLOSE_TOO_SLOW = 4408;

  private final ServerWebSocket ws;
  private final int maxQueue;
  private final long connectedAt;
  private AccessToken token;
  private String deviceId;
  private Map<String, ChatState> chats;
  private ArrayDeque<Held> heldDuringSync;
  private Repairer repairer;
  private int syncing;
  private int pendingWrites;
  private long closeAt;
  private boolean closed;
  private String typingChat;
  private long typingAt;

  ClientSocket(ServerWebSocket ws, int maxQueue, long now) {
    this.ws = ws;
    this.maxQueue = maxQueue;
    this.connectedAt = now;
  }

  void repairer(Repairer repairer) {
    this.repairer = repairer;
  }

  public ServerWebSocket ws() {
    return ws;
  }

  public AccessToken token() {
    return token;
  }

  public boolean authenticated() {
    return token != null;
  }

  public String userId() {
    return token == null ? null : token.userId();
  }

  public String deviceId() {
    return deviceId;
  }

  long connectedAt() {
    return connectedAt;
  }

  void authenticate(AccessToken accessToken, String device) {
    this.token = accessToken;
    if (device != null) {
      this.deviceId = device;
    }
    this.closeAt = 0;
  }

  /** When set, the socket is closed at that time unless it re-authenticates (an expired token). */
  long closeAt() {
    return closeAt;
  }

  void closeAt(long at) {
    this.closeAt = at;
  }

  boolean closed() {
    return closed;
  }

  /** At most one typing relay per chat every 2 s, and one per 250 ms across chats. */
  boolean mayRelayTyping(String chatId, long now) {
    long since = now - typingAt;
    if (since < 250 || (chatId.equals(typingChat) && since < 2_000)) {
      return false;
    }
    typingChat = chatId;
    typingAt = now;
    return true;
  }

  /** Writes a frame that is not a chat event (acks, errors, receipts). */
  public void send(JsonObject frame) {
    write(frame.encode());
  }

  /** Writes a frame encoded once for many sockets (receipts, typing). */
  void sendRaw(String frame) {
    write(frame);
  }

  /**
   * Writes a chat event frame unless this socket already had that seq or a later one of the chat. When a live event
   * would leave a gap, the missing events are fetched first ({@code repairer}) and the chat's live events wait, so the
   * socket's stream of each chat stays in order and gap-free.
   */
  public void pushEvent(String chatId, long seq, String frame) {
    if (syncing > 0) {
      hold(chatId, seq, frame);
      return;
    }
    ChatState chat = chat(chatId);
    if (chat.repairing) {
      chat.held.add(new Held(chatId, seq, frame));
      if (chat.held.size() > maxQueue) {
        close(CLOSE_TOO_SLOW, "too slow to read");
      }
      return;
    }
    if (chat.sent != 0 && seq <= chat.sent) {
      return;
    }
    if (chat.sent != 0 && seq > chat.sent + 1 && repairer != null) {
      chat.repairing = true;
      chat.held.add(new Held(chatId, seq, frame));
      repairer.repair(this, chatId, chat.sent).onComplete(r -> endRepair(chat));
      return;
    }
    chat.sent = seq;
    write(frame);
  }

  /** Writes an event fetched to fill a gap, or answering a sync, if this socket has not had it. */
  void pushMissing(String chatId, long seq, String frame) {
    ChatState chat = chat(chatId);
    if (chat.sent == 0 || seq > chat.sent) {
      chat.sent = seq;
      write(frame);
    }
  }

  private void endRepair(ChatState chat) {
    chat.repairing = false;
    List<Held> held = new ArrayList<>(chat.held);
    chat.held.clear();
    for (Held h : held) {
      if (h.seq() > chat.sent) {
        // What the fetch did not cover is written as it is, gap or not: the client syncs for the rest.
        chat.sent = h.seq();
        write(h.frame());
      }
    }
  }

  private ChatState chat(String chatId) {
    if (chats == null) {
      chats = new HashMap<>(4);
    }
    return chats.computeIfAbsent(chatId, k -> new ChatState());
  }

  private void hold(String chatId, long seq, String frame) {
    if (heldDuringSync == null) {
      heldDuringSync = new ArrayDeque<>();
    }
    heldDuringSync.add(new Held(chatId, seq, frame));
    if (heldDuringSync.size() > maxQueue) {
      close(CLOSE_TOO_SLOW, "too slow to read");
    }
  }

  /** Per chat: the last seq written here (0: none yet), and live events held while a gap is filled. */
  private static final class ChatState {
    long sent;
    boolean repairing;
    final ArrayDeque<Held> held = new ArrayDeque<>(0);
  }

  /** An event frame waiting its turn. */
  private record Held(String chatId, long seq, String frame) {}

  /** Fetches a chat's events after a seq and writes them with {@link #pushMissing}. */
  interface Repairer {
    io.vertx.core.Future<Void> repair(ClientSocket socket, String chatId, long after);
  }

  /** While a sync answer is being written, live events wait so the chat's order holds. */
  void beginSync() {
    syncing++;
  }

  void endSync() {
    if (--syncing == 0 && heldDuringSync != null) {
      ArrayDeque<Held> held = heldDuringSync;
      heldDuringSync = null;
      for (Held h : held) {
        pushEvent(h.chatId(), h.seq(), h.frame());
      }
    }
  }

  private void write(String text) {
    if (closed) {
      return;
    }
    if (pendingWrites >= maxQueue) {
      close(CLOSE_TOO_SLOW, "too slow to read");
      return;
    }
    pendingWrites++;
    ws.writeTextMessage(text).onComplete(r -> pendingWrites--);
  }

  public void close(int code, String reason) {
    if (!closed) {
      closed = true;
      ws.close((short) code, reason);
    }
  }
}
