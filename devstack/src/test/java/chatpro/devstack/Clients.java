package chatpro.devstack;

import io.minio.MinioClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client helpers shared by the tests. */
final class Clients {

  private Clients() {
  }

  static void createTopic(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  static void produce(String bootstrap, String topic, String key, String value) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  static String consumeFirstWithGroup(String bootstrap, String topic, String group) {
    Properties p = consumerProps(bootstrap);
    p.put("group.id", group);
    p.put("auto.offset.reset", "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      String value = pollFirst(consumer);
      consumer.commitSync();
      return value;
    }
  }

  static String consumeFirstAssigned(String bootstrap, String topic) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerProps(bootstrap), new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      return pollFirst(consumer);
    }
  }

  private static Properties consumerProps(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("enable.auto.commit", "false");
    return p;
  }

  private static String pollFirst(KafkaConsumer<String, String> consumer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        return r.value();
      }
    }
    throw new AssertionError("no record within 30 s");
  }

  static MinioClient minio(DevStack stack) {
    return MinioClient.builder()
        .endpoint(stack.s3Endpoint())
        .credentials(stack.s3AccessKey(), stack.s3SecretKey())
        .region(stack.s3Region())
        .build();
  }
}
