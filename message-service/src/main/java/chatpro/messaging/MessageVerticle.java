package chatpro.messaging;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Handlers;
import chatpro.common.config.ChatproConfig;
import chatpro.common.db.Migrations;
import chatpro.common.db.PgPools;
import chatpro.common.kafka.KafkaSetup;
import chatpro.common.kafka.OutboxRelay;
import chatpro.common.kafka.Topics;
import chatpro.common.service.Health;
import chatpro.messaging.chat.ChatRepository;
import chatpro.messaging.chat.Chats;
import chatpro.messaging.delivery.Delivery;
import chatpro.messaging.log.Event;
import chatpro.messaging.log.EventLog;
import chatpro.messaging.send.SendBatcher;
import chatpro.messaging.send.SendRequest;
import chatpro.messaging.sync.History;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;

/** Wires message-service's event-bus API: chats, the event log, sends, history and live delivery. */
public final class MessageVerticle extends VerticleBase {
  static final String SCHEMA = "messaging";

  private final ChatproConfig config;
  private final Clock clock;
  private Pool pool;
  private OutboxRelay relay;

  public MessageVerticle(ChatproConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.create(vertx, config.pg(), SCHEMA);
    EventLog log = new EventLog(pool);
    Chats chats = new Chats(vertx, pool, new ChatRepository(), config.limits().maxGroupMembers());
    Delivery delivery = new Delivery(vertx, pool);
    relay = new OutboxRelay(pool, SCHEMA, Topics.CHAT_EVENTS, config.kafka());
    SendBatcher sends = new SendBatcher(pool, log, clock, events -> committed(events, delivery));
    History history = new History(pool, log);
    return Migrations.migrate(pool, SCHEMA)
        .compose(v -> vertx.executeBlocking(() -> {
          KafkaSetup.ensureTopic(config.kafka(), Topics.CHAT_EVENTS);
          return null;
        }))
        .onSuccess(v -> relay.start())
        .compose(v -> new Handlers(vertx)
            .on(Addresses.CHAT_CREATE, chats::create)
            .on(Addresses.CHAT_GET, chats::get)
            .on(Addresses.CHAT_EVENTS, history::page)
            .on(Addresses.SYNC, history::sync)
            .on(Addresses.MESSAGE_SEND, request -> sends.submit(SendRequest.from(request))
                .map(ack -> ack.toJson().put("repeated", ack.repeated())))
            .ready())
        .compose(v -> Health.register(vertx, "messaging", Health.database(pool)));
  }

  private void committed(List<Event> events, Delivery delivery) {
    relay.wake();
    delivery.deliver(events);
  }

  @Override
  public Future<?> stop() {
    if (relay != null) {
      return vertx.executeBlocking(() -> {
        relay.close();
        return null;
      }).compose(v -> pool.close());
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
