package chatpro.common.presence;

import com.hazelcast.config.Config;
import com.hazelcast.config.PartitioningStrategyConfig;
import com.hazelcast.partition.PartitioningStrategy;

/**
 * The Hazelcast map of which gateway nodes hold each user's sockets ({@link NodeSet} values by user id), and how its
 * entries are spread: over {@link #BUCKETS} buckets of users instead of all of Hazelcast's partitions.
 *
 * <p>Why: a batch read ({@code getAll}, {@code executeOnKeys}) runs one operation per partition its keys touch, and
 * each of those operations looks at every key of the batch to find its own. Locating a 1,024-member group's users
 * over 271 partitions was therefore some 270,000 key hashes per delivery pass, and took a third of the dev
 * instance's CPU at 40 group messages a second. With the users in 64 buckets a pass touches at most 64
 * partitions, and each key's partition is stored with its serialized form, so looking it up again hashes nothing.
 * Each user is still an entry of its own (a connect changes one small value), and 64 buckets still spread the map
 * over the partitions of a cluster of many members.
 *
 * <p>Every member must configure the map the same way ({@link #configure}, called where the cluster's
 * configuration is built): a member that placed keys by another rule would look for them in the wrong partition.
 * The map's name changed with this rule, so members of an older build, which place by the key itself, never share
 * entries with these.
 */
public final class LocationMap {
  public static final String NAME = "chatpro.presence.user-nodes";
  public static final int BUCKETS = 64;

  private LocationMap() {}

  public static void configure(Config config) {
    config.getMapConfig(NAME).setPartitioningStrategyConfig(new PartitioningStrategyConfig(new ByBucket()));
  }

  /** The bucket a user's entry lives in: from the id's {@code String.hashCode}, the same in every JVM. */
  public static int bucket(String userId) {
    return Math.floorMod(userId.hashCode(), BUCKETS);
  }

  /** Places a user id's entry by its bucket; any other key (none is written) by itself. */
  static final class ByBucket implements PartitioningStrategy<Object> {
    private static final String[] KEYS = new String[BUCKETS];

    static {
      for (int i = 0; i < BUCKETS; i++) {
        KEYS[i] = "user-nodes-" + i;
      }
    }

    @Override
    public Object getPartitionKey(Object key) {
      return key instanceof String userId ? KEYS[bucket(userId)] : null;
    }
  }
}
