package chatpro.common.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.spi.impl.NodeEngine;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The location map on a real (single, unjoined) Hazelcast member configured as every ChatPro member is. */
class LocationMapTest {
  private static HazelcastInstance member;

  @BeforeAll
  static void start() {
    Config config = new Config().setClusterName("location-map-test-" + UUID.randomUUID());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().setPort(0).getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    LocationMap.configure(config);
    member = com.hazelcast.core.Hazelcast.newHazelcastInstance(config);
  }

  @AfterAll
  static void stop() {
    member.shutdown();
  }

  @Test
  void aUsersBucketIsTheSameEveryTimeAndInRange() {
    String user = "6f1c2a9e-0d4b-4c1e-9a57-3b2f0c1d9e8a";
    assertEquals(LocationMap.bucket(user), LocationMap.bucket(new String(user.toCharArray())));
    for (int i = 0; i < 10_000; i++) {
      int bucket = LocationMap.bucket(UUID.randomUUID().toString());
      assertTrue(bucket >= 0 && bucket < LocationMap.BUCKETS, "bucket " + bucket);
    }
  }

  @Test
  void aLargeGroupsUsersLiveInNoMorePartitionsThanThereAreBucketsAndAreAllFoundAgain() {
    IMap<String, String> map = member.getMap(LocationMap.NAME);
    Set<String> users = new HashSet<>();
    Set<Integer> partitions = new HashSet<>();
    Set<Integer> buckets = new HashSet<>();
    for (int i = 0; i < 1024; i++) {
      String user = UUID.randomUUID().toString();
      users.add(user);
      map.executeOnKey(user, new NodeSet.Add("member/gateway-" + (i % 3)));
      partitions.add(partitionOf(map, user));
      buckets.add(LocationMap.bucket(user));
    }
    assertEquals(LocationMap.BUCKETS, buckets.size(), "1,024 users fill every bucket");
    assertTrue(partitions.size() <= LocationMap.BUCKETS, partitions.size() + " partitions");
    Map<String, String> found = map.getAll(users);
    assertEquals(users, found.keySet());
    found.forEach((user, nodes) -> assertEquals(1, NodeSet.parse(nodes).size(), nodes));
  }

  /** Where the map puts a key: its serialized form by the map's own strategy, with the partition hash stored. */
  private static int partitionOf(IMap<String, String> map, String key) {
    MapProxyImpl<String, String> proxy = (MapProxyImpl<String, String>) map;
    NodeEngine engine = proxy.getNodeEngine();
    Data data = engine.getSerializationService().toData(key, proxy.getPartitionStrategy());
    assertTrue(data.hasPartitionHash(), "the key's partition is stored with it");
    return engine.getPartitionService().getPartitionId(data);
  }

  @Test
  void anotherMapStaysSpreadOverEveryPartition() {
    Set<Integer> partitions = new HashSet<>();
    for (int i = 0; i < 4096; i++) {
      partitions.add(member.getPartitionService().getPartition(UUID.randomUUID().toString()).getPartitionId());
    }
    assertTrue(partitions.size() > LocationMap.BUCKETS, partitions.size() + " partitions");
  }
}
