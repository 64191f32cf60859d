package chatpro.system;

import chatpro.devstack.junit.DevStackExtension;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning, as an integrator would, with read_committed isolation. */
final class TestKafka {
  private TestKafka() {}

  /** A record of the topic, its key and value. */
  record Record(String key, JsonObject value) {}

  /**
   * The matching records, in topic order per partition: reads until {@code expected} matches are found and then
   * 2 more seconds (to catch duplicates), or until 30 s pass.
   */
  static List<Record> read(String topic, Predicate<JsonObject> matching, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStackExtension.stack().kafkaBootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<Record> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          JsonObject value = new JsonObject(r.value());
          if (matching.test(value)) {
            found.add(new Record(r.key(), value));
            if (found.size() >= expected && quietUntil == Long.MAX_VALUE) {
              quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            }
          }
        }
      }
    }
    return found;
  }
}
