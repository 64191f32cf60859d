package chatpro.gateway.ws;

import chatpro.common.auth.AccessToken;
import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.bus.CallerSeals;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.gateway.auth.Authenticator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.BiFunction;

/** The WebSocket protocol on one gateway node: authentication, then client frames turned into service requests. */
public final class SocketHandler {
  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(15_000);
  /** The largest text frame the protocol accepts, in UTF-8 bytes. */
  public static final int MAX_FRAME_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final Authenticator auth;
  private final SocketHub hub;
  private final int maxQueue;
  private final Map<String, BiFunction<ClientSocket, JsonObject, Future<JsonObject>>> requests;
  private final SendCoalescer sends;
  private final CallerSeals seals;

  public SocketHandler(Vertx vertx, Authenticator auth, SocketHub hub, int maxQueue) {
    this.vertx = vertx;
    this.seals = CallerSeals.of(vertx);
    this.auth = auth;
    this.hub = hub;
    this.maxQueue = maxQueue;
    this.sends = new SendCoalescer(vertx);
    this.requests = Map.of(
        "send", this::send,
        "sync", this::sync,
        "received", (socket, frame) -> cursor(socket, frame, "received"),
        "read", (socket, frame) -> cursor(socket, frame, "read"),
        "typing", this::typing,
        "edit", (socket, frame) -> onMessage(socket, frame, Addresses.MESSAGE_EDIT, "text"),
        "delete", (socket, frame) -> onMessage(socket, frame, Addresses.MESSAGE_DELETE, null),
        "react", (socket, frame) -> onMessage(socket, frame, Addresses.MESSAGE_REACT, "emoji"),
        "open", (socket, frame) -> {
          socket.look();
          return Future.succeededFuture(new JsonObject());
        },
        "ping", (socket, frame) -> Future.succeededFuture(new JsonObject()));
  }

  /** Takes a new socket; {@code headerToken} is a token from the upgrade's Authorization header, or null. */
  public void accept(WebSocketLink link, String headerToken) {
    ClientSocket socket = hub.open(link, maxQueue);
    socket.repairer(this::repair);
    FrameReader reader = new FrameReader(MAX_FRAME_BYTES, reading(socket));
    link.frames(new WebSocketLink.Frames() {
      @Override
      public void frame(WebSocketFrame frame) {
        reader.frame(frame);
      }

      @Override
      public void closed() {
        hub.detach(socket);
      }
    });
    if (headerToken != null) {
      auth.verify(headerToken)
          .compose(token -> authenticated(socket, token, null))
          .onFailure(e -> socket.close(ClientSocket.CLOSE_UNAUTHENTICATED, "not authenticated"));
    }
  }

  /** Text goes to {@link #onText}; an oversize message closes with 1009, a binary frame with 1003 (4401 before auth). */
  private FrameReader.Listener reading(ClientSocket socket) {
    return new FrameReader.Listener() {
      @Override
      public void text(String text) {
        onText(socket, text);
      }

      @Override
      public void tooLarge() {
        socket.close(1009, "frame too large");
      }

      @Override
      public void binary() {
        socket.close(socket.authenticated() ? 1003 : ClientSocket.CLOSE_UNAUTHENTICATED,
            "binary frames are not supported");
      }
    };
  }

  /**
   * Until the socket is authenticated, anything but a well-formed {@code auth} frame closes it with 4401 at once:
   * before auth the protocol has no error answers to give. After auth, a frame of the wrong shape gets an error.
   */
  private void onText(ClientSocket socket, String text) {
    if (socket.closed()) {
      return;
    }
    JsonObject frame = parse(text);
    Object rawType = frame == null ? null : frame.getValue("type");
    Object rawId = frame == null ? null : frame.getValue("id");
    String id = rawId instanceof String s && FrameShapes.wellFormed(s) ? s : null;
    if (!socket.authenticated()) {
      if ("auth".equals(rawType) && (rawId == null || id != null)) {
        onAuth(socket, frame, id);
      } else {
        socket.close(ClientSocket.CLOSE_UNAUTHENTICATED, "the first frame must be auth");
      }
      return;
    }
    if (frame == null) {
      socket.send(Frames.error(null, ErrorCode.BAD_REQUEST, "a frame must be a JSON object"));
    } else if (!(rawType instanceof String type)) {
      socket.send(Frames.error(null, ErrorCode.BAD_REQUEST, "a frame needs a string type"));
    } else if (rawId != null && id == null) {
      socket.send(Frames.error(null, ErrorCode.BAD_REQUEST, "id must be a string"));
    } else if ("auth".equals(type)) {
      onAuth(socket, frame, id);
    } else {
      onRequest(socket, frame, type, id);
    }
  }

