package chatpro.media;

import chatpro.common.config.ChatproConfig;
import chatpro.common.service.ServiceRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Runs media-service: pictures and voice notes in the object store. */
public final class MediaMain {
  private MediaMain() {}

  public static Future<String> deploy(Vertx vertx, ChatproConfig config) {
    return vertx.deployVerticle(new MediaVerticle(config));
  }

  public static void main(String[] args) {
    ServiceRunner.run("media", MediaMain::deploy);
  }
}
