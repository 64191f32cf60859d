package chatpro.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeoutException;

/**
 * One client device: a WebSocket to a gateway that authenticates, sends messages on a pace, answers nothing but
 * counts everything it receives. All its state is touched on its own event loop ({@link #context}); other threads
 * only call the methods that hop onto it.
 */
final class DeviceSocket {
  private static final int MAX_SYNC_DEFERRALS = 30;
  final int id;
  final Session user;
  final Options.Target target;
  final int[] chats;
  private final WebSocketClient client;
  private final Context context;
  private final Run run;
  private final Stats stats;
  private final Ledger ledger;

  /** Everything this device ever received, across reconnects: what it would sync from and what it lacks. */
  final SeqTracker have = new SeqTracker();
  /** What the current connection received: duplicates and order are promises per socket. */
  private SeqTracker conn = have;
  private int connections;
  private WebSocket ws;
  private boolean closing;
  private Promise<Void> auth;
  private Promise<Boolean> syncAnswer;
  /** Syncs the server deferred ({@code unavailable}, {@code rate_limited}) and that were asked again. */
  private int deferrals;
  private String syncId;
  private int syncCount;
  private long sendTimer = -1;
  private Pacer sendPacer;
  private Runnable sendDone;

  /** Authenticated and not closed. */
  volatile boolean open;
  /** Lost a connection it did not close itself: no longer "connected throughout". */
  volatile boolean broken;
  volatile boolean everConnected;
  /** connect + auth of the latest connection, in nanoseconds. */
  volatile long connectNanos;
  /**
   * Resilient, as a real app is (the fault scenario): a lost connection is made again after a second, the device
   * syncs from what it has, its unanswered sends go again with the same client ids, and the send schedule runs on
   * while it is away (those sends are counted as refused).
   */
  private boolean resilient;
  /** Sends of this device without an answer yet, by message number (resilient only). */
  private final java.util.LinkedHashSet<Integer> inFlight = new java.util.LinkedHashSet<>();
  /** Answers of a sync are old events on purpose: one seen again then is no duplicate push. */
  private boolean syncing;
  /** Closed by the bench: no more reconnects. */
  private boolean shutDown;
  private boolean reconnecting;
  private Future<Void> syncChain = Future.succeededFuture();
  volatile int reconnects;

  DeviceSocket(int id, Session user, Options.Target target, int[] chats, WebSocketClient client, Context context,
      Run run) {
    this.id = id;
    this.user = user;
    this.target = target;
    this.chats = chats;
    this.client = client;
    this.context = context;
    this.run = run;
    this.stats = run.stats;
    this.ledger = run.ledger;
  }

  /** Connects and authenticates; fails after {@code timeoutMs}. A later reconnect gets fresh per-socket tracking. */
  Future<Void> connect(long timeoutMs) {
    Promise<Void> result = Promise.promise();
    context.runOnContext(v -> doConnect(result, timeoutMs));
    return result.future();
  }

  private void doConnect(Promise<Void> result, long timeoutMs) {
    long start = System.nanoTime();
    if (connections++ > 0) {
      conn = new SeqTracker();
    }
    closing = false;
    Promise<Void> authed = Promise.promise();
    auth = authed;
    long timer = run.vertx.setTimer(timeoutMs, t -> authed.tryFail(
        new TimeoutException("connect + auth took over " + timeoutMs + " ms")));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(target.host()).setPort(target.port())
        .setSsl(target.tls()).setURI("/ws").setAllowOriginHeader(false).setConnectTimeout(timeoutMs);
    client.connect(options).onComplete(ar -> {
      if (ar.failed()) {
        authed.tryFail(ar.cause());
        return;
      }
      WebSocket w = ar.result();
      if (authed.future().isComplete()) {
        w.close();
        return;
      }
      ws = w;
      w.textMessageHandler(this::onText);
      w.exceptionHandler(e -> stats.error("socket_exception"));
      w.closeHandler(x -> onClose(w));
      w.writeTextMessage(authFrame("a", user.accessToken));
    });
    authed.future().onComplete(r -> {
      run.vertx.cancelTimer(timer);
      if (r.succeeded()) {
        open = true;
        everConnected = true;
        connectNanos = System.nanoTime() - start;
        Stats.record(stats.connect, connectNanos);
        result.complete();
      } else {
        open = false;
        if (ws != null && !ws.isClosed()) {
          closing = true;
          ws.close();
        }
        result.fail(r.cause());
      }
    });
  }

