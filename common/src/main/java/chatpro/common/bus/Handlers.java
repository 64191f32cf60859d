package chatpro.common.bus;

import chatpro.common.error.ChatproException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers request/reply handlers: each turns a JSON request into a Future of a JSON answer. A request's caller is
 * checked against its seal before the handler runs ({@link CallerSeals}); one that does not check out is answered
 * 401 and never reaches the handler.
 */
public final class Handlers {
  private static final Logger LOG = LoggerFactory.getLogger(Handlers.class);

  private final Vertx vertx;
  private final CallerSeals seals;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  public Handlers(Vertx vertx) {
    this.vertx = vertx;
    this.seals = CallerSeals.of(vertx);
  }

  /** A handler for requests made for a person (a sealed caller) or for no one. */
  public Handlers on(String address, Function<JsonObject, Future<?>> handler) {
    return register(address, seals::checkCaller, handler);
  }

  /** A handler for an operator action: only requests with the gateway's operator seal reach it. */
  public Handlers operator(String address, Function<JsonObject, Future<?>> handler) {
    return register(address, seals::checkOperator, handler);
  }

  private Handlers register(String address, Consumer<JsonObject> check, Function<JsonObject, Future<?>> handler) {
    consumers.add(vertx.eventBus().<JsonObject>consumer(address, msg -> {
      JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
      Future<?> answer;
      try {
        check.accept(body);
      } catch (ChatproException e) {
        LOG.warn("refused a request on {}: its caller is not sealed by this cluster", address);
        ChatproException.reply(msg, e);
        return;
      }
      try {
        answer = handler.apply(body);
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
