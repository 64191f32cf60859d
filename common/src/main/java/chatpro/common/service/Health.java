package chatpro.common.service;

import chatpro.common.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.function.Supplier;

/** A service's answer to the gateway's health probe: UP only when its own dependencies answer. */
public final class Health {
  private Health() {}

  public static Future<MessageConsumer<JsonObject>> register(Vertx vertx, String service, Supplier<Future<?>> check) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.health(service), msg ->
        check.get().onComplete(r -> msg.reply(new JsonObject()
            .put("id", service)
            .put("status", r.succeeded() ? "UP" : "DOWN"))));
    return consumer.completion().map(consumer);
  }

  /** A check that PostgreSQL answers a trivial query. */
  public static Supplier<Future<?>> database(Pool pool) {
    return () -> pool.query("SELECT 1").execute();
  }
}
