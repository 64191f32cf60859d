package chatpro.common.db;

import chatpro.common.config.ChatproConfig.PgConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Builds the PostgreSQL pool a service uses, with its schema first on the search path, over TLS when
 * {@code CHATPRO_PG_SSLMODE} asks for it: {@code verify-full} trusts only the CA in {@code CHATPRO_PG_SSL_ROOT_CERT}
 * and checks the server's name against {@code CHATPRO_PG_HOST}.
 */
public final class PgPools {
  private PgPools() {}

  public static PgConnectOptions connectOptions(PgConfig pg, String schema) {
    PgConnectOptions options = new PgConnectOptions()
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
    return withTls(options, pg);
  }

  private static PgConnectOptions withTls(PgConnectOptions options, PgConfig pg) {
    switch (pg.sslMode()) {
      case "require" -> {
        // Encrypted, but any certificate is taken: libpq's "require" without a root certificate.
        return options.setSslMode(SslMode.REQUIRE)
            .setSslOptions(new ClientSSLOptions().setTrustAll(true).setHostnameVerificationAlgorithm(""));
      }
      case "verify-full" -> {
        ClientSSLOptions ssl = new ClientSSLOptions()
            .setHostnameVerificationAlgorithm("HTTPS")
            .setTrustOptions(new PemTrustOptions().addCertPath(pg.sslRootCert()));
        return options.setSslMode(SslMode.VERIFY_FULL).setSslOptions(ssl);
      }
      default -> {
        return options.setSslMode(SslMode.DISABLE);
      }
    }
  }

  /**
   * Requests a pool queues for a connection before it refuses more ({@code unavailable}: retry shortly). Ten thousand
   * devices reconnecting at once each sync at once; they wait here, a few hundred bytes each, rather than retry.
   */
  static final int WAIT_QUEUE = 16_384;

  public static Pool create(Vertx vertx, PgConfig pg, String schema) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(pg.poolSize()).setMaxWaitQueueSize(WAIT_QUEUE).setName("chatpro-" + schema))
        .connectingTo(connectOptions(pg, schema))
        .using(vertx)
        .build();
  }
}
