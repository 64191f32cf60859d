package chatpro.common.db;

import chatpro.common.config.ChatproConfig.PgConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the PostgreSQL pool a service uses, with its schema first on the search path. */
public final class PgPools {
  private PgPools() {}

  public static PgConnectOptions connectOptions(PgConfig pg, String schema) {
    return new PgConnectOptions()
        .setHost(pg.host())
        .setPort(pg.port())
        .setDatabase(pg.database())
        .setUser(pg.user())
        .setPassword(pg.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256)
        .addProperty("search_path", schema)
        .addProperty("application_name", "chatpro-" + schema)
        .addProperty("client_min_messages", "warning");
  }

  public static Pool create(Vertx vertx, PgConfig pg, String schema) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(pg.poolSize()).setMaxWaitQueueSize(4096).setName("chatpro-" + schema))
        .connectingTo(connectOptions(pg, schema))
        .using(vertx)
        .build();
  }
}
