package chatpro.common.presence;

import com.hazelcast.map.EntryProcessor;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Atomic changes to the set of gateway nodes holding a user's sockets, kept as a comma-joined string in a Hazelcast
 * map. These run on the member that owns the entry, so every cluster member has this class (it lives in common).
 */
public final class NodeSet {
  private NodeSet() {}

  public static Set<String> parse(String value) {
    if (value == null || value.isEmpty()) {
      return new LinkedHashSet<>();
    }
    return new LinkedHashSet<>(Arrays.asList(value.split(",")));
  }

  /** Adds a node; answers true when the user had no node before (came online). */
  public record Add(String node) implements EntryProcessor<String, String, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      Set<String> nodes = parse(entry.getValue());
      boolean wasEmpty = nodes.isEmpty();
      nodes.add(node);
      entry.setValue(String.join(",", nodes));
      return wasEmpty;
    }
  }

  /** Removes a node; answers true when the user has no node left (went offline). */
  public record Remove(String node) implements EntryProcessor<String, String, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      Set<String> nodes = parse(entry.getValue());
      if (!nodes.remove(node)) {
        return false;
      }
      entry.setValue(nodes.isEmpty() ? null : String.join(",", nodes));
      return nodes.isEmpty();
    }
  }

  /**
   * The cluster member a gateway node runs in. A node id is {@code <member id>/<gateway name>} (several gateways may
   * share one member, as in the dev instance); an id without a slash is a member's own.
   */
  public static String memberOf(String node) {
    int slash = node.indexOf('/');
    return slash < 0 ? node : node.substring(0, slash);
  }

  /** The longest node id a gateway may have (a member's UUID, a slash and a name). */
  public static final int MAX_NODE_ID = 200;

  /** The node id of a gateway named {@code name} in the cluster member {@code member}. */
  public static String nodeId(String member, String name) {
    return member + "/" + name;
  }

  /** Removes every node of a cluster member that left; answers true when the user has no node left. */
  public record RemoveMember(String member) implements EntryProcessor<String, String, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      Set<String> nodes = parse(entry.getValue());
      if (!nodes.removeIf(node -> memberOf(node).equals(member))) {
        return false;
      }
      entry.setValue(nodes.isEmpty() ? null : String.join(",", nodes));
      return nodes.isEmpty();
    }
  }

  /**
   * Keeps only nodes whose member is in the cluster now; answers true when the user has no node left. A node id can
   * outlive its member (a membership event missed, or a member that rejoined under a new id), and would keep its
   * users online forever.
   */
  public record Retain(java.util.HashSet<String> members) implements EntryProcessor<String, String, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      Set<String> nodes = parse(entry.getValue());
      if (nodes.isEmpty() || !nodes.removeIf(node -> !members.contains(memberOf(node)))) {
        return false;
      }
      entry.setValue(nodes.isEmpty() ? null : String.join(",", nodes));
      return nodes.isEmpty();
    }
  }
}
