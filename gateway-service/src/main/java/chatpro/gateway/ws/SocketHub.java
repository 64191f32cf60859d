package chatpro.gateway.ws;

import chatpro.common.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import chatpro.common.presence.OffDutyView;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway node's sockets by user. It registers the node with presence when a user's first socket here
 * authenticates (and unregisters on the last close), takes one event-bus message per delivery batch for the whole
 * node, and meets every socket deadline with one sweep per second instead of a timer per socket.
 */
public final class SocketHub {
  private static final Logger LOG = LoggerFactory.getLogger(SocketHub.class);
  static final long AUTH_TIMEOUT_MS = 10_000;
  static final long EXPIRED_GRACE_MS = 30_000;
  /** How long a stopping node waits for presence to drop it. */
  static final long STOP_PRESENCE_MS = 3_000;
  /** Socket writes of delivery batches per event-loop turn (about 30 ms of writes on this machine). */
  static final int WRITES_PER_TURN = 2_000;
  private static final JsonArray EMPTY = new JsonArray();

  private final Vertx vertx;
  private final String nodeId;
  private final Set<ClientSocket> unauthenticated = new LinkedHashSet<>();
  private final Map<String, List<ClientSocket>> byUser = new HashMap<>();
  private final Map<String, Future<Void>> registrations = new HashMap<>();
  private final com.hazelcast.core.HazelcastInstance hazelcast;
  private final OffDutyView offDuty = new OffDutyView();
  private MessageConsumer<JsonObject> deliveries;
  /** Delivery batches not yet fully written, in arrival order, and the next delivery of the first. */
  private final ArrayDeque<JsonObject> inbox = new ArrayDeque<>();
  private int nextDelivery;
  private boolean draining;
  /** Sockets in {@link #byUser}; with those not yet authenticated, {@link #connections}. */
  private int authenticated;
  /** Read by the metrics of any of the gateway's loops, so kept in a field of its own. */
  private volatile int connections;
  private long sweepTimer;

  public SocketHub(Vertx vertx, String nodeId, com.hazelcast.core.HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.hazelcast = hazelcast;
  }

  public Future<Void> start() {
    deliveries = vertx.eventBus().consumer(Addresses.gatewayDeliver(nodeId), msg -> enqueue(msg.body()));
    Future<OffDutyView> watching = offDuty.start(vertx, hazelcast, this::backOnDuty);
    sweepTimer = vertx.setPeriodic(1_000, id -> sweep());
    return watching.compose(v -> deliveries.completion());
  }

  /**
   * Closes every socket and tells presence this node is gone: its cluster member may stay (gateways sharing one
   * member), and then no membership event would clear its users. A presence that does not answer in time is left
   * to notice the member go, if it goes.
   */
  public Future<Void> stop() {
    vertx.cancelTimer(sweepTimer);
    offDuty.stop(vertx);
    inbox.clear();
    boolean registered = !registrations.isEmpty();
    List<ClientSocket> all = new ArrayList<>(unauthenticated);
    byUser.values().forEach(all::addAll);
    all.forEach(s -> s.close(1001, "the server is stopping"));
    Future<Void> unregistered = deliveries == null ? Future.succeededFuture() : deliveries.unregister();
    return registered ? unregistered.compose(v -> tellPresenceGone()) : unregistered;
  }