  /**
   * The frame as a JSON object, or null for anything else: not UTF-8 (a null text), not JSON, an array, a string,
   * nested deeper than the JSON parser allows.
   */
  private static JsonObject parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void onRequest(ClientSocket socket, JsonObject frame, String type, String id) {
    var handler = requests.get(type);
    String problem = FrameShapes.problem(type, frame);
    if (handler == null || problem != null) {
      socket.send(Frames.error(id, ErrorCode.BAD_REQUEST, handler == null ? "unknown frame type" : problem));
      return;
    }
    Future<JsonObject> answer;
    try {
      answer = handler.apply(socket, frame);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(r -> {
      if (id == null) {
        if (r.failed()) {
          socket.send(Frames.error(null, r.cause()));
        }
      } else if (r.succeeded()) {
        socket.send(r.result().put("type", "ack").put("id", id));
      } else {
        socket.send(Frames.error(id, r.cause()));
      }
    });
  }

  private void onAuth(ClientSocket socket, JsonObject frame, String id) {
    String token = frame.getValue("token") instanceof String t ? t : null;
    String device = frame.getValue("device") instanceof String d && d.length() <= 100 ? d : null;
    auth.verify(token)
        .compose(t -> {
          if (socket.authenticated() && !socket.userId().equals(t.userId())) {
            return Future.failedFuture(ChatproException.unauthorized());
          }
          return authenticated(socket, t, device);
        })
        .onSuccess(v -> socket.send(Frames.ack(id).put("userId", socket.userId())))
        .onFailure(e -> {
          socket.send(Frames.error(id, ErrorCode.UNAUTHORIZED, "the token is not valid"));
          socket.close(ClientSocket.CLOSE_UNAUTHENTICATED, "not authenticated");
        });
  }

  private Future<Void> authenticated(ClientSocket socket, AccessToken token, String device) {
    if (socket.closed()) {
      return Future.failedFuture(ChatproException.unauthorized());
    }
    socket.authenticate(token, device);
    return hub.attach(socket);
  }

  /** The socket's person as a sealed caller: sealed afresh per request, as a seal lives minutes and a socket days. */
  private JsonObject caller(ClientSocket socket) {
    return seals.seal(Caller.of(socket.token())).toJson();
  }

  private Future<JsonObject> send(ClientSocket socket, JsonObject frame) {
    // Only the protocol's fields travel on: an unknown one (say, 999 nested arrays) could fail the encoding of the
    // whole batch of sends it shares an event-bus request with.
    JsonObject message = new JsonObject().put("clientId", frame.getValue("id"));
    for (String field : FrameShapes.SEND_FIELDS) {
      if (frame.getValue(field) != null) {
        message.put(field, frame.getValue(field));
      }
    }
    JsonObject request = new JsonObject()
        .put("caller", caller(socket))
        .put("chatId", frame.getValue("chatId"))
        .put("message", message);
    return sends.submit(request).map(ack -> {
      ack.remove("repeated");
      return ack;
    });
  }

  private Future<JsonObject> cursor(ClientSocket socket, JsonObject frame, String kind) {
    return call(Addresses.CURSOR, new JsonObject().put("caller", caller(socket))
        .put("chatId", frame.getValue("chatId")).put("kind", kind).put("seq", frame.getValue("seq")))
        .map(answer -> new JsonObject());
  }

  /** Typing is relayed at most every 2 s per chat per socket; the rest are dropped quietly. */
  private Future<JsonObject> typing(ClientSocket socket, JsonObject frame) {
    Object chatId = frame.getValue("chatId");
    if (!(chatId instanceof String chat) || !socket.mayRelayTyping(chat, System.currentTimeMillis())) {
      return Future.succeededFuture(new JsonObject());
    }
    return call(Addresses.TYPING, new JsonObject().put("caller", caller(socket))
        .put("chatId", chat)).map(answer -> new JsonObject());
  }

  /** edit, delete and react: a request about one message, with one field of the frame passed on. */
  private Future<JsonObject> onMessage(ClientSocket socket, JsonObject frame, String address, String field) {
    JsonObject request = new JsonObject().put("caller", caller(socket))
        .put("messageId", frame.getValue("messageId"));
    if (field != null) {
      request.put(field, frame.getValue(field));
    }
    return call(address, request).map(answer -> new JsonObject());
  }

  /** Writes the missed events as event frames, then answers; live events wait meanwhile to keep seq order. */
  private Future<JsonObject> sync(ClientSocket socket, JsonObject frame) {
    JsonObject request = new JsonObject()
        .put("caller", caller(socket))
        .put("chats", frame.getValue("chats"));
    socket.beginSync();
    return call(Addresses.SYNC, request)
        .map(answer -> {
          JsonArray chatIds = answer.getJsonArray("chatIds");
          JsonArray seqs = answer.getJsonArray("seqs");
          JsonArray events = answer.getJsonArray("events");
          for (int i = 0; i < events.size(); i++) {
            // message-service encoded the event once for every device that syncs it: framed here as text
            socket.pushMissing(chatIds.getString(i), seqs.getLong(i),
                "{\"type\":\"event\",\"event\":" + events.getString(i) + "}");
          }
          return new JsonObject().put("more", answer.getBoolean("more"));
        })
        .onComplete(r -> socket.endSync());
  }

  /** Catch-up pages of a chat's log pushed to one socket (back on duty, a gap); past this the client syncs. */
  static final int REPAIR_PAGE = 1000;
  static final int REPAIR_PAGES = 10;

  private Future<Void> repair(ClientSocket socket, String chatId, long after) {
    return repairPage(socket, chatId, after, 1);
  }

  private Future<Void> repairPage(ClientSocket socket, String chatId, long after, int page) {
    JsonObject request = new JsonObject().put("caller", caller(socket)).put("chatId", chatId)
        .put("after", after).put("limit", REPAIR_PAGE);
    return call(Addresses.CHAT_EVENTS, request).compose(answer -> {
      JsonArray events = answer.getJsonArray("events");
      long last = after;
      for (int i = 0; i < events.size(); i++) {
        JsonObject event = events.getJsonObject(i);
        last = event.getLong("seq");
        socket.pushMissing(chatId, last, new JsonObject().put("type", "event").put("event", event).encode());
      }
      boolean more = events.size() == REPAIR_PAGE && page < REPAIR_PAGES && !socket.closed();
      return more ? repairPage(socket, chatId, last, page + 1) : Future.succeededFuture();
    });
  }

  private Future<JsonObject> call(String address, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(address, request, REQUEST).map(reply -> reply.body());
  }
}
