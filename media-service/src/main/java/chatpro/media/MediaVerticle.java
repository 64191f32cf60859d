package chatpro.media;

import chatpro.common.config.ChatproConfig;
import chatpro.common.db.Migrations;
import chatpro.common.db.PgPools;
import chatpro.common.service.Health;
import chatpro.media.store.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/** Wires media-service: its schema, its bucket and its health. */
public final class MediaVerticle extends VerticleBase {
  static final String SCHEMA = "media";

  private final ChatproConfig config;
  private Pool pool;

  public MediaVerticle(ChatproConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.create(vertx, config.pg(), SCHEMA);
    ObjectStore store = new ObjectStore(vertx, config.s3());
    return Migrations.migrate(pool, SCHEMA)
        .compose(v -> store.ensureBucket())
        .compose(v -> Health.register(vertx, "media",
            () -> Future.all(pool.query("SELECT 1").execute(), store.check())));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
