package chatpro.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.config.ChatproConfig;
import chatpro.common.config.ChatproConfig.KafkaConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

class KafkaSetupTest {
  private static final Map<String, String> SASL = Map.of(
      "CHATPRO_KAFKA_BOOTSTRAP", "chatpro-kafka-bootstrap:9093",
      "CHATPRO_KAFKA_SECURITY_PROTOCOL", "sasl_ssl",
      "CHATPRO_KAFKA_USERNAME", "chatpro-media",
      "CHATPRO_KAFKA_PASSWORD", "pa\"ss\\word",
      "CHATPRO_KAFKA_TRUSTSTORE", "/etc/chatpro/kafka-ca/ca.crt");

  @Test
  void plaintextByDefaultWithNoLoginAndNoTls() {
    Properties props = KafkaSetup.clientProperties(ChatproConfig.from(Map.of()).kafka());
    assertEquals("127.0.0.1:9092", props.get("bootstrap.servers"));
    assertEquals("PLAINTEXT", props.get("security.protocol"));
    assertFalse(props.containsKey(SaslConfigs.SASL_JAAS_CONFIG));
    assertFalse(props.containsKey(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG));
  }

  @Test
  void saslSslLogsInWithScramAndTrustsThePemCa() {
    KafkaConfig kafka = ChatproConfig.from(SASL).kafka();
    Properties props = KafkaSetup.clientProperties(kafka);
    assertEquals("SASL_SSL", props.get("security.protocol"));
    assertEquals("SCRAM-SHA-512", props.get(SaslConfigs.SASL_MECHANISM));
    assertEquals("PEM", props.get(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG));
    assertEquals("/etc/chatpro/kafka-ca/ca.crt", props.get(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG));
    assertEquals("https", props.get(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG));
    // Kafka's own parser reads the login back: user and password survive the quoting.
    JaasContext jaas = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG,
        new Password((String) props.get(SaslConfigs.SASL_JAAS_CONFIG))));
    Map<String, ?> options = jaas.configurationEntries().get(0).getOptions();
    assertEquals("chatpro-media", options.get("username"));
    assertEquals("pa\"ss\\word", options.get("password"));
    assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule",
        jaas.configurationEntries().get(0).getLoginModuleName());
  }

  @Test
  void thePasswordNeverShowsInTheSettingsText() {
    String text = ChatproConfig.from(SASL).kafka().toString();
    assertFalse(text.contains("pa\"ss"), text);
    assertTrue(text.contains("username=chatpro-media"), text);
  }

  @Test
  void producersCarryTheSameSecurityAsEveryOtherClient() {
    KafkaConfig kafka = ChatproConfig.from(SASL).kafka();
    Properties producer = KafkaSetup.producerProperties(kafka, "chatpro-relay-media");
    KafkaSetup.clientProperties(kafka).forEach((key, value) -> assertEquals(value, producer.get(key), (String) key));
    assertEquals("all", producer.get(ProducerConfig.ACKS_CONFIG));
    // and Kafka's own config parser accepts the whole set
    new ProducerConfig(producer);
  }

  @Test
  void tlsWithoutSaslNeedsNoLogin() {
    Properties props = KafkaSetup.clientProperties(ChatproConfig.from(Map.of(
        "CHATPRO_KAFKA_SECURITY_PROTOCOL", "SSL")).kafka());
    assertEquals(SecurityProtocol.SSL.name, props.get("security.protocol"));
    assertFalse(props.containsKey(SaslConfigs.SASL_JAAS_CONFIG));
  }
}
