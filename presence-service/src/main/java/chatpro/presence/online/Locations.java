package chatpro.presence.online;

import chatpro.common.json.Fields;
import chatpro.common.presence.LocationMap;
import chatpro.common.presence.NodeSet;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which gateway nodes hold sockets of which users, in a Hazelcast map shared by every presence replica
 * ({@link LocationMap}, whose entries are placed so that locating a large group's users stays cheap). A gateway node
 * that leaves the cluster (stopped or dead) is removed from every entry, so its users go offline without a timeout
 * per user, and the users who lost their last node are handed on. Hazelcast calls block, so they run on worker
 * threads of the verticle's context, whose event loop gets the answers.
 */
public final class Locations implements MembershipListener {
  private static final Logger LOG = LoggerFactory.getLogger(Locations.class);

  private final Context context;
  private final IMap<String, String> map;
  private final java.util.UUID listener;
  private final HazelcastInstance hazelcast;
  private final Consumer<List<String>> nodeLeft;

  /** When to sweep again after a member left (see memberRemoved). */
  static final long[] AFTER_LEAVE_MS = {2_000, 5_000, 8_000};

  /**
   * @param context the verticle's context: blocking calls run on its workers and answers come back on it
   * @param nodeLeft told, on that context, which users went offline because their gateway node left the cluster
   */
  public Locations(Context context, HazelcastInstance hazelcast, Consumer<List<String>> nodeLeft) {
    this.context = context;
    this.hazelcast = hazelcast;
    this.nodeLeft = nodeLeft;
    this.map = hazelcast.getMap(LocationMap.NAME);
    this.listener = hazelcast.getCluster().addMembershipListener(this);
  }

  /** {@code {userId, nodeId}} → {@code {online}}: true when this is the user's first node. */
  public Future<JsonObject> connect(JsonObject request) {
    String user = request.getString("userId");
    String node = request.getString("nodeId");
    return context.executeBlocking(() -> map.executeOnKey(user, new NodeSet.Add(node)), false)
        .map(first -> new JsonObject().put("online", first));
  }

  /** {@code {userId, nodeId}} → {@code {offline}}: true when the user has no node left. */
  public Future<JsonObject> disconnect(JsonObject request) {
    String user = request.getString("userId");
    String node = request.getString("nodeId");
    return context.executeBlocking(() -> map.executeOnKey(user, new NodeSet.Remove(node)), false)
        .map(last -> new JsonObject().put("offline", last));
  }

  /** {@code {userIds}} → {@code {locations:{userId:[nodeId...]}}} for the users that are connected. */
  public Future<JsonObject> locate(JsonObject request) {
    Set<String> users = new HashSet<>();
    request.getJsonArray("userIds").forEach(u -> users.add((String) u));
    return context.executeBlocking(() -> map.getAll(users), false).map(found -> {
      JsonObject locations = new JsonObject();
      for (Map.Entry<String, String> e : found.entrySet()) {
        locations.put(e.getKey(), new JsonArray(NodeSet.parse(e.getValue()).stream().toList()));
      }
      return new JsonObject().put("locations", locations);
    });
  }

  /** The nodes of each of these users that is connected anywhere. */
  public Future<Map<String, Set<String>>> nodes(Collection<String> users) {
    Set<String> keys = new HashSet<>(users);
    return context.executeBlocking(() -> map.getAll(keys), false).map(found -> {
      Map<String, Set<String>> nodes = new HashMap<>();
      found.forEach((user, value) -> {
        Set<String> set = NodeSet.parse(value);
        if (!set.isEmpty()) {
          nodes.put(user, set);
        }
      });
      return nodes;
    });
  }

  /** Which of these users have a device connected on some node. */
  public Future<Set<String>> online(Collection<String> users) {
    return nodes(users).map(Map::keySet);
  }

  @Override
  public void memberAdded(MembershipEvent event) {}

  /**
   * {@code {nodeId}} → {@code {offline: n}}: a gateway node stopped while its cluster member stays (gateways that
   * share one member, as in the dev instance, leave no membership event): its users lose that node.
   */
  public Future<JsonObject> nodeGone(JsonObject request) {
    String node = Fields.string(request, "nodeId", 1, NodeSet.MAX_NODE_ID);
    return context.executeBlocking(() -> map.executeOnEntries(new NodeSet.Remove(node)), false)
        .map(Locations::wentOffline)
        .onSuccess(offline -> LOG.info("gateway node {} stopped; {} users lost their last node", node, offline.size()))
        .onSuccess(this::tellNodeLeft)
        .map(offline -> new JsonObject().put("offline", offline.size()));
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    String member = chatpro.common.cluster.Hazelcast.nodeIdOf(event.getMember());
    context.executeBlocking(() -> map.executeOnEntries(new NodeSet.RemoveMember(member)), false)
        .onSuccess(results -> LOG.info("cluster member {} left; {} users updated", member, results.size()))
        .map(Locations::wentOffline)
        .onSuccess(this::tellNodeLeft)
        .onFailure(e -> LOG.warn("could not clear member {} from presence: {}", member, e.toString()));
    // Entries in the departed member's partitions may not be reachable yet (their backups are being promoted):
    // look again shortly, so its users are offline within seconds either way.
    for (long delay : AFTER_LEAVE_MS) {
      context.owner().setTimer(delay, t -> dropGoneNodes());
    }
  }

  /**
   * Drops node ids that are not cluster members now from every user (a safety net next to memberRemoved): run
   * every few seconds, it bounds how long a vanished node can keep its users online.
   */
  public Future<Void> dropGoneNodes() {
    return context.executeBlocking(() -> {
      java.util.HashSet<String> members = new java.util.HashSet<>();
      hazelcast.getCluster().getMembers().forEach(m -> members.add(chatpro.common.cluster.Hazelcast.nodeIdOf(m)));
      return map.executeOnEntries(new NodeSet.Retain(members));
    }, false)
        .map(Locations::wentOffline)
        .onSuccess(offline -> {
          if (!offline.isEmpty()) {
            LOG.info("{} users lost their last node to a node no longer in the cluster", offline.size());
          }
        })
        .onSuccess(this::tellNodeLeft)
        .mapEmpty();
  }

  private static List<String> wentOffline(Map<String, Boolean> results) {
    return results.entrySet().stream().filter(e -> Boolean.TRUE.equals(e.getValue())).map(Map.Entry::getKey).toList();
  }

  private void tellNodeLeft(List<String> offline) {
    if (!offline.isEmpty()) {
      nodeLeft.accept(offline);
    }
  }

  public void close() {
    hazelcast.getCluster().removeMembershipListener(listener);
  }
}
