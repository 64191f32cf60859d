package chatpro.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The fault switch of {@code ./chatpro dev --separate}, for the bench's fault scenario: on loopback only, with the
 * operator token, {@code POST /faults/<target>/down} and {@code /up}, one at a time. Targets: {@code postgres}
 * (immediate shutdown, then start again), {@code kafka} (SIGKILL of the broker, then start again), and every service
 * and gateway by name ({@code directory}, {@code messaging}, {@code media}, {@code presence}, {@code gateway-N}:
 * SIGKILL, then start again). {@code up} answers once the target serves again. The port goes to
 * {@code faults.port} in the data folder.
 */
final class FaultControl implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService worker;

  private FaultControl(HttpServer server, ExecutorService worker) {
    this.server = server;
    this.worker = worker;
  }

  static FaultControl start(String operatorToken, InfraOutages infra, ServiceProcesses services, Path portFile)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    // one switch at a time: a fault and its recovery never overlap another's
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "chatpro-fault-control"));
    server.setExecutor(worker);
    server.createContext("/faults/", exchange -> handle(exchange, operatorToken, infra, services));
    server.start();
    Files.writeString(portFile, server.getAddress().getPort() + "\n");
    return new FaultControl(server, worker);
  }

  private static void handle(HttpExchange exchange, String token, InfraOutages infra, ServiceProcesses services)
      throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8),
          ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
        answer(exchange, 401, "{\"code\":\"unauthorized\"}");
        return;
      }
      String[] parts = exchange.getRequestURI().getPath().split("/");
      if (!"POST".equals(exchange.getRequestMethod()) || parts.length != 4
          || !(parts[3].equals("down") || parts[3].equals("up"))) {
        answer(exchange, 404, "{\"code\":\"not_found\"}");
        return;
      }
      String target = parts[2];
      boolean down = parts[3].equals("down");
      long t0 = System.nanoTime();
      try {
        switch (target) {
          case "postgres" -> {
            if (down) {
              infra.stopPostgres();
            } else {
              infra.startPostgres();
            }
          }
          case "kafka" -> {
            if (down) {
              infra.killKafka();
            } else {
              infra.startKafka();
            }
          }
          default -> {
            if (down) {
              services.kill(target);
            } else {
              services.start(target);
            }
          }
        }
      } catch (IllegalArgumentException e) {
        answer(exchange, 404, "{\"code\":\"not_found\"}");
        return;
      } catch (Exception e) {
        answer(exchange, 500, "{\"code\":\"internal\",\"message\":\"" + target + " " + parts[3] + " failed\"}");
        System.err.println("fault control: " + target + " " + parts[3] + " failed: " + e);
        return;
      }
      long millis = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("fault control: " + target + " " + parts[3] + " in " + millis + " ms");
      answer(exchange, 200, "{\"target\":\"" + target + "\",\"state\":\"" + parts[3] + "\",\"millis\":" + millis + "}");
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    worker.shutdownNow();
  }
}
