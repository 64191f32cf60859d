package chatpro.gateway;

import chatpro.common.auth.Revocation;
import chatpro.common.bus.Addresses;
import chatpro.common.cluster.Hazelcast;
import chatpro.common.config.ChatproConfig;
import chatpro.common.presence.NodeSet;
import chatpro.gateway.auth.Authenticator;
import chatpro.gateway.http.Api;
import chatpro.gateway.http.ApiRoutes;
import chatpro.gateway.http.MediaRoutes;
import chatpro.gateway.http.ClientAddress;
import chatpro.gateway.http.Errors;
import chatpro.gateway.ops.HealthRoute;
import chatpro.gateway.ops.Metrics;
import chatpro.gateway.web.WebFiles;
import chatpro.gateway.web.WebRoutes;
import chatpro.gateway.ws.ClientSocket;
import chatpro.gateway.ws.SocketHandler;
import chatpro.gateway.ws.SocketHub;
import chatpro.gateway.ws.WebSocketLink;
import chatpro.gateway.ws.WebSocketUpgrade;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop of a gateway ({@link GatewayNode}): the public HTTP API, client WebSockets, and live delivery to
 * the sockets this loop holds.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  /** Netty's own limits sit above the protocol's 64 KiB, so the socket handler can answer an oversize frame 1009. */
  static final int MAX_WIRE_FRAME = 2 * SocketHandler.MAX_FRAME_BYTES;
  static final long MAX_JSON_BODY = 1024 * 1024;
  /** How often a node asks directory for ended logins it may have missed (a lost publish, a partition). */
  static final long CATCH_UP_MS = 2_000;

  private final ChatproConfig config;
  private final Clock clock;
  private final Metrics metrics;
  private final WebFiles web;
  /** This verticle's place among its gateway's event loops: 0 binds the port and serves the ops port. */
  private final int loop;
  private final int port;
  private SocketHub hub;
  private HttpServer server;
  private HttpServer opsServer;
  private MessageConsumer<JsonObject> sessionsEnd;
  private MessageConsumer<JsonObject> keysChanged;
  private boolean catchingUp;
  private int catchUpFailures;

  GatewayVerticle(ChatproConfig config, Clock clock, Metrics metrics, WebFiles web, int loop, int port) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.web = web;
    this.loop = loop;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Authenticator auth = new Authenticator(vertx, config.tokens(), clock);
    hub = new SocketHub(vertx, nodeId(), Hazelcast.of(vertx));
    SocketHandler sockets = new SocketHandler(vertx, auth, hub, config.limits().maxSocketQueue());
    metrics.gauge("chatpro_gateway_connections", hub::connections);
    metrics.gauge("chatpro_gateway_event_loops", () -> 1);

    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      metrics.increment("chatpro_gateway_http_requests_total");
      ctx.next();
    });
    Router ops = config.opsPort() == ChatproConfig.SAME_PORT || loop > 0 ? router : Router.router(vertx);
    ops.get("/health").handler(new HealthRoute(vertx)::handle);
    ops.get("/metrics").handler(metrics::handle);
    router.get("/.well-known/jwks.json").handler(ctx -> ctx.json(auth.jwks()));
    Api api = new Api(vertx, auth, config.operatorToken());
    MediaRoutes media = new MediaRoutes(vertx, api, vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(32)));
    media.mountUpload(router);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_JSON_BODY));
    new ApiRoutes(api, new ClientAddress(config.trustedProxies())).mount(router);
    media.mount(router);
    router.route().last().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(Errors::handle);

    HttpServerOptions options = new HttpServerOptions()
        .setHost("0.0.0.0")
        .setPort(port)
        // Plain-text HTTP/2 (h2c) is used by no browser, lets a request smuggled through a proxy's Upgrade skip the
        // proxy's rules, and would keep a refused upload's stream waiting on flow control: HTTP/1.1 only.
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(true);
    Origins origins = new Origins(config.allowedOrigins());
    // WebSockets are upgraded here, not by Vert.x (WebSocketUpgrade): permessage-deflate has no bound on what a frame
    // inflates to (128 KiB on the wire became ~130 MB, before auth), so no extension is agreed and a frame with RSV1
    // set is a protocol error. HTTP answers stay compressed.
    server = vertx.createHttpServer(options)
        .requestHandler(req -> {
          if (WebSocketUpgrade.asked(req)) {
            upgrade(req, origins, sockets);
          } else {
            router.handle(req);
          }
        });
    sessionsEnd = vertx.eventBus().consumer(Addresses.GATEWAY_SESSIONS_END, msg -> endSessions(auth, msg.body()));
    vertx.setPeriodic(10_000, id -> auth.pruneRevocations());
    keysChanged = vertx.eventBus().consumer(Addresses.KEYS_CHANGED, msg -> auth.refreshKeys());
    mountWebClient(router);
    return hub.start()
        .compose(v -> sessionsEnd.completion())
        .compose(v -> keysChanged.completion())
        .compose(v -> loadKeys(auth))
        .compose(v -> auth.catchUp())
        .onSuccess(v -> vertx.setPeriodic(CATCH_UP_MS, id -> catchUp(auth)))
        .compose(v -> server.listen())
        .onSuccess(s -> LOG.debug("gateway loop {} listening on port {}", loop, s.actualPort()))
        .compose(v -> loop == 0 ? listenOps(ops) : Future.succeededFuture());
  }

  /**
   * This loop's node id: its cluster member's id, its gateway's configured name and, after the first loop, the
   * loop's number ({@code gateway-1}, {@code gateway-1.1}, ...), so several gateways and loops can share one member
   * (the dev instance) and presence still drops all of a member's nodes when the member leaves.
   */
  private String nodeId() {
    String name = config.nodeName().replaceAll("[^A-Za-z0-9._-]", "_");
    name = name.substring(0, Math.min(name.length(), NodeSet.MAX_NODE_ID - 40));
    return NodeSet.nodeId(Hazelcast.nodeId(vertx), loop == 0 ? name : name + "." + loop);
  }

  /** The port this gateway's loops share (the one bound, when the setting was 0). */
  int httpPort() {
    return server.actualPort();
  }

  /**
   * With {@code CHATPRO_OPS_PORT} set, /health and /metrics answer on that port alone, so a deployment's public port
   * serves neither (probes and Prometheus reach the pod's own port); else they are on the gateway's port.
   */
  private Future<Void> listenOps(Router ops) {
    if (config.opsPort() == ChatproConfig.SAME_PORT) {
      return Future.succeededFuture();
    }
    opsServer = vertx.createHttpServer(new HttpServerOptions().setHost("0.0.0.0").setPort(config.opsPort())
        .setHttp2ClearTextEnabled(false));
    return opsServer.requestHandler(ops).listen()
        .onSuccess(s -> LOG.info("gateway /health and /metrics on port {}", s.actualPort()))
        .mapEmpty();
  }

  /** The web client, after the API: its routes answer only what the API did not. */
  private void mountWebClient(Router router) {
    if (web.isEmpty() && loop == 0) {
      LOG.warn("this gateway was built without the web client: / answers 404");
    }
    new WebRoutes(web).mount(router);
  }

  /** A WebSocket only at /ws and only from an allowed origin; then the socket is the protocol's. */
  private static void upgrade(HttpServerRequest req, Origins origins, SocketHandler sockets) {
    if (!"/ws".equals(req.path())) {
      req.response().setStatusCode(404).end("Not Found");
    } else if (!origins.allows(req.getHeader("Origin"), req.authority() == null ? null : req.authority().toString())) {
      req.response().setStatusCode(403).end("Forbidden");
    } else {
      WebSocketLink link = WebSocketUpgrade.accept(req, MAX_WIRE_FRAME);
      if (link != null) {
        sockets.accept(link, bearerOrNull(req.getHeader("Authorization")));
      }
    }
  }

  private static String bearerOrNull(String header) {
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }

  /** The directory may start after this node: retry until its keys arrive, so no valid token is ever refused. */
  private Future<Void> loadKeys(Authenticator auth) {
    Promise<Void> loaded = Promise.promise();
    tryLoad(auth, loaded, 0);
    vertx.setPeriodic(60_000, id -> auth.refreshKeys());
    return loaded.future();
  }

  private void tryLoad(Authenticator auth, Promise<Void> loaded, int attempt) {
    auth.refreshKeys().onSuccess(loaded::complete).onFailure(e -> {
      if (attempt >= 120) {
        loaded.fail("the directory did not publish its keys: " + e.getMessage());
      } else {
        vertx.setTimer(500, id -> tryLoad(auth, loaded, attempt + 1));
      }
    });
  }

  /** A published {@link Revocation}: refuse those tokens and close their sockets here; on a gap, catch up. */
  private void endSessions(Authenticator auth, JsonObject published) {
    Revocation change = Revocation.fromJson(published);
    boolean complete = auth.apply(change);
    closeSockets(change);
    if (!complete) {
      catchUp(auth);
    }
  }

  /** One catch-up at a time; a failed one (directory restarting) is tried again at the next period. */
  private void catchUp(Authenticator auth) {
    if (catchingUp) {
      return;
    }
    catchingUp = true;
    auth.catchUp()
        .onSuccess(changes -> changes.forEach(this::closeSockets))
        .onSuccess(changes -> catchUpFailures = 0)
        .onFailure(e -> {
          if (catchUpFailures++ == 0) {
            LOG.warn("could not catch up with ended logins (retrying every {} ms): {}", CATCH_UP_MS, e.toString());
          }
        })
        .onComplete(r -> catchingUp = false);
  }

  private void closeSockets(Revocation change) {
    hub.closeWhere(change.userId(), s -> change.ends(s.token()), ClientSocket.CLOSE_ENDED, "the login ended");
  }

  @Override
  public Future<?> stop() {
    return Future.all(List.of(
        hub == null ? Future.succeededFuture() : hub.stop(),
        server == null ? Future.succeededFuture() : server.close(),
        opsServer == null ? Future.succeededFuture() : opsServer.close()));
  }
}
