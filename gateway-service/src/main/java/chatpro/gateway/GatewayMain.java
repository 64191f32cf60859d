package chatpro.gateway;

import chatpro.common.config.ChatproConfig;
import chatpro.common.service.ServiceRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** Runs a gateway node: the public API, client WebSockets and live delivery. */
public final class GatewayMain {
  private GatewayMain() {}

  public static Future<String> deploy(Vertx vertx, ChatproConfig config) {
    return vertx.deployVerticle(new GatewayNode(config, Clock.systemUTC()));
  }

  public static void main(String[] args) {
    ServiceRunner.run("gateway", GatewayMain::deploy);
  }
}
