package chatpro.directory;

import chatpro.common.config.ChatproConfig;
import chatpro.common.service.ServiceRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/** Runs directory-service: organisations, people, logins and the keys that sign access tokens. */
public final class DirectoryMain {
  private DirectoryMain() {}

  public static Future<String> deploy(Vertx vertx, ChatproConfig config) {
    return vertx.deployVerticle(new DirectoryVerticle(config, Clock.systemUTC()));
  }

  public static void main(String[] args) {
    ServiceRunner.run("directory", DirectoryMain::deploy);
  }
}