  private String authFrame(String frameId, String token) {
    return new JsonObject().put("type", "auth").put("id", frameId).put("token", token)
        .put("device", "bench-" + id).encode();
  }

  private void onClose(WebSocket w) {
    if (w != ws) {
      return;
    }
    open = false;
    if (!closing && resilient) {
      stats.unexpectedCloses.increment();
      Short code = w.closeStatusCode();
      stats.close(code == null ? "none" : code.toString());
      if (auth != null) {
        auth.tryFail(new IllegalStateException("closed by the server (" + code + ")"));
      }
      if (syncAnswer != null) {
        syncAnswer.tryFail(new IllegalStateException("socket closed during sync"));
      }
      scheduleReconnect();
      return;
    }
    if (!closing) {
      broken = true;
      stats.unexpectedCloses.increment();
      Short code = w.closeStatusCode();
      stats.close(code == null ? "none" : code.toString());
      if (auth != null) {
        auth.tryFail(new IllegalStateException("closed by the server (" + code + " " + w.closeReason() + ")"));
      }
    }
    if (syncAnswer != null) {
      syncAnswer.tryFail(new IllegalStateException("socket closed during sync"));
    }
    stopSending();
  }

  private void onText(String text) {
    long now = System.nanoTime();
    if (text.startsWith(FrameFields.EVENT_PREFIX)) {
      String chatId = FrameFields.string(text, "chatId");
      long seq = FrameFields.number(text, "seq");
      if (chatId != null && seq > 0) {
        onEvent(chatId, seq, FrameFields.messageIndex(text, run.tag), now);
        return;
      }
    }
    JsonObject frame;
    String type;
    try {
      frame = new JsonObject(text);
      type = frame.getString("type");
    } catch (RuntimeException e) {
      stats.frame("unparseable");
      return;
    }
    if (type == null) {
      stats.frame("untyped");
      return;
    }
    switch (type) {
      case "event" -> {
        JsonObject event = frame.getJsonObject("event");
        Long seq = event == null ? null : event.getLong("seq");
        String chatId = event == null ? null : event.getString("chatId");
        if (seq == null || chatId == null || seq < 1) {
          stats.frame("bad_event");
          return;
        }
        Object textValue = event.getValue("text");
        onEvent(chatId, seq, textValue instanceof String s ? FrameFields.indexInText(s, run.tag) : -1, now);
      }
      case "ack" -> onAck(frame, now);
      case "error" -> onError(frame);
      default -> stats.frame(type);
    }
  }

  private void onEvent(String chatId, long seq, int idx, long now) {
    int chat = run.chats.indexOf(chatId);
    if (chat < 0 || seq > Integer.MAX_VALUE) {
      stats.foreignEvents.increment();
      return;
    }
    SeqTracker.Outcome outcome = conn.record(chat, seq, syncing);
    if (outcome == SeqTracker.Outcome.DUPLICATE) {
      if (!syncing) {
        stats.duplicates.increment();
      }
      return;
    }
    if (outcome == SeqTracker.Outcome.OUT_OF_ORDER) {
      stats.outOfOrder.increment();
    }
    if (conn != have && !have.has(chat, seq)) {
      have.record(chat, seq);
    }
    stats.events.increment();
    if (idx >= 0 && idx < ledger.capacity && run.recordLatency) {
      long sent = ledger.sendNanos.get(idx);
      if (sent != 0 && ledger.sender[idx] != id) {
        Stats.record(stats.delivery, now - sent);
        if (ledger.pending.decrementAndGet(idx) == 0) {
          Stats.record(stats.fanout, now - sent);
        }
      }
    }
  }

  private void onAck(JsonObject frame, long now) {
    String frameId = frame.getString("id");
    if (frameId == null) {
      stats.frame("ack_without_id");
      return;
    }
    int idx = run.indexOfClientId(frameId);
    if (idx >= 0) {
      Long seq = frame.getLong("seq");
      if (ledger.state[idx] != Ledger.SENT || seq == null) {
        stats.frame("unexpected_ack");
        return;
      }
      ledger.seq[idx] = seq;
      ledger.ackNanos[idx] = now;
      ledger.state[idx] = Ledger.ACKED;
      inFlight.remove(idx);
      stats.acked.increment();
      Stats.record(stats.ack, now - ledger.sendNanos.get(idx));
      if (run.timeline != null) {
        run.timeline.acked(ledger.sendNanos.get(idx), now);
      }
    } else if (frameId.equals("a")) {
      if (auth != null) {
        auth.tryComplete();
      }
    } else if (frameId.equals(syncId) && syncAnswer != null) {
      syncAnswer.tryComplete(Boolean.TRUE.equals(frame.getBoolean("more")));
    } else if (!frameId.startsWith("r")) {
      stats.frame("unexpected_ack");
    }
  }

