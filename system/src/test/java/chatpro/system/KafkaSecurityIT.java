package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.config.ChatproConfig;
import chatpro.common.config.ChatproConfig.KafkaConfig;
import chatpro.common.kafka.KafkaSetup;
import chatpro.devstack.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ChatPro's Kafka clients against a broker secured as production's is (TLS, SCRAM-SHA-512, ACLs): the right login
 * writes and reads what its ACLs allow and nothing else, a wrong password or an untrusted broker certificate is
 * refused before anything is sent.
 */
class KafkaSecurityIT {
  private static final String MEDIA = "chatpro-media";
  private static final String MEDIA_PASSWORD = "media-password-for-this-test";
  private static final String INTEGRATOR = "chatpro-integrator";
  private static final String INTEGRATOR_PASSWORD = "integrator-password-for-this-test";
  private static final String OWN_TOPIC = "chatpro.audit-records.v1";
  private static final String OTHER_TOPIC = "chatpro.directory.v1";
  private static KafkaBroker broker;

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    broker = KafkaBroker.startTemporarySecured(Map.of(MEDIA, MEDIA_PASSWORD, INTEGRATOR, INTEGRATOR_PASSWORD));
    Properties superuser = new Properties();
    superuser.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    try (Admin admin = Admin.create(superuser)) {
      admin.createTopics(List.of(new NewTopic(OWN_TOPIC, 1, (short) 1), new NewTopic(OTHER_TOPIC, 1, (short) 1)))
          .all().get(60, TimeUnit.SECONDS);
      admin.createAcls(List.of(
          allow(MEDIA, ResourceType.TOPIC, OWN_TOPIC, PatternType.LITERAL, AclOperation.WRITE),
          allow(MEDIA, ResourceType.TOPIC, OWN_TOPIC, PatternType.LITERAL, AclOperation.DESCRIBE),
          allow(INTEGRATOR, ResourceType.TOPIC, OWN_TOPIC, PatternType.LITERAL, AclOperation.READ),
          allow(INTEGRATOR, ResourceType.TOPIC, OWN_TOPIC, PatternType.LITERAL, AclOperation.DESCRIBE),
          allow(INTEGRATOR, ResourceType.GROUP, "integrator-", PatternType.PREFIXED, AclOperation.READ)))
          .all().get(60, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void theRightLoginWritesItsTopicAndAReadOnlyLoginReadsIt() throws Exception {
    KafkaConfig media = kafka(MEDIA, MEDIA_PASSWORD, true);
    try (KafkaProducer<String, String> producer =
             new KafkaProducer<>(KafkaSetup.producerProperties(media, "chatpro-relay-media"))) {
      producer.send(new ProducerRecord<>(OWN_TOPIC, "org-1", "an audit record")).get(60, TimeUnit.SECONDS);
    }
    Properties reader = KafkaSetup.clientProperties(kafka(INTEGRATOR, INTEGRATOR_PASSWORD, true));
    reader.put(ConsumerConfig.GROUP_ID_CONFIG, "integrator-archive");
    reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    reader.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    reader.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(reader)) {
      consumer.subscribe(List.of(OWN_TOPIC));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (values.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
    }
    assertEquals(List.of("an audit record"), values);
  }

  @Test
  void aLoginWritesNoTopicItsAclsDoNotName() throws Exception {
    assertInstanceOf(TopicAuthorizationException.class,
        sendFails(kafka(MEDIA, MEDIA_PASSWORD, true), OTHER_TOPIC), "media may not write the directory's topic");
    // a login that may write no topic at all is stopped earlier, when its idempotent producer asks for an id
    assertInstanceOf(AuthorizationException.class,
        sendFails(kafka(INTEGRATOR, INTEGRATOR_PASSWORD, true), OWN_TOPIC), "integrators only read");
  }

  @Test
  void aWrongPasswordIsRefused() {
    assertInstanceOf(SaslAuthenticationException.class, clusterIdFails(kafka(MEDIA, "not-the-password", true)));
  }

  @Test
  void aBrokerWhoseCertificateTheCaDidNotSignIsRefused() {
    // without CHATPRO_KAFKA_TRUSTSTORE the JVM's own CAs decide, and none of them signed this broker
    assertInstanceOf(SslAuthenticationException.class, clusterIdFails(kafka(MEDIA, MEDIA_PASSWORD, false)));
  }

  private static KafkaConfig kafka(String user, String password, boolean trustBroker) {
    Map<String, String> env = new HashMap<>(Map.of(
        "CHATPRO_KAFKA_BOOTSTRAP", broker.saslSslBootstrap(),
        "CHATPRO_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "CHATPRO_KAFKA_USERNAME", user,
        "CHATPRO_KAFKA_PASSWORD", password));
    if (trustBroker) {
      env.put("CHATPRO_KAFKA_TRUSTSTORE", broker.certificate().toString());
    }
    return ChatproConfig.from(env).kafka();
  }

  private static Throwable sendFails(KafkaConfig kafka, String topic) {
    Properties props = KafkaSetup.producerProperties(kafka, "chatpro-test");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      // The refusal comes through the send's future, or, when the producer's id request was refused before the send
      // was made, from send() itself, wrapping the same cause.
      Exception e = assertThrows(Exception.class,
          () -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(60, TimeUnit.SECONDS));
      assertTrue(e instanceof ExecutionException || e instanceof org.apache.kafka.common.KafkaException,
          "refused by the broker: " + e);
      return e.getCause();
    }
  }

  private static Throwable clusterIdFails(KafkaConfig kafka) {
    Properties props = KafkaSetup.clientProperties(kafka);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(props)) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS));
      return e.getCause();
    }
  }

  private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern,
      AclOperation operation) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }
}
