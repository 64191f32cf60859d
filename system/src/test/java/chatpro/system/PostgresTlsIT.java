package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.config.ChatproConfig;
import chatpro.common.config.ChatproConfig.PgConfig;
import chatpro.common.db.PgPools;
import chatpro.devstack.EmbeddedPg;
import chatpro.devstack.SelfSigned;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services' pools against a PostgreSQL that speaks TLS: verify-full connects encrypted to the server its CA
 * vouches for under the name it was asked for, and refuses another CA's server and a server under another name.
 */
class PostgresTlsIT {
  private static EmbeddedPg pg;
  private static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPg.startTemporaryWithTls();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void verifyFullConnectsEncryptedToTheServerItsCaSigned() throws Exception {
    assertTrue(encrypted(config(pg.host(), "verify-full", pg.certificate())));
  }

  @Test
  void verifyFullRefusesAServerAnotherCaSigned(@TempDir Path dir) throws Exception {
    // a certificate for the same address, but not the one this server presents
    Path other = SelfSigned.make(dir, "other").certificate();
    assertRefusedByTls(() -> encrypted(config(pg.host(), "verify-full", other)));
  }

  @Test
  void verifyFullRefusesTheServerUnderANameItsCertificateLacks() throws Exception {
    // the server listens on 127.0.0.2 too, but its certificate names 127.0.0.1 and localhost only
    assertRefusedByTls(() -> encrypted(config("127.0.0.2", "verify-full", pg.certificate())));
    assertTrue(encrypted(config("127.0.0.2", "require", null)), "require encrypts without asking who answers");
  }

  @Test
  void disableConnectsInTheClear() throws Exception {
    assertEquals(false, encrypted(config(pg.host(), "disable", null)));
  }

  private static void assertRefusedByTls(org.junit.jupiter.api.function.Executable connect) {
    ExecutionException e = assertThrows(ExecutionException.class, connect);
    assertTrue(String.valueOf(e.getCause().getMessage()).contains("SSL handshake failed"),
        "refused by the TLS handshake, not otherwise: " + e.getCause());
  }

  private static PgConfig config(String host, String sslMode, Path rootCert) {
    Map<String, String> env = new HashMap<>(Map.of("CHATPRO_PG_HOST", host,
        "CHATPRO_PG_PORT", Integer.toString(pg.port()), "CHATPRO_PG_DATABASE", pg.database(),
        "CHATPRO_PG_USER", pg.user(), "CHATPRO_PG_PASSWORD", pg.password(), "CHATPRO_PG_SSLMODE", sslMode));
    if (rootCert != null) {
      env.put("CHATPRO_PG_SSL_ROOT_CERT", rootCert.toString());
    }
    return ChatproConfig.from(env).pg();
  }

  /** Whether this connection's session is encrypted, as the server sees it. */
  private static boolean encrypted(PgConfig config) throws Exception {
    Pool pool = PgPools.create(vertx, config, "public");
    try {
      return await(pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute())
          .iterator().next().getBoolean(0);
    } finally {
      await(pool.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
