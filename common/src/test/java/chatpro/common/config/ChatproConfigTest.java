package chatpro.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.config.ChatproConfig.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatproConfigTest {

  @Test
  void theMediaLinkSecretIsEmptyUnlessSet() {
    assertEquals("", ChatproConfig.from(Map.of()).s3().linkSecret());
    String secret = "0123456789abcdef0123456789abcdef";
    assertEquals(secret, ChatproConfig.from(Map.of("CHATPRO_MEDIA_LINK_SECRET", secret)).s3().linkSecret());
  }

  @Test
  void aShortMediaLinkSecretIsRefusedWithoutShowingIt() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ChatproConfig.from(Map.of("CHATPRO_MEDIA_LINK_SECRET", "too-short-secret")));
    assertTrue(e.getMessage().contains("CHATPRO_MEDIA_LINK_SECRET must be at least 32 characters"), e.getMessage());
    assertFalse(e.getMessage().contains("too-short-secret"), "a secret never appears in a message");
  }

  @Test
  void withoutOwnerSettingsTheServicesRoleMigrates() {
    ChatproConfig.PgConfig pg = ChatproConfig.from(Map.of("CHATPRO_PG_USER", "app")).pg();
    assertFalse(pg.separateOwner());
    assertEquals("app", pg.asOwner().user());
  }

  @Test
  void ownerSettingsMakeMigrationsConnectAsTheOwner() {
    ChatproConfig.PgConfig pg = ChatproConfig.from(Map.of("CHATPRO_PG_USER", "app", "CHATPRO_PG_PASSWORD", "a",
        "CHATPRO_PG_OWNER_USER", "owner", "CHATPRO_PG_OWNER_PASSWORD", "o")).pg();
    assertTrue(pg.separateOwner());
    assertEquals("owner", pg.asOwner().user());
    assertEquals("o", pg.asOwner().password());
    assertEquals("app", pg.user());
  }

  @Test
  void theLimitsForPeopleDefaultToTheProtocolsFigures() {
    ChatproConfig.RateConfig rates = ChatproConfig.from(Map.of()).rates();
    assertEquals(30, rates.sendBurst());
    assertEquals(10, rates.sendPerSecond());
    assertEquals(30, rates.chatsPerMinute());
    assertEquals(64, rates.sendQueuePerSender());
    ChatproConfig.RateConfig raised = ChatproConfig.from(Map.of("CHATPRO_SEND_BURST", "1000",
        "CHATPRO_SEND_PER_SECOND", "500", "CHATPRO_CHATS_PER_MINUTE", "600", "CHATPRO_SEND_QUEUE_PER_SENDER", "4096"))
        .rates();
    assertEquals(new ChatproConfig.RateConfig(1000, 500, 4096, 600), raised);
  }

  @Test
  void aLimitOfNothingIsRefusedNamingTheSetting() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ChatproConfig.from(Map.of("CHATPRO_SEND_PER_SECOND", "0", "CHATPRO_SEND_BURST", "many")));
    assertTrue(e.getMessage().contains("CHATPRO_SEND_PER_SECOND must be between 1"), e.getMessage());
    assertTrue(e.getMessage().contains("CHATPRO_SEND_BURST must be a whole number"), e.getMessage());
  }

  @Test
  void saslWithoutCredentialsIsRefusedAtStart() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ChatproConfig.from(Map.of("CHATPRO_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")));
    assertTrue(e.getMessage().contains("needs CHATPRO_KAFKA_USERNAME and CHATPRO_KAFKA_PASSWORD"), e.getMessage());
  }

  @Test
  void anUnknownSecurityProtocolOrSslModeIsNamed() {
    ConfigException e = assertThrows(ConfigException.class, () -> ChatproConfig.from(Map.of(
        "CHATPRO_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "CHATPRO_PG_SSLMODE", "prefer")));
    assertTrue(e.getMessage().contains("CHATPRO_KAFKA_SECURITY_PROTOCOL must be one of PLAINTEXT, SSL, SASL_SSL"),
        e.getMessage());
    assertTrue(e.getMessage().contains("CHATPRO_PG_SSLMODE must be one of disable, require, verify-full"),
        e.getMessage());
  }

  @Test
  void verifyFullNeedsTheCaFile() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ChatproConfig.from(Map.of("CHATPRO_PG_SSLMODE", "verify-full")));
    assertTrue(e.getMessage().contains("CHATPRO_PG_SSL_ROOT_CERT"), e.getMessage());
  }
}
