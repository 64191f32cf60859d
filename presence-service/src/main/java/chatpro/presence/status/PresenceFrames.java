package chatpro.presence.status;

import chatpro.common.bus.Addresses;
import chatpro.presence.online.Locations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes {@code presence} frames to the connected people who share a chat with whoever changed, and to that person's
 * own devices (so their app knows at once that a schedule switched them off or on duty): contacts come from
 * message-service, nodes from the locations map, and each node gets one event-bus message carrying each frame once
 * with its recipients there. Best effort: a client that missed one asks for presence again.
 */
public final class PresenceFrames {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceFrames.class);
  private static final DeliveryOptions CONTACTS_TIMEOUT = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final Locations locations;

  public PresenceFrames(Vertx vertx, Locations locations) {
    this.vertx = vertx;
    this.locations = locations;
  }

  public void push(List<StatusChange> changes) {
    List<Future<List<String>>> contacts = changes.stream()
        .map(c -> contactsOf(c.userId()).map(list -> withSelf(list, c.userId())))
        .toList();
    Future.all(contacts)
        .compose(v -> send(changes, contacts.stream().map(Future::result).toList()))
        .onFailure(e -> LOG.debug("presence frames not pushed: {}", e.toString()));
  }

  private Future<List<String>> contactsOf(String userId) {
    return vertx.eventBus()
        .<JsonObject>request(Addresses.MESSAGE_CONTACTS, new JsonObject().put("userId", userId), CONTACTS_TIMEOUT)
        .map(reply -> reply.body().getJsonArray("userIds", new JsonArray()).stream().map(String::valueOf).toList())
        .otherwise(e -> {
          LOG.debug("contacts of a user not known: {}", e.toString());
          return List.of();
        });
  }

  private static List<String> withSelf(List<String> contacts, String userId) {
    List<String> recipients = new java.util.ArrayList<>(contacts.size() + 1);
    recipients.addAll(contacts);
    recipients.add(userId);
    return recipients;
  }

  private Future<Void> send(List<StatusChange> changes, List<List<String>> contacts) {
    Set<String> everyone = new LinkedHashSet<>();
    contacts.forEach(everyone::addAll);
    if (everyone.isEmpty()) {
      return Future.succeededFuture();
    }
    return locations.nodes(everyone).map(nodes -> {
      Map<String, JsonArray> framesPerNode = new HashMap<>();
      for (int i = 0; i < changes.size(); i++) {
        addFrame(framesPerNode, changes.get(i).frame().encode(), contacts.get(i), nodes);
      }
      framesPerNode.forEach((node, frames) ->
          vertx.eventBus().send(Addresses.gatewayDeliver(node), new JsonObject().put("frames", frames)));
      return null;
    });
  }

  /** Adds one change's frame to the message of each node holding some of its recipients. */
  private static void addFrame(Map<String, JsonArray> framesPerNode, String frame, List<String> recipients,
      Map<String, Set<String>> nodes) {
    Map<String, JsonArray> usersPerNode = new HashMap<>();
    for (String user : recipients) {
      for (String node : nodes.getOrDefault(user, Set.of())) {
        usersPerNode.computeIfAbsent(node, k -> new JsonArray()).add(user);
      }
    }
    usersPerNode.forEach((node, users) -> framesPerNode.computeIfAbsent(node, k -> new JsonArray())
        .add(new JsonObject().put("frame", frame).put("users", users)));
  }
}
