package chatpro.common.service;

import chatpro.common.cluster.ClusteredVertx;
import chatpro.common.config.ChatproConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one service alone in this JVM: reads the settings, joins the cluster, deploys, and stops on SIGTERM. */
public final class ServiceRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

  private ServiceRunner() {}

  /** Deploys a service into a clustered Vert.x; returns the deployment id. */
  @FunctionalInterface
  public interface Deployer extends BiFunction<Vertx, ChatproConfig, Future<String>> {}

  public static void run(String service, Deployer deployer) {
    ChatproConfig config;
    try {
      config = ChatproConfig.fromEnvironment();
    } catch (ChatproConfig.ConfigException e) {
      System.err.println(service + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    Vertx vertx;
    try {
      vertx = ClusteredVertx.start(config.cluster())
          .compose(v -> deployer.apply(v, config).map(id -> v))
          .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("{} could not start", service, e);
      System.exit(1);
      return;
    }
    LOG.info("{} started in {} ms", service, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close().onComplete(r -> stopped.countDown());
      try {
        stopped.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, service + "-shutdown"));
  }
}
