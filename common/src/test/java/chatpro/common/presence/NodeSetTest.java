package chatpro.common.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractMap.SimpleEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSetTest {
  private static final String A1 = NodeSet.nodeId("member-a", "gateway-1");
  private static final String A2 = NodeSet.nodeId("member-a", "gateway-2");
  private static final String B1 = NodeSet.nodeId("member-b", "gateway-1");

  private static Map.Entry<String, String> entry(String... nodes) {
    return new SimpleEntry<>("user", nodes.length == 0 ? null : String.join(",", nodes));
  }

  @Test
  void aNodeIdNamesItsMemberBeforeTheSlash() {
    assertEquals("member-a/gateway-1", A1);
    assertEquals("member-a", NodeSet.memberOf(A1));
    assertEquals("old-style-id", NodeSet.memberOf("old-style-id"), "an id of a member itself is its own member");
  }

  @Test
  void addAnswersWhetherTheUserCameOnline() {
    Map.Entry<String, String> user = entry();
    assertTrue(new NodeSet.Add(A1).process(user));
    assertFalse(new NodeSet.Add(A2).process(user));
    assertFalse(new NodeSet.Add(A2).process(user), "adding a node twice keeps it once");
    assertEquals(List.of(A1, A2), List.copyOf(NodeSet.parse(user.getValue())));
  }

  @Test
  void removingOneGatewayOfAMemberKeepsItsOtherGateway() {
    Map.Entry<String, String> user = entry(A1, A2);
    assertFalse(new NodeSet.Remove(A2).process(user), "still on gateway-1");
    assertEquals(A1, user.getValue());
    assertTrue(new NodeSet.Remove(A1).process(user), "no node left: offline");
    assertNull(user.getValue());
    assertFalse(new NodeSet.Remove(A1).process(user), "a node already gone changes nothing");
  }

  @Test
  void aMemberThatLeftTakesAllItsGatewaysAndNoOtherMembers() {
    Map.Entry<String, String> both = entry(A1, B1, A2);
    assertFalse(new NodeSet.RemoveMember("member-a").process(both), "still on member b");
    assertEquals(B1, both.getValue());
    Map.Entry<String, String> onlyA = entry(A1, A2);
    assertTrue(new NodeSet.RemoveMember("member-a").process(onlyA));
    assertNull(onlyA.getValue());
    Map.Entry<String, String> onlyB = entry(B1);
    assertFalse(new NodeSet.RemoveMember("member-a").process(onlyB));
    assertEquals(B1, onlyB.getValue());
    Map.Entry<String, String> prefixOnly = entry(NodeSet.nodeId("member-ab", "gateway-1"));
    assertFalse(new NodeSet.RemoveMember("member-a").process(prefixOnly), "a member id is matched whole");
  }

  @Test
  void retainKeepsTheNodesOfLiveMembers() {
    Map.Entry<String, String> user = entry(A1, B1, "member-c");
    assertFalse(new NodeSet.Retain(new HashSet<>(List.of("member-b"))).process(user));
    assertEquals(B1, user.getValue());
    assertFalse(new NodeSet.Retain(new HashSet<>(List.of("member-b"))).process(user), "nothing to drop");
    assertTrue(new NodeSet.Retain(new HashSet<>(List.of("member-a"))).process(user));
    assertNull(user.getValue());
  }
}
