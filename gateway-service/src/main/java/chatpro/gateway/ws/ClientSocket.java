package chatpro.gateway.ws;

import chatpro.common.auth.AccessToken;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * One client WebSocket and the little state it needs: who it is, its deadlines, and per chat the last seq written to
 * it, so that on this socket a chat's events go out in order and never twice. While its user is off duty (and the
 * socket has not sent {@code open}) it is quiet: chat events are held back (only the seq to resume from is kept),
 * receipts and typing are dropped; {@link #release} pushes what was held, in order, through the gap repair.
 */
public final class ClientSocket {
  public static final int CLOSE_UNAUTHENTICATED = 4401;
  public static final int CLOSE_ENDED = 4403;
  public static final int CLOSE_TOO_SLOW = 4408;

  private final Wire wire;
  private final int maxQueue;
  private final long connectedAt;
  private AccessToken token;
  private String deviceId;
  private Map<String, ChatState> chats;
  private ArrayDeque<Held> heldDuringSync;
  /** Per chat, the lowest seq of a live event let go because a sync held more than the queue allows. */
  private Map<String, Long> skippedDuringSync;
  private Repairer repairer;
  private int syncing;
  private long closeAt;
  private boolean closed;
  private String typingChat;
  private long typingAt;
  private DutyView duty;
  private boolean looking;

  ClientSocket(Wire wire, int maxQueue, long now) {
    this.wire = wire;
    this.maxQueue = maxQueue;
    this.connectedAt = now;
  }

  void repairer(Repairer repairer) {
    this.repairer = repairer;
  }

  void duty(DutyView duty) {
    this.duty = duty;
  }

  /** Whether this user is off duty now, as presence-service last published it. */
  interface DutyView {
    boolean offDuty(String userId);
  }

  /** Off duty and not looking: live chat events, receipts and typing stay away. */
  boolean quiet() {
    return !looking && token != null && duty != null && duty.offDuty(token.userId());
  }

  /**
   * The user chose to look while off duty ({@code open}): live from now until the socket closes. On duty it
   * changes nothing (a client may send it whenever the app comes to the front).
   */
  void look() {
    if (quiet()) {
      looking = true;
      release();
    }
  }

  /** Pushes each chat's held events in seq order (back on duty, or {@code open}). */
  void release() {
    if (chats == null || quiet()) {
      return;
    }
    chats.forEach((chatId, chat) -> {
      if (chat.quietFrom >= 0 && !chat.repairing) {
        startRepair(chatId, chat, chat.quietFrom, null);
      }
    });
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
    return closed || wire.closed();
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

  /** Writes a frame encoded once for many sockets; a {@code quietable} one (receipts, typing) not while quiet. */
  void sendRaw(WireFrame frame, boolean quietable) {
    if (!quietable || !quiet()) {
      write(frame);
    }
  }

  /**
   * Writes a chat event frame unless this socket already had that seq or a later one of the chat. When a live event
   * would leave a gap, the missing events are fetched first ({@code repairer}) and the chat's live events wait, so the
   * socket's stream of each chat stays in order and gap-free. The frame may be shared with other sockets: what waits
   * here keeps its text, not its bytes.
   */
  public void pushEvent(String chatId, long seq, WireFrame frame, boolean urgent) {
    if (!urgent && quiet()) {
      ChatState chat = chat(chatId);
      if (chat.quietFrom < 0 && (chat.sent == 0 || seq > chat.sent)) {
        chat.quietFrom = chat.sent != 0 ? chat.sent : seq - 1;
      }
      return;
    }
    if (syncing > 0) {
      hold(chatId, seq, frame.text(), urgent);
      return;
    }
    ChatState chat = chat(chatId);
    if (chat.quietFrom >= 0 && !chat.repairing) {
      // An urgent event (or the first after a release) brings its chat up to date first, in order.
      startRepair(chatId, chat, chat.quietFrom, new Held(chatId, seq, frame.text(), urgent));
      return;
    }
    if (chat.repairing) {
      if (chat.held.size() < maxQueue) {
        chat.held.add(new Held(chatId, seq, frame.text(), urgent));
      } else {
        // A long gap fill is not a slow reader: the log holds these, so fetch them again once the fill is done.
        chat.refetchAfter = chat.refetchAfter < 0 ? chat.held.peekLast().seq() : chat.refetchAfter;
      }
      return;
    }
    if (chat.sent != 0 && seq <= chat.sent) {
      return;
    }
    if (chat.sent != 0 && seq > chat.sent + 1 && repairer != null) {
      startRepair(chatId, chat, chat.sent, new Held(chatId, seq, frame.text(), urgent));
      return;
    }
    chat.wrote(seq);
    write(frame);
  }

  /**
   * Writes an event fetched to fill a gap, or answering a sync, if this socket has not had it. A socket's first live
   * event of a chat may come before the client's sync (a reconnect into a busy chat): what the sync brings from below
   * that first event is written too, once each, as the client asked for it and has not had it here.
   */
  void pushMissing(String chatId, long seq, String frame) {
    ChatState chat = chat(chatId);
    if (chat.sent == 0 || seq > chat.sent) {
      chat.wrote(seq);
      write(frame);
    } else if (seq < chat.first && seq > chat.below) {
      chat.below = seq;
      write(frame);
    }
  }

  private void startRepair(String chatId, ChatState chat, long after, Held waiting) {
    chat.quietFrom = -1;
    chat.repairing = true;
    if (waiting != null) {
      chat.held.add(waiting);
    }
    if (repairer == null) {
      endRepair(chatId, chat);
      return;
    }
    repairer.repair(this, chatId, after).onComplete(r -> {
      endRepair(chatId, chat);
      if (r.failed() && chat.sent <= after && chat.quietFrom < 0) {
        // Nothing was pushed: keep the place, so the next release or live event of the chat tries again.
        chat.quietFrom = after;
      }
    });
  }

  private void endRepair(String chatId, ChatState chat) {
    chat.repairing = false;
    List<Held> held = new ArrayList<>(chat.held);
    chat.held.clear();
    for (Held h : held) {
      if (h.seq() > chat.sent) {
        // What the fetch did not cover is written as it is, gap or not: the client syncs for the rest.
        chat.wrote(h.seq());
        write(h.frame());
      }
    }
    if (chat.refetchAfter >= 0 && chat.quietFrom < 0) {
      chat.quietFrom = chat.refetchAfter;
    }
    chat.refetchAfter = -1;
    if (chat.quietFrom >= 0 && !quiet()) {
      startRepair(chatId, chat, Math.max(chat.quietFrom, chat.sent), null);
    }
  }

  private ChatState chat(String chatId) {
    if (chats == null) {
      chats = new HashMap<>(4);
    }
    return chats.computeIfAbsent(chatId, k -> new ChatState());
  }

  /**
   * Keeps a live event that came during a sync for when the sync is written. Past the queue's bound the event is let
   * go and its chat noted: a sync during a burst is not a slow reader, and the log still has the event, so the chat
   * is fetched again after the sync (a reader that is slow fills the write queue and is closed there).
   */
  private void hold(String chatId, long seq, String frame, boolean urgent) {
    if (heldDuringSync == null) {
      heldDuringSync = new ArrayDeque<>();
    }
    if (heldDuringSync.size() < maxQueue) {
      heldDuringSync.add(new Held(chatId, seq, frame, urgent));
      return;
    }
    if (skippedDuringSync == null) {
      skippedDuringSync = new HashMap<>();
    }
    skippedDuringSync.merge(chatId, seq, Math::min);
  }

  /**
   * Per chat: the last seq written here (0: none yet) and the first, the last written below that first one (by a
   * sync that came after it), live events held while a gap is filled, and while quiet the seq after which events were
   * held back (-1: none).
   */
  private static final class ChatState {
    long sent;
    long first;
    long below;
    long quietFrom = -1;
    /** While a gap is filled, the seq after which live events were let go for want of room (-1: none). */
    long refetchAfter = -1;
    boolean repairing;
    final ArrayDeque<Held> held = new ArrayDeque<>(0);

    void wrote(long seq) {
      if (first == 0) {
        first = seq;
      }
      sent = seq;
    }
  }

  /** An event frame waiting its turn. */
  private record Held(String chatId, long seq, String frame, boolean urgent) {}

  /** Fetches a chat's events after a seq and writes them with {@link #pushMissing}. */
  interface Repairer {
    io.vertx.core.Future<Void> repair(ClientSocket socket, String chatId, long after);
  }

  /** While a sync answer is being written, live events wait so the chat's order holds. */
  void beginSync() {
    syncing++;
  }

  void endSync() {
    if (--syncing > 0) {
      return;
    }
    ArrayDeque<Held> held = heldDuringSync;
    Map<String, Long> skipped = skippedDuringSync;
    heldDuringSync = null;
    skippedDuringSync = null;
    if (held != null) {
      for (Held h : held) {
        WireFrame frame = new WireFrame(h.frame());
        pushEvent(h.chatId(), h.seq(), frame, h.urgent());
        frame.release();
      }
    }
    if (skipped != null) {
      skipped.forEach(this::refetch);
    }
  }

  /** Fetches a chat's events from the log again, from where this socket is, up to and past a skipped seq. */
  private void refetch(String chatId, long skippedSeq) {
    ChatState chat = chat(chatId);
    if (chat.sent >= skippedSeq) {
      return;
    }
    long after = chat.sent != 0 ? chat.sent : skippedSeq - 1;
    if (chat.repairing) {
      chat.refetchAfter = chat.refetchAfter < 0 ? after : Math.min(chat.refetchAfter, after);
    } else if (quiet()) {
      chat.quietFrom = chat.quietFrom < 0 ? after : Math.min(chat.quietFrom, after);
    } else {
      startRepair(chatId, chat, after, null);
    }
  }

  /** Writes a frame of this socket's alone. */
  private void write(String text) {
    WireFrame frame = new WireFrame(text);
    write(frame);
    frame.release();
  }

  /** Writes a frame, unless the socket is closed; one that has let {@code maxQueue} frames pile up is closed. */
  private void write(WireFrame frame) {
    if (closed) {
      return;
    }
    if (wire.unwritten() >= maxQueue) {
      close(CLOSE_TOO_SLOW, "too slow to read");
      return;
    }
    wire.write(frame);
  }

  public void close(int code, String reason) {
    if (!closed) {
      closed = true;
      wire.close(code, reason);
    }
  }
}
