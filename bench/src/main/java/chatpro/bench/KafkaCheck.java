package chatpro.bench;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code chatpro.chat-events.v1} from the beginning, as an integrator would (read_committed), and keeps what
 * concerns this run's chats: how often each CloudEvents id ({@code chatId:seq}) appears, and at which seqs each of
 * the run's messages (by the number in its text) was stored.
 */
final class KafkaCheck {
  static final String TOPIC = "chatpro.chat-events.v1";

  /** Occurrences per CloudEvents id. */
  final Map<String, Integer> byEventId = new HashMap<>();
  /** The seqs each message number was published at (more than one: it was stored twice). */
  final Map<Integer, long[]> seqsByMessage = new HashMap<>();
  long records;

  /**
   * Reads until every one of {@code expectedIds} has been seen and 5 more quiet seconds passed, or nothing new came
   * for {@code idleSeconds}.
   */
  static KafkaCheck read(String bootstrap, Run run, java.util.Set<String> expectedIds, int idleSeconds,
      Deadline deadline) {
    KafkaCheck check = new KafkaCheck();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-faults-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    java.util.Set<String> missing = new java.util.HashSet<>(expectedIds);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(TOPIC));
      long lastNew = System.nanoTime();
      long quietUntil = Long.MAX_VALUE;
      long lastLog = System.nanoTime();
      while (System.nanoTime() < quietUntil
          && System.nanoTime() - lastNew < Duration.ofSeconds(idleSeconds).toNanos()) {
        if (deadline.passed()) {
          throw new Deadline.HardStop("reading Kafka");
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          lastNew = System.nanoTime();
          check.take(r.value(), run, missing);
        }
        if (missing.isEmpty() && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        }
        if (System.nanoTime() - lastLog > 5_000_000_000L) {
          lastLog = System.nanoTime();
          Log.info("kafka: " + check.records + " records of this run read, " + missing.size() + " acked not yet");
        }
      }
    }
    return check;
  }

  private void take(String value, Run run, java.util.Set<String> missing) {
    JsonObject ce;
    try {
      ce = new JsonObject(value);
    } catch (RuntimeException e) {
      return;
    }
    JsonObject data = ce.getJsonObject("data");
    String chatId = data == null ? null : data.getString("chatId");
    if (chatId == null || run.chats.indexOf(chatId) < 0) {
      return;
    }
    records++;
    String id = ce.getString("id");
    byEventId.merge(id, 1, Integer::sum);
    missing.remove(id);
    Object text = data.getValue("text");
    int idx = text instanceof String s ? FrameFields.indexInText(s, run.tag) : -1;
    Long seq = data.getLong("seq");
    if (idx >= 0 && seq != null) {
      seqsByMessage.merge(idx, new long[] {seq}, KafkaCheck::addDistinct);
    }
  }

  private static long[] addDistinct(long[] have, long[] one) {
    for (long s : have) {
      if (s == one[0]) {
        return have;
      }
    }
    long[] out = java.util.Arrays.copyOf(have, have.length + 1);
    out[have.length] = one[0];
    return out;
  }
}
