package chatpro.gateway.ws;

import chatpro.common.auth.AccessToken;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
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
  private Map<String, Long> lastSeq;
  private ArrayDeque<Object[]> heldDuringSync;
  private int syncing;
  private int pendingWrites;
  private long closeAt;
  private boolean closed;

  ClientSocket(ServerWebSocket ws, int maxQueue, long now) {
    this.ws = ws;
    this.maxQueue = maxQueue;
    this.connectedAt = now;
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

  /** Writes a frame that is not a chat event (acks, errors, receipts). */
  public void send(JsonObject frame) {
    write(frame.encode());
  }

  /** Writes a chat event frame unless this socket already had that seq or a later one of the chat. */
  public void pushEvent(String chatId, long seq, String frame) {
    if (syncing > 0) {
      if (heldDuringSync == null) {
        heldDuringSync = new ArrayDeque<>();
      }
      heldDuringSync.add(new Object[] {chatId, seq, frame});
      if (heldDuringSync.size() > maxQueue) {
        close(CLOSE_TOO_SLOW, "too slow to read");
      }
      return;
    }
    if (lastSeq == null) {
      lastSeq = new HashMap<>(4);
    }
    Long last = lastSeq.get(chatId);
    if (last != null && seq <= last) {
      return;
    }
    lastSeq.put(chatId, seq);
    write(frame);
  }

  /** A sync answer's event: written now (live events are held meanwhile), skipped if this socket had it. */
  void pushEventDuringSync(String chatId, long seq, String frame) {
    int depth = syncing;
    syncing = 0;
    pushEvent(chatId, seq, frame);
    syncing = depth;
  }

  /** While a sync answer is being written, live events wait so the chat's order holds. */
  void beginSync() {
    syncing++;
  }

  void endSync() {
    if (--syncing == 0 && heldDuringSync != null) {
      ArrayDeque<Object[]> held = heldDuringSync;
      heldDuringSync = null;
      for (Object[] h : held) {
        pushEvent((String) h[0], (Long) h[1], (String) h[2]);
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