  private void onError(JsonObject frame) {
    String code = frame.getString("code", "none");
    stats.error(code);
    String frameId = frame.getString("id");
    if (frameId == null) {
      return;
    }
    int idx = run.indexOfClientId(frameId);
    if (idx >= 0) {
      if (ledger.state[idx] == Ledger.SENT) {
        ledger.state[idx] = Ledger.FAILED;
        inFlight.remove(idx);
        stats.sendFailed.increment();
        if (run.timeline != null) {
          run.timeline.failed(ledger.sendNanos.get(idx));
        }
      }
    } else if (frameId.equals("a") && auth != null) {
      auth.tryFail(new IllegalStateException("auth refused: " + code + " " + frame.getString("message", "")));
    } else if (frameId.equals(syncId) && syncAnswer != null) {
      syncAnswer.tryFail(("unavailable".equals(code) || "rate_limited".equals(code))
          ? new SyncDeferred(code, frame.getLong("retryAfter", 0L))
          : new IllegalStateException("sync refused: " + code));
    }
  }

  /**
   * Sends one message into {@code chat} now (on this socket's event loop); its latencies count from {@code dueNanos},
   * when the schedule wanted it sent.
   */
  private void sendMessage(int chat, long dueNanos) {
    if (!open) {
      stats.unsent.increment();
      if (run.timeline != null) {
        run.timeline.refused(System.nanoTime());
      }
      return;
    }
    int idx = ledger.reserve();
    if (idx < 0) {
      stats.unsent.increment();
      return;
    }
    String frame = run.sendFrame(idx, run.chats.id(chat));
    long now = System.nanoTime();
    ledger.sent(idx, chat, id, run.openReceivers(chat, this), Math.min(dueNanos, now));
    stats.sent.increment();
    if (resilient) {
      inFlight.add(idx);
    }
    if (run.timeline != null) {
      run.timeline.sent(now);
    }
    ws.writeTextMessage(frame);
  }

  /**
   * Sends into {@code chat} on the pacer's schedule: a timer set for each message's due time (at most
   * {@code periodMs} ahead, so a sender whose socket closed notices), first after {@code delayMs};
   * {@code onDone} runs once the quota is used (or the socket closed). Messages come due one by one, so the time a
   * message waited for its timer is a millisecond at most, not a period of the sender's rate.
   */
  void startSending(Pacer pacer, long periodMs, long delayMs, int chat, Runnable onDone) {
    context.runOnContext(v -> {
      sendPacer = pacer;
      sendDone = onDone;
      if (!open) {
        finishSending();
        return;
      }
      sendTimer = run.vertx.setTimer(Math.max(1, delayMs), t -> sendDue(pacer, periodMs, chat));
    });
  }

  private void sendDue(Pacer pacer, long periodMs, int chat) {
    long first = pacer.issued() + 1;
    int n = pacer.due(System.nanoTime());
    for (int i = 0; i < n; i++) {
      sendMessage(chat, pacer.dueAt(first + i));
    }
    if (pacer.done() || (!open && !resilient)) {
      sendTimer = -1;
      stopSending();
      return;
    }
    long untilNext = pacer.dueAt(pacer.issued() + 1) - System.nanoTime();
    long wait = Math.max(1, Math.min(periodMs, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(untilNext)));
    sendTimer = run.vertx.setTimer(wait, t -> sendDue(pacer, periodMs, chat));
  }

  /** Stops the send timer, if any; its sender is then done. */
  private void stopSending() {
    if (sendTimer >= 0) {
      run.vertx.cancelTimer(sendTimer);
      sendTimer = -1;
    }
    finishSending();
  }

  private void finishSending() {
    if (sendDone != null) {
      // a socket that closed under load does not send the rest of its share: counted, not hidden
      stats.unsent.add(sendPacer.remaining());
      Runnable done = sendDone;
      sendDone = null;
      done.run();
    }
  }

