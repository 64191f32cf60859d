package chatpro.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.config.ChatproConfig;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgPoolsTest {

  @Test
  void noTlsUnlessAskedFor() {
    PgConnectOptions options = PgPools.connectOptions(ChatproConfig.from(Map.of()).pg(), "media");
    assertEquals(SslMode.DISABLE, options.getSslMode());
  }

  @Test
  void verifyFullTrustsOnlyTheGivenCaAndChecksTheHostName() {
    PgConnectOptions options = PgPools.connectOptions(ChatproConfig.from(Map.of(
        "CHATPRO_PG_HOST", "chatpro-pg-rw", "CHATPRO_PG_SSLMODE", "verify-full",
        "CHATPRO_PG_SSL_ROOT_CERT", "/etc/chatpro/pg-ca/ca.crt")).pg(), "media");
    assertEquals(SslMode.VERIFY_FULL, options.getSslMode());
    assertEquals("HTTPS", options.getSslOptions().getHostnameVerificationAlgorithm());
    assertEquals(java.util.List.of("/etc/chatpro/pg-ca/ca.crt"),
        ((PemTrustOptions) options.getSslOptions().getTrustOptions()).getCertPaths());
  }

  @Test
  void theOwnersConnectionKeepsTheTlsSettings() {
    ChatproConfig.PgConfig pg = ChatproConfig.from(Map.of("CHATPRO_PG_USER", "chatpro_media",
        "CHATPRO_PG_OWNER_USER", "chatpro_media_owner", "CHATPRO_PG_SSLMODE", "require")).pg();
    PgConnectOptions owner = PgPools.connectOptions(pg.asOwner(), "media");
    assertEquals("chatpro_media_owner", owner.getUser());
    assertEquals(SslMode.REQUIRE, owner.getSslMode());
    assertTrue(owner.getSslOptions().isTrustAll());
  }
}
