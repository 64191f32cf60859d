package chatpro.gateway;

import chatpro.common.config.ChatproConfig;
import chatpro.gateway.ops.Metrics;
import chatpro.gateway.web.WebFiles;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway: its port served by a {@link GatewayVerticle} on each of several event loops, which Vert.x hands
 * new connections to in turn. Each loop holds its own sockets under a node id of its own, so a large group's
 * delivery is written by every loop at once instead of by one. The first loop binds the port (a free one when the
 * setting is 0) and alone serves a separate ops port; the others share the port it bound. They are this
 * verticle's child deployments, so undeploying it stops them all.
 */
public final class GatewayNode extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);
  private final ChatproConfig config;
  private final Clock clock;
  private final Metrics metrics = new Metrics();
  private GatewayVerticle first;

  public GatewayNode(ChatproConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    int loops = config.gatewayLoopCount();
    return vertx.executeBlocking(() -> WebFiles.load(GatewayNode.class.getClassLoader()))
        .compose(web -> deployFirst(web).map(web))
        .compose(web -> deployOthers(web, loops - 1))
        .onSuccess(v -> LOG.info("gateway listening on port {} on {} event loops", first.httpPort(), loops));
  }

  private Future<String> deployFirst(WebFiles web) {
    first = new GatewayVerticle(config, clock, metrics, web, 0, config.httpPort());
    return vertx.deployVerticle(first);
  }

  private Future<?> deployOthers(WebFiles web, int others) {
    if (others == 0) {
      return Future.succeededFuture();
    }
    AtomicInteger loop = new AtomicInteger(1);
    int port = first.httpPort();
    return vertx.deployVerticle(() -> new GatewayVerticle(config, clock, metrics, web, loop.getAndIncrement(), port),
        new DeploymentOptions().setInstances(others));
  }
}
