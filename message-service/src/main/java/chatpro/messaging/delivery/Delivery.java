package chatpro.messaging.delivery;

import chatpro.common.bus.Addresses;
import chatpro.messaging.log.Appended;
import chatpro.messaging.log.Event;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live fan-out of committed events: finds who may see each event, asks presence which gateway nodes hold their
 * sockets, and sends one event-bus message per node carrying each frame once with its recipients there.
 * PostgreSQL holds every event and devices recover anything missed with {@code sync}; a pass that fails is tried
 * again a few times first, since a connected device syncs only when it sees a gap.
 */
public final class Delivery {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
  static final String MEMBERS = "SELECT chat_id, user_id, joined_seq, removed_seq FROM members"
      + " WHERE chat_id = ANY($1) AND (removed_seq IS NULL OR removed_seq >= $2)";

  /** Events handed to one delivery pass at most; more wait for the next pass. */
  static final int MAX_PASS = 4096;

  /** How long a socket lookup may take before it is asked again, and how often. */
  static final long LOCATE_TIMEOUT = 2_000;
  static final int LOCATE_ATTEMPTS = 3;
  /** How often a pass is tried before its events are left to the devices' sync, and the pause before each retry. */
  static final int PASS_ATTEMPTS = 5;
  static final long RETRY_MILLIS = 500;
  private static final DeliveryOptions LOCATE_OPTIONS = new DeliveryOptions().setSendTimeout(LOCATE_TIMEOUT);

  private final Vertx vertx;
  private final Pool pool;
  /** How long an event waits for its predecessor before it goes out anyway (the gateway then fills the gap). */
  static final long HOLD_MILLIS = 100;

  private final java.util.ArrayDeque<Event> pending = new java.util.ArrayDeque<>();
  /**
   * Who may see each event still waiting for its pass, when its writer read the members in its transaction (by
   * identity: an event's own hash would hash its JSON); events without an entry have their members looked up.
   */
  private final Map<Event, List<String>> known = new java.util.IdentityHashMap<>();
  private final SeqOrder order = new SeqOrder(HOLD_MILLIS, 100_000);
  private boolean delivering;
  /** Passes in a row that failed. */
  private int failedPasses;
  private long expiryTimer = -1;

