package chatpro.presence;

import chatpro.common.config.ChatproConfig;
import chatpro.common.service.ServiceRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** Runs presence-service: who is online on which gateway node, and working hours. */
public final class PresenceMain {
  private PresenceMain() {}

  public static Future<String> deploy(Vertx vertx, ChatproConfig config) {
    return vertx.deployVerticle(new PresenceVerticle(config, Clock.systemUTC()));
  }

  public static void main(String[] args) {
    ServiceRunner.run("presence", PresenceMain::deploy);
  }
}
