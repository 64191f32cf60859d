package chatpro.presence.online;

import chatpro.common.presence.NodeSet;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which gateway nodes hold sockets of which users, in a Hazelcast map shared by every presence replica. A gateway node
 * that leaves the cluster (stopped or dead) is removed from every entry, so its users go offline without a timeout
 * per user. Hazelcast calls block, so they run on worker threads.
 */
public final class Locations implements MembershipListener {
  private static final Logger LOG = LoggerFactory.getLogger(Locations.class);
  static final String MAP = "chatpro.presence.locations";

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final java.util.UUID listener;
  private final HazelcastInstance hazelcast;

  public Locations(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.map = hazelcast.getMap(MAP);
    this.listener = hazelcast.getCluster().addMembershipListener(this);
  }

  /** {@code {userId, nodeId}} → {@code {online}}: true when this is the user's first node. */
  public Future<JsonObject> connect(JsonObject request) {
    String user = request.getString("userId");
    String node = request.getString("nodeId");
    return vertx.executeBlocking(() -> map.executeOnKey(user, new NodeSet.Add(node)), false)
        .map(first -> new JsonObject().put("online", first));
  }

  /** {@code {userId, nodeId}} → {@code {offline}}: true when the user has no node left. */
  public Future<JsonObject> disconnect(JsonObject request) {
    String user = request.getString("userId");
    String node = request.getString("nodeId");
    return vertx.executeBlocking(() -> map.executeOnKey(user, new NodeSet.Remove(node)), false)
        .map(last -> new JsonObject().put("offline", last));
  }

  /** {@code {userIds}} → {@code {locations:{userId:[nodeId...]}}} for the users that are connected. */
  public Future<JsonObject> locate(JsonObject request) {
    Set<String> users = new HashSet<>();
    request.getJsonArray("userIds").forEach(u -> users.add((String) u));
    return vertx.executeBlocking(() -> map.getAll(users), false).map(found -> {
      JsonObject locations = new JsonObject();
      for (Map.Entry<String, String> e : found.entrySet()) {
        locations.put(e.getKey(), new JsonArray(NodeSet.parse(e.getValue()).stream().toList()));
      }
      return new JsonObject().put("locations", locations);
    });
  }

  @Override
  public void memberAdded(MembershipEvent event) {}

  @Override
  public void memberRemoved(MembershipEvent event) {
    String node = event.getMember().getUuid().toString();
    vertx.executeBlocking(() -> map.executeOnEntries(new NodeSet.Remove(node)), false)
        .onSuccess(results -> LOG.info("cluster node {} left; {} users updated", node, results.size()))
        .onFailure(e -> LOG.warn("could not clear node {} from presence: {}", node, e.toString()));
  }

  public void close() {
    hazelcast.getCluster().removeMembershipListener(listener);
  }
}