  public Delivery(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /**
   * Pushes the events (in seq order per chat) to the connected devices of everyone who may see them. Deliveries
   * leave in commit order, one pass at a time, so a chat's events reach a node in seq order; events committed while
   * a pass runs go out together in the next one (one membership query, one presence lookup and one message per
   * node for all of them). Must be called on the verticle's event loop.
   */
  public void deliver(Appended appended) {
    if (!appended.membersByChat().isEmpty()) {
      for (Event e : appended.events()) {
        List<String> members = appended.membersByChat().get(e.chatId());
        if (members != null) {
          known.put(e, members);
        }
      }
    }
    enqueue(order.offer(appended.events(), System.currentTimeMillis()));
    if (expiryTimer < 0 && order.hasWaiting()) {
      expiryTimer = vertx.setTimer(HOLD_MILLIS / 4, id -> expire());
    }
  }

  private void expire() {
    expiryTimer = -1;
    enqueue(order.expire(System.currentTimeMillis()));
    if (order.hasWaiting()) {
      expiryTimer = vertx.setTimer(HOLD_MILLIS / 4, id -> expire());
    }
  }

  private void enqueue(List<Event> ready) {
    pending.addAll(ready);
    if (!delivering) {
      nextPass();
    }
  }

  private void nextPass() {
    if (pending.isEmpty()) {
      delivering = false;
      return;
    }
    delivering = true;
    List<Event> events = new ArrayList<>(Math.min(pending.size(), MAX_PASS));
    while (events.size() < MAX_PASS && !pending.isEmpty()) {
      events.add(pending.poll());
    }
    recipients(events)
        .compose(byEvent -> locate(byEvent.values()).map(nodes -> send(events, byEvent, nodes)))
        .onSuccess(v -> passed(events))
        .onFailure(e -> retryLater(events, e));
  }

  private void passed(List<Event> events) {
    failedPasses = 0;
    events.forEach(known::remove);
    nextPass();
  }

  /**
   * A pass that could not locate its recipients (presence slow or going) is tried again after a pause, its events
   * first, so connected devices still get them: a device only syncs when it reconnects or sees a gap, and the last
   * events of a chat show it no gap. After {@link #PASS_ATTEMPTS} failures in a row the pass is let go.
   */
  private void retryLater(List<Event> events, Throwable failure) {
    if (++failedPasses >= PASS_ATTEMPTS) {
      LOG.warn("live delivery of {} events failed {} times, devices will sync: {}", events.size(), failedPasses,
          failure.toString());
      failedPasses = 0;
      events.forEach(known::remove);
      nextPass();
      return;
    }
    LOG.info("live delivery of {} events failed, trying again: {}", events.size(), failure.toString());
    for (int i = events.size() - 1; i >= 0; i--) {
      pending.addFirst(events.get(i));
    }
    vertx.setTimer(RETRY_MILLIS * failedPasses, id -> nextPass());
  }

  /**
   * Pushes a frame that is not a chat event (a receipt, typing) to the connected devices of these users; devices of
   * off-duty users that are not looking do not get it.
   */
  public void deliverFrame(java.util.Collection<String> users, JsonObject frame) {
    if (users.isEmpty()) {
      return;
    }
    String encoded = frame.encode();
    locate(List.of(users)).onSuccess(locations -> {
      Map<String, JsonArray> perNode = new HashMap<>();
      for (String user : users) {
        JsonArray nodes = locations.getJsonArray(user);
        if (nodes != null) {
          nodes.forEach(n -> perNode.computeIfAbsent((String) n, k -> new JsonArray()).add(user));
        }
      }
      perNode.forEach((node, to) -> vertx.eventBus().send(Addresses.gatewayDeliver(node), new JsonObject()
          .put("frames", new JsonArray().add(new JsonObject().put("frame", encoded).put("users", to)
              .put("quietable", true)))));
    }).onFailure(e -> LOG.debug("frame not delivered: {}", e.toString()));
  }

  /** Who may see each event: known from its writer's transaction, or looked up (one query for the pass). */
  private Future<Map<Event, List<String>>> recipients(List<Event> events) {
    Map<Event, List<String>> result = new java.util.IdentityHashMap<>();
    List<Event> unknown = new ArrayList<>();
    for (Event e : events) {
      List<String> members = known.get(e);
      if (members != null) {
        result.put(e, members);
      } else {
        unknown.add(e);
      }
    }
    if (unknown.isEmpty()) {
      return Future.succeededFuture(result);
    }
    UUID[] chats = unknown.stream().map(Event::chatId).distinct().toArray(UUID[]::new);
    long minSeq = unknown.stream().mapToLong(Event::seq).min().orElse(0);
    return pool.preparedQuery(MEMBERS).execute(Tuple.of(chats, minSeq)).map(rows -> {
      Map<UUID, List<Row>> byChat = new HashMap<>();
      rows.forEach(r -> byChat.computeIfAbsent(r.getUUID("chat_id"), k -> new ArrayList<>()).add(r));
      for (Event e : unknown) {
        List<String> users = new ArrayList<>();
        for (Row m : byChat.getOrDefault(e.chatId(), List.of())) {
          Long removed = m.getLong("removed_seq");
          if (m.getLong("joined_seq") <= e.seq() && (removed == null || removed >= e.seq())) {
            users.add(m.getUUID("user_id").toString());
          }
        }
        result.put(e, users);
      }
      return result;
    });
  }

  private Future<JsonObject> locate(java.util.Collection<? extends java.util.Collection<String>> groups) {
    Set<String> users = new LinkedHashSet<>();
    groups.forEach(users::addAll);
    JsonObject request = new JsonObject().put("userIds", new JsonArray(new ArrayList<>(users)));
    return locate(request, 1);
  }

  /**
   * A lookup is a map read that answers in milliseconds; one that has not answered in {@link #LOCATE_TIMEOUT} went to
   * a presence instance that is leaving or gone, and is asked again (the event bus picks the next instance), so a
   * departed instance holds a delivery pass back for a second or two, not the event bus's default 30 s.
   */
  private Future<JsonObject> locate(JsonObject request, int attempt) {
    return vertx.eventBus().<JsonObject>request(Addresses.PRESENCE_LOCATE, request, LOCATE_OPTIONS)
        .map(reply -> reply.body().getJsonObject("locations"))
        .recover(e -> attempt < LOCATE_ATTEMPTS ? locate(request, attempt + 1) : Future.failedFuture(e));
  }

  private Void send(List<Event> events, Map<Event, List<String>> byEvent, JsonObject locations) {
    Map<String, JsonArray> perNode = new HashMap<>();
    for (Event e : events) {
      String frame = null;
      Map<String, JsonArray> usersPerNode = new HashMap<>();
      for (String user : byEvent.get(e)) {
        JsonArray nodes = locations.getJsonArray(user);
        if (nodes != null) {
          nodes.forEach(n -> usersPerNode.computeIfAbsent((String) n, k -> new JsonArray()).add(user));
        }
      }
      for (Map.Entry<String, JsonArray> node : usersPerNode.entrySet()) {
        if (frame == null) {
          frame = new JsonObject().put("type", "event").put("event", e.toJson()).encode();
        }
        JsonObject delivery = new JsonObject().put("chatId", e.chatId().toString()).put("seq", e.seq())
            .put("frame", frame).put("users", node.getValue());
        if (e.fields().getBoolean("urgent", false)) {
          delivery.put("urgent", true);
        }
        perNode.computeIfAbsent(node.getKey(), k -> new JsonArray()).add(delivery);
      }
    }
    perNode.forEach((node, deliveries) -> vertx.eventBus().send(Addresses.gatewayDeliver(node),
        new JsonObject().put("deliveries", deliveries)));
    return null;
  }
}
