package chatpro.presence;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Handlers;
import chatpro.common.cluster.Hazelcast;
import chatpro.common.config.ChatproConfig;
import chatpro.common.db.Migrations;
import chatpro.common.db.PgPools;
import chatpro.common.service.Health;
import chatpro.presence.online.Locations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Wires presence-service's event-bus API: who is connected where. */
public final class PresenceVerticle extends VerticleBase {
  static final String SCHEMA = "presence";

  private final ChatproConfig config;
  private final Clock clock;
  private Pool pool;
  private Locations locations;

  public PresenceVerticle(ChatproConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.create(vertx, config.pg(), SCHEMA);
    locations = new Locations(vertx, Hazelcast.of(vertx));
    return Migrations.migrate(pool, SCHEMA)
        .compose(v -> new Handlers(vertx)
            .on(Addresses.PRESENCE_CONNECT, locations::connect)
            .on(Addresses.PRESENCE_DISCONNECT, locations::disconnect)
            .on(Addresses.PRESENCE_LOCATE, locations::locate)
            .ready())
        .compose(v -> Health.register(vertx, "presence", Health.database(pool)));
  }

  @Override
  public Future<?> stop() {
    if (locations != null) {
      locations.close();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
