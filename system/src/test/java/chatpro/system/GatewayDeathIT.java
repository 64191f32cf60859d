package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  private static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  @Test
  void aKilledGatewayProcessTakesItsUsersOfflineWithinTenSeconds() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    int port = freePort();
    Process gateway = startGatewayProcess(port);
    try {
      waitUntilHealthy(gateway, port);
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
    command.addAll(JVM_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("chatpro.gateway.GatewayMain");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(settings);
    builder.environment().put("CHATPRO_HTTP_PORT", Integer.toString(port));
    builder.environment().put("CHATPRO_NODE_NAME", "gateway-process");
    builder.environment().put("CHATPRO_CLUSTER_PORT", Integer.toString(freePort()));
    File log = Files.createTempFile("chatpro-gateway-process", ".log").toFile();
    log.deleteOnExit();
    builder.redirectErrorStream(true).redirectOutput(log);
    return builder.start();
  }

  private static void waitUntilHealthy(Process gateway, int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertTrue(gateway.isAlive(), "the gateway process exited early");
      try {
        if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the gateway process did not become healthy");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
