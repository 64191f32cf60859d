package chatpro.gateway.ops;

import chatpro.common.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code GET /health}: UP only when this gateway and every service it needs answer within two seconds. */
public final class HealthRoute {
  public static final List<String> SERVICES = List.of("directory", "messaging", "media", "presence");
  private static final DeliveryOptions PROBE = new DeliveryOptions().setSendTimeout(2_000);

  private final Vertx vertx;

  public HealthRoute(Vertx vertx) {
    this.vertx = vertx;
  }

  public void handle(RoutingContext ctx) {
    List<Future<JsonObject>> probes = SERVICES.stream().map(this::probe).toList();
    Future.join(probes).onComplete(done -> {
      JsonArray checks = new JsonArray().add(new JsonObject().put("id", "gateway").put("status", "UP"));
      boolean up = true;
      for (Future<JsonObject> p : probes) {
        JsonObject check = p.result();
        up &= "UP".equals(check.getString("status"));
        checks.add(check);
      }
      ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store")
          .end(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks).encode());
    });
  }

  private Future<JsonObject> probe(String service) {
    return vertx.eventBus().<JsonObject>request(Addresses.health(service), new JsonObject(), PROBE)
        .map(reply -> reply.body())
        .otherwise(e -> new JsonObject().put("id", service).put("status", "DOWN"));
  }
}