  private Future<Void> tellPresenceGone() {
    return vertx.eventBus()
        .request(Addresses.PRESENCE_NODE_GONE, new JsonObject().put("nodeId", nodeId),
            new DeliveryOptions().setSendTimeout(STOP_PRESENCE_MS))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("presence did not hear that this node stopped: {}", e.toString());
          return Future.succeededFuture();
        });
  }

  /** The sockets open here; safe to read from any thread. */
  public int connections() {
    return connections;
  }

  private void counted() {
    connections = unauthenticated.size() + authenticated;
  }

  ClientSocket open(Wire wire, int maxQueue) {
    ClientSocket socket = new ClientSocket(wire, maxQueue, System.currentTimeMillis());
    socket.duty(offDuty::isOffDuty);
    unauthenticated.add(socket);
    counted();
    return socket;
  }

  /** Counts the socket as its user's; completes once presence knows this node holds the user. */
  Future<Void> attach(ClientSocket socket) {
    unauthenticated.remove(socket);
    String user = socket.userId();
    List<ClientSocket> sockets = byUser.computeIfAbsent(user, k -> new ArrayList<>(2));
    if (!sockets.contains(socket)) {
      sockets.add(socket);
      authenticated++;
    }
    counted();
    return registrations.computeIfAbsent(user, u -> vertx.eventBus()
        .request(Addresses.PRESENCE_CONNECT, new JsonObject().put("userId", u).put("nodeId", nodeId)
            .put("orgId", socket.token().orgId()))
        .<Void>mapEmpty()
        .onFailure(e -> registrations.remove(u)));
  }

  void detach(ClientSocket socket) {
    unauthenticated.remove(socket);
    counted();
    String user = socket.userId();
    if (user == null) {
      return;
    }
    List<ClientSocket> sockets = byUser.get(user);
    boolean removed = sockets != null && sockets.remove(socket);
    if (removed) {
      authenticated--;
      counted();
    }
    if (removed && sockets.isEmpty()) {
      byUser.remove(user);
      Future<Void> registered = registrations.remove(user);
      if (registered != null) {
        registered.onComplete(r -> vertx.eventBus().request(Addresses.PRESENCE_DISCONNECT,
                new JsonObject().put("userId", user).put("nodeId", nodeId).put("orgId", socket.token().orgId()))
            .onFailure(e -> LOG.warn("presence did not hear that a user left this node: {}", e.toString())));
      }
    }
  }

  /** Closes the matching sockets of a user (logout, deactivation). */
  public void closeWhere(String userId, Predicate<ClientSocket> which, int code, String reason) {
    List<ClientSocket> sockets = byUser.get(userId);
    if (sockets != null) {
      new ArrayList<>(sockets).stream().filter(which).forEach(s -> s.close(code, reason));
    }
  }

  /** The user's sockets here get what was held back while they were off duty. */
  private void backOnDuty(String userId) {
    List<ClientSocket> sockets = byUser.get(userId);
    if (sockets != null) {
      new ArrayList<>(sockets).forEach(ClientSocket::release);
    }
  }

  /**
   * Takes a delivery batch in arrival order. A batch for a large group is many thousand socket writes: they are made
   * a turn at a time ({@link #WRITES_PER_TURN}), so the event loop this node shares (acks, its other sockets, other
   * services in the same instance) is never held for seconds, and batches still go out in the order they came.
   */
  private void enqueue(JsonObject batch) {
    inbox.add(batch);
    if (!draining) {
      draining = true;
      drainInbox();
    }
  }

  private void drainInbox() {
    int budget = WRITES_PER_TURN;
    while (budget > 0 && !inbox.isEmpty()) {
      JsonObject batch = inbox.peek();
      if (nextDelivery == 0) {
        budget -= deliverFrames(batch);
      }
      JsonArray list = batch.getJsonArray("deliveries", EMPTY);
      while (budget > 0 && nextDelivery < list.size()) {
        budget -= deliver(list.getJsonObject(nextDelivery++));
      }
      if (nextDelivery >= list.size()) {
        inbox.poll();
        nextDelivery = 0;
      }
    }
    if (inbox.isEmpty()) {
      draining = false;
    } else {
      vertx.runOnContext(v -> drainInbox());
    }
  }

  /** Frames that are not chat events (receipts, typing); answers how many sockets were written. */
  private int deliverFrames(JsonObject batch) {
    int writes = 0;
    JsonArray frames = batch.getJsonArray("frames");
    if (frames != null) {
      for (int i = 0; i < frames.size(); i++) {
        JsonObject f = frames.getJsonObject(i);
        WireFrame frame = new WireFrame(f.getString("frame"));
        boolean quietable = f.getBoolean("quietable", false);
        try {
          for (Object user : f.getJsonArray("users")) {
            List<ClientSocket> sockets = byUser.get((String) user);
            if (sockets != null) {
              sockets.forEach(s -> s.sendRaw(frame, quietable));
              writes += sockets.size();
            }
          }
        } finally {
          frame.release();
        }
      }
    }
    return writes;
  }

  /** One chat event to its recipients on this node; answers how many sockets it went to (at least 1). */
  private int deliver(JsonObject d) {
    String chatId = d.getString("chatId");
    long seq = d.getLong("seq");
    WireFrame frame = new WireFrame(d.getString("frame"));
    boolean urgent = d.getBoolean("urgent", false);
    int writes = 1;
    try {
      for (Object user : d.getJsonArray("users")) {
        List<ClientSocket> sockets = byUser.get((String) user);
        if (sockets != null) {
          for (ClientSocket s : sockets) {
            s.pushEvent(chatId, seq, frame, urgent);
          }
          writes += sockets.size();
        }
      }
    } finally {
      frame.release();
    }
    return writes;
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    for (ClientSocket s : new ArrayList<>(unauthenticated)) {
      if (now - s.connectedAt() > AUTH_TIMEOUT_MS) {
        s.close(ClientSocket.CLOSE_UNAUTHENTICATED, "not authenticated");
      }
    }
    for (List<ClientSocket> sockets : byUser.values()) {
      for (ClientSocket s : sockets) {
        long expires = s.token().expiresAt().toEpochMilli();
        if (s.closeAt() == 0 && expires <= now) {
          s.send(new JsonObject().put("type", "error").put("code", "token_expired")
              .put("message", "the access token expired; send auth with a fresh token"));
          s.closeAt(now + EXPIRED_GRACE_MS);
        } else if (s.closeAt() != 0 && s.closeAt() <= now) {
          s.close(ClientSocket.CLOSE_UNAUTHENTICATED, "token expired");
        }
      }
    }
  }
}
