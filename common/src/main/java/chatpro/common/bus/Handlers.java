package chatpro.common.bus;

import chatpro.common.error.ChatproException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Registers request/reply handlers: each turns a JSON request into a Future of a JSON answer. */
public final class Handlers {
  private final Vertx vertx;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  public Handlers(Vertx vertx) {
    this.vertx = vertx;
  }

  public Handlers on(String address, Function<JsonObject, Future<?>> handler) {
    consumers.add(vertx.eventBus().<JsonObject>consumer(address, msg -> {
      Future<?> answer;
      try {
        answer = handler.apply(msg.body() == null ? new JsonObject() : msg.body());
      } catch (RuntimeException e) {
        answer = Future.failedFuture(e);
      }
      answer.onSuccess(msg::reply).onFailure(e -> ChatproException.reply(msg, e));
    }));
    return this;
  }

  /** Completes when every consumer is registered across the cluster. */
  public Future<Void> ready() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }
}
