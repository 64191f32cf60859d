package chatpro.messaging;

import chatpro.common.config.ChatproConfig;
import chatpro.common.service.ServiceRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** Runs message-service: chats, the per-chat event log, sends, history and live delivery. */
public final class MessageMain {
  private MessageMain() {}

  public static Future<String> deploy(Vertx vertx, ChatproConfig config) {
    return vertx.deployVerticle(new MessageVerticle(config, Clock.systemUTC()));
  }

  public static void main(String[] args) {
    ServiceRunner.run("messaging", MessageMain::deploy);
  }
}