  /** Syncs every chat of this device from what it has, again while the server says there is more. */
  Future<Void> syncAll() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      // one sync at a time: a second one starts when the first has its answer, from what the device has then
      syncChain = syncChain.transform(previous -> {
        Promise<Void> round = Promise.promise();
        syncRound(round, 0);
        return round.future();
      });
      syncChain.onComplete(done);
    });
    return done.future();
  }

  private void syncRound(Promise<Void> done, int round) {
    if (!open) {
      done.tryFail(new IllegalStateException("not connected"));
      return;
    }
    syncing = true;
    JsonObject map = new JsonObject();
    for (int chat : chats) {
      map.put(run.chats.id(chat), have.contiguous(chat));
    }
    syncId = "s" + (++syncCount);
    Promise<Boolean> answer = Promise.promise();
    syncAnswer = answer;
    ws.writeTextMessage(new JsonObject().put("type", "sync").put("id", syncId).put("chats", map).encode());
    answer.future().onComplete(r -> {
      syncAnswer = null;
      syncing = false;
      if (r.failed() && r.cause() instanceof SyncDeferred deferred && deferrals < MAX_SYNC_DEFERRALS) {
        // As the app does: a server that asks for patience gets the same sync again after a jittered pause.
        deferrals++;
        long pause = Math.max(deferred.retryAfterSeconds * 1000, 500) + (long) (Math.random() * 1000);
        run.vertx.setTimer(pause, t -> syncRound(done, round));
      } else if (r.failed()) {
        done.tryFail(r.cause());
      } else if (r.result() && round < 100_000) {
        syncRound(done, round + 1);
      } else {
        done.tryComplete();
      }
    });
  }

  /** Makes this device resilient (see the field); call before connecting. */
  void resilient() {
    context.runOnContext(v -> resilient = true);
  }

  /** Resilient: the connection is made again after a second, until it works or the device is closed. */
  private void scheduleReconnect() {
    if (reconnecting || shutDown) {
      return;
    }
    reconnecting = true;
    run.vertx.setTimer(1000, t -> reconnect());
  }

  private void reconnect() {
    if (shutDown) {
      reconnecting = false;
      return;
    }
    reconnects++;
    Promise<Void> result = Promise.promise();
    doConnect(result, 10_000);
    result.future().onComplete(r -> {
      if (r.failed()) {
        run.vertx.setTimer(1000, t -> reconnect());
        return;
      }
      reconnecting = false;
      resendInFlight();
      // a sync cut short by another lost connection is made again after that reconnect
      syncAll();
    });
  }

  /** A real client's outbox: what got no answer goes again with the same client id (the server dedupes it). */
  private void resendInFlight() {
    for (int idx : inFlight) {
      if (ledger.state[idx] == Ledger.SENT) {
        stats.resent.increment();
        ws.writeTextMessage(run.sendFrame(idx, run.chats.id(ledger.chat[idx])));
      }
    }
  }

  /** Whether the latest connection is open; a resilient device that is away reconnects by itself. */
  boolean isOpen() {
    return open;
  }

  /** Re-authenticates with the person's current token (after a refresh); the socket stays as it is. */
  void reauth() {
    context.runOnContext(v -> {
      if (open) {
        ws.writeTextMessage(authFrame("r", user.accessToken));
      }
    });
  }

  /** Has every seq up to {@code upTo[chat position]} for each of its chats. */
  boolean caughtUp(long[] targetByChat) {
    for (int chat : chats) {
      if (have.contiguous(chat) < targetByChat[chat]) {
        return false;
      }
    }
    return true;
  }

  /** Closes the socket (normal closure); completes when closed, or at once when it is not open. */
  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      stopSending();
      shutDown = true;
      closing = true;
      open = false;
      if (ws == null || ws.isClosed()) {
        done.complete();
      } else {
        ws.close((short) 1000, "bench done").onComplete(r -> done.tryComplete());
      }
    });
    return done.future();
  }

  long duplicates() {
    return conn.duplicates();
  }

  long outOfOrder() {
    return conn.outOfOrder();
  }

  long gapsFilled() {
    return conn.gapsFilled();
  }

  Context context() {
    return context;
  }

  /** A sync the server asked to be tried again later. */
  private static final class SyncDeferred extends RuntimeException {
    final long retryAfterSeconds;

    SyncDeferred(String code, long retryAfterSeconds) {
      super("sync deferred: " + code, null, false, false);
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }
}
