package chatpro.system;

import chatpro.common.crypto.MasterKey;
import chatpro.devstack.ClusterCredentials;
import chatpro.devstack.DevStack;
import chatpro.devstack.junit.DevStackExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system for tests: the shared embedded infrastructure and every service as its own clustered Vert.x
 * instance, with two gateway nodes, started once per test JVM on free ports and stopped at its end.
 */
public final class ChatproExtension implements BeforeAllCallback {
  public static final String OPERATOR_TOKEN = "test-operator-" + UUID.randomUUID();
  /** How many sends of one person may wait in message-service's queue on the shared test system. */
  static final int SEND_SHARE = 4096;
  private static LocalSystem system;
  /**
   * The limits for people (30 sends at once, 10 per second, 30 chats a minute) would stop tests that send or create
   * much at once: this instance raises them, as any bench does for its own instance; {@code RateLimitIT} runs a
   * system of its own with the defaults. A sender's share of the send queue stays bounded (SlowReaderIT queues 2,000
   * at once; {@code SendFairnessIT} floods past the share).
   */
  static final Map<String, String> TEST_RATES = Map.of(
      "CHATPRO_SEND_BURST", "1000000",
      "CHATPRO_SEND_PER_SECOND", "1000000",
      "CHATPRO_CHATS_PER_MINUTE", "1000000",
      "CHATPRO_SEND_QUEUE_PER_SENDER", Integer.toString(SEND_SHARE));

  public static synchronized LocalSystem system() throws Exception {
    if (system == null) {
      throw new IllegalStateException("register ChatproExtension on the test class");
    }
    return system;
  }

  private static synchronized void startOnce(ExtensionContext context) throws Exception {
    if (system == null) {
      LocalSystem started = startSystem("chatpro-test-", TEST_RATES);
      // Stored after the infrastructure, so JUnit closes it first (the store closes in reverse order).
      context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .put(ChatproExtension.class.getName(), (ExtensionContext.Store.CloseableResource) started::close);
      system = started;
    }
  }

  /**
   * A started system with two gateway nodes on the shared infrastructure, under a cluster name of its own, with the
   * shared system's operator token, master key and cluster credentials (they share the database), and {@code extra}
   * settings. The shared one is made so; a test that stops parts of a system, or needs other limits, makes its own
   * and closes it.
   */
  static LocalSystem startSystem(String namePrefix, Map<String, String> extra) throws Exception {
    return startSystem(namePrefix, extra, LocalSystem.Shape.INSTANCE_EACH);
  }

  /** As above, in the given shape (the dev instance's is {@link LocalSystem.Shape#ONE_INSTANCE}). */
  static LocalSystem startSystem(String namePrefix, Map<String, String> extra, LocalSystem.Shape shape)
      throws Exception {
    DevStack stack = DevStackExtension.stack();
    Map<String, String> env = new HashMap<>(extra);
    env.put("CHATPRO_OPERATOR_TOKEN", OPERATOR_TOKEN);
    env.put(MasterKey.SETTING, MasterKey.createIfMissing(stack.dataDir().resolve("master-key.json")).toString());
    env.putAll(ClusterCredentials.createIfMissing(stack.dataDir().resolve("cluster")));
    return LocalSystem.on(stack, env, 0, 2, namePrefix + UUID.randomUUID(), shape).start();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    new DevStackExtension().beforeAll(context);
    startOnce(context);
  }

  /** An API client for gateway node 1 or 2. */
  public static TestApi api(int node) throws Exception {
    return new TestApi(system().gatewayPort(node));
  }
}
