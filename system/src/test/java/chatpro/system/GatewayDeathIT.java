package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gateway node that dies without a goodbye (its process killed) takes its users offline within 10 s: the cluster
 * notices the member is gone, not a timeout per user.
 */
@ExtendWith(ChatproExtension.class)
class GatewayDeathIT {

  @Test
  void aKilledGatewayProcessTakesItsUsersOfflineWithinTenSeconds() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    int port = LocalSystem.freePort();
    Process gateway = startGatewayProcess(port);
    try {
      DevMain.waitUntilHealthy(port);
      assertTrue(gateway.isAlive(), "the gateway process is running");
      try (TestSocket socket = TestSocket.authenticated(port, ana.token())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"online".equals(status(api, org, ana)) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertEquals("online", status(api, org, ana));

        gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        String status;
        do {
          Thread.sleep(250);
          status = status(api, org, ana);
        } while (!"offline".equals(status) && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(12));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
        assertEquals("offline", status, "offline after the node was killed");
        assertTrue(seconds <= 10, "offline within 10 s, took " + seconds + " s");
      }
    } finally {
      gateway.destroyForcibly();
    }
  }

  private static String status(TestApi api, Org org, Session who) throws Exception {
    return api.get("/api/v1/presence/" + who.userId(), org.admin().token()).json().getString("status");
  }

  /** One more gateway node as its own process, joined to the test system's cluster. */
  private static Process startGatewayProcess(int port) throws Exception {
    Map<String, String> settings = ChatproExtension.system().sharedSettings();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    // The module flags Hazelcast needs are the ones this test JVM runs with.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-"))
        .forEach(command::add);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("chatpro.gateway.GatewayMain");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(settings);
    builder.environment().put("CHATPRO_HTTP_PORT", Integer.toString(port));
    builder.environment().put("CHATPRO_NODE_NAME", "gateway-process");
    builder.environment().put("CHATPRO_CLUSTER_PORT", Integer.toString(LocalSystem.freePort()));
    File log = Files.createTempFile("chatpro-gateway-process", ".log").toFile();
    log.deleteOnExit();
    builder.redirectErrorStream(true).redirectOutput(log);
    return builder.start();
  }
}
