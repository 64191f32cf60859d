package chatpro.common.kafka;

import chatpro.common.config.ChatproConfig.KafkaConfig;
import chatpro.common.config.ChatproConfig.KafkaSecurity;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka client settings and topic creation, blocking: call from a worker thread. */
public final class KafkaSetup {
  /**
   * Topics kept longer than {@code CHATPRO_KAFKA_RETENTION_HOURS}: the audit heads forever (a copy of every org's
   * chain outside the database), the audit records in flight for 30 days (longer than any outage of the writer).
   */
  static final Map<String, Long> RETENTION_MS = Map.of(
      Topics.AUDIT, -1L,
      Topics.AUDIT_RECORDS, java.time.Duration.ofDays(30).toMillis());

  private KafkaSetup() {}

  /** {@link #ensureTopic(KafkaConfig, String)} on a worker thread. */
  public static io.vertx.core.Future<Void> ensureTopic(io.vertx.core.Vertx vertx, KafkaConfig kafka, String topic) {
    return vertx.executeBlocking(() -> {
      ensureTopic(kafka, topic);
      return null;
    });
  }

  /** Creates the topic if it is missing, with ChatPro's partitions, replication and retention. */
  public static void ensureTopic(KafkaConfig kafka, String topic) {
    Properties props = clientProperties(kafka);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(props)) {
      if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
        return;
      }
      long retention = RETENTION_MS.getOrDefault(topic, kafka.retention().toMillis());
      NewTopic newTopic = new NewTopic(topic, kafka.partitions(), kafka.replication())
          .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention)));
      admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create Kafka topic " + topic, e.getCause());
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot create Kafka topic " + topic, e);
    }
  }

  /**
   * What every ChatPro Kafka client (producer, consumer, admin) starts from: the bootstrap servers and how to reach
   * them: TLS against the configured CA, and a SCRAM login as the service's own Kafka user.
   */
  public static Properties clientProperties(KafkaConfig kafka) {
    Properties props = new Properties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    KafkaSecurity security = kafka.security();
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, security.protocol());
    if (security.tls()) {
      // The brokers' names are checked against their certificates (the client's default, stated here).
      props.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "https");
      if (!security.truststore().isEmpty()) {
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, security.truststore());
      }
    }
    if (security.sasl()) {
      props.put(SaslConfigs.SASL_MECHANISM, security.mechanism());
      props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
          + " username=" + jaasQuoted(security.username()) + " password=" + jaasQuoted(security.password()) + ";");
    }
    return props;
  }

  /** A JAAS option value: in double quotes, with backslashes and quotes escaped. */
  static String jaasQuoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** An idempotent producer that waits for every in-sync replica. */
  public static Properties producerProperties(KafkaConfig kafka, String clientId) {
    Properties props = clientProperties(kafka);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return props;
  }

  /**
   * A consumer of string records that reads only committed transactions and commits no offsets of its own: for
   * reading a topic through (the relay's recovery, checks), not for a consumer group's work.
   */
  public static Properties readerProperties(KafkaConfig kafka) {
    Properties props = clientProperties(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return props;
  }
}
