package chatpro.gateway.ws;

import chatpro.common.bus.Addresses;
import chatpro.common.error.ChatproException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the {@code send} frames this node reads in one event-loop turn into one event-bus request to
 * message-service, instead of a request and a reply per message. A lone send goes out at the end of its turn, so
 * nothing waits for a timer. Used on the gateway verticle's event loop only.
 */
final class SendCoalescer {
  static final int MAX_BATCH = 256;
  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(15_000);

  private final Vertx vertx;
  private List<JsonObject> requests = new ArrayList<>();
  private List<Promise<JsonObject>> answers = new ArrayList<>();
  private boolean scheduled;

  SendCoalescer(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<JsonObject> submit(JsonObject request) {
    Promise<JsonObject> answer = Promise.promise();
    requests.add(request);
    answers.add(answer);
    if (requests.size() >= MAX_BATCH) {
      flush();
    } else if (!scheduled) {
      scheduled = true;
      vertx.runOnContext(v -> flush());
    }
    return answer.future();
  }

  private void flush() {
    scheduled = false;
    if (requests.isEmpty()) {
      return;
    }
    List<JsonObject> batch = requests;
    List<Promise<JsonObject>> waiting = answers;
    requests = new ArrayList<>();
    answers = new ArrayList<>();
    Future<io.vertx.core.eventbus.Message<JsonObject>> sent;
    try {
      sent = vertx.eventBus().request(Addresses.MESSAGE_SEND_BATCH,
          new JsonObject().put("requests", new JsonArray(new ArrayList<>(batch))), REQUEST);
    } catch (RuntimeException e) {
      // a batch that cannot even be handed to the bus still answers every send in it
      sent = Future.failedFuture(e);
    }
    sent
        .onSuccess(reply -> {
          JsonArray results = reply.body().getJsonArray("results");
          for (int i = 0; i < waiting.size(); i++) {
            JsonObject result = results.getJsonObject(i);
            String failure = result.getString("failure");
            if (failure == null) {
              waiting.get(i).complete(result);
            } else {
              waiting.get(i).fail(ChatproException.decode(failure));
            }
          }
        })
        .onFailure(e -> waiting.forEach(p -> p.fail(e)));
  }
}
