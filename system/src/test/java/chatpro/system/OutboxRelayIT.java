package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.config.ChatproConfig.KafkaConfig;
import chatpro.common.config.ChatproConfig.PgConfig;
import chatpro.common.db.PgPools;
import chatpro.common.kafka.KafkaSetup;
import chatpro.common.kafka.OutboxRelay;
import chatpro.devstack.DevStack;
import chatpro.devstack.junit.DevStackExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbox relay on its own, against real PostgreSQL and Kafka: every row reaches its topic exactly once and in row
 * order per key, whether an earlier relay died after Kafka's acknowledgement and before its delete, a relay stops
 * half-way and another takes over, or two relays of one name run at once.
 */
@ExtendWith(DevStackExtension.class)
class OutboxRelayIT {
  private static final String ID_HEADER = "ce_id";
  private static final String[] KEYS = {"chat-a", "chat-b", "chat-c", "chat-d", "chat-e"};
  private static Vertx vertx;
  private static PgConfig pg;
  private static KafkaConfig kafka;

  private String schema;
  private String topic;
  private Pool pool;
  private final List<OutboxRelay> relays = new ArrayList<>();

  @BeforeAll
  static void connect() {
    DevStack stack = DevStackExtension.stack();
    vertx = Vertx.vertx();
    pg = new PgConfig(stack.pgHost(), stack.pgPort(), stack.pgDatabase(), stack.pgUser(), stack.pgPassword(), 4);
    kafka = new KafkaConfig(stack.kafkaBootstrap(), 3, 1, Duration.ofDays(1));
  }

  @AfterAll
  static void disconnect() throws Exception {
    await(vertx.close());
  }

  @BeforeEach
  void newOutboxAndTopic() throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    schema = "relay_it_" + suffix;
    topic = "chatpro.relay-it." + suffix;
    pool = PgPools.create(vertx, pg, schema);
    await(pool.query("CREATE SCHEMA " + schema + ";"
        + " CREATE TABLE " + schema + ".outbox (id bigserial PRIMARY KEY, record_key text NOT NULL,"
        + " record_id text NOT NULL, payload text NOT NULL);"
        + " CREATE TABLE " + schema + ".relay_checkpoints (topic text NOT NULL, partition int NOT NULL,"
        + " next_offset bigint NOT NULL, PRIMARY KEY (topic, partition))").execute());
    KafkaSetup.ensureTopic(kafka, topic);
  }

  @AfterEach
  void stopRelays() throws Exception {
    relays.forEach(OutboxRelay::close);
    await(pool.query("DROP SCHEMA " + schema + " CASCADE").execute());
    await(pool.close());
  }

  @Test
  void rowsAnEarlierRelayPublishedButDidNotDeleteAreNotPublishedAgain() throws Exception {
    insert(1, 10);
    // the relay before died between Kafka's acknowledgement of rows 1-4 and the transaction that deletes them
    publishAsTheRelayWould(1, 4);

    startRelay("it");
    awaitOutboxEmpty();

    assertExactlyOnceInOrder(10);
  }

  @Test
  void recoveryReadsFromTheStoredCheckpointAndFindsWhatCameAfterIt() throws Exception {
    // rows 1-4 went out and were deleted with their checkpoint; rows 5-6 went out after it and were not deleted
    Map<Integer, Long> checkpoint = publishAsTheRelayWould(1, 4);
    saveCheckpoint(checkpoint);
    insert(5, 8);
    publishAsTheRelayWould(5, 6);

    startRelay("it");
    awaitOutboxEmpty();

    assertExactlyOnceInOrder(8);
    Map<Integer, Long> stored = checkpoints();
    Map<Integer, Long> ends = endOffsets();
    assertEquals(ends, stored, "the checkpoint moved to the end of what the relay wrote");
  }

  @Test
  void aRelayStoppedHalfWayAndTheOneAfterItPublishEveryRowOnce() throws Exception {
    insert(1, 3000);
    OutboxRelay first = startRelay("it");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (outboxRows() == 3000) {
      assertTrue(System.nanoTime() < deadline, "the first relay published nothing in 60 s");
      Thread.sleep(5);
    }
    first.close();
    long left = outboxRows();
    insert(3001, 3100);

    startRelay("it");
    awaitOutboxEmpty();

    assertTrue(left > 0, "the first relay was stopped before it had published everything");
    assertExactlyOnceInOrder(3100);
  }

  @Test
  void twoRelaysOfOneNameTakeTurnsAndPublishEachRowOnce() throws Exception {
    startRelay("it");
    startRelay("it");
    for (int batch = 0; batch < 10; batch++) {
      insert(batch * 100 + 1, batch * 100 + 100);
      relays.forEach(OutboxRelay::wake);
    }
    awaitOutboxEmpty();

    assertExactlyOnceInOrder(1000);
  }

  private OutboxRelay startRelay(String name) {
    OutboxRelay relay = new OutboxRelay(pool, name + "-" + schema,
        List.of(new OutboxRelay.Outbox(schema, "outbox", topic)), kafka).start();
    relays.add(relay);
    return relay;
  }

  /** Rows {@code from}..{@code to}: record id {@code r<n>}, key by n, payload {@code n}, in one transaction. */
  private void insert(int from, int to) throws Exception {
    List<Tuple> rows = new ArrayList<>();
    for (int n = from; n <= to; n++) {
      rows.add(Tuple.of(key(n), "r" + n, Integer.toString(n)));
    }
    await(pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO " + schema
        + ".outbox (record_key, record_id, payload) VALUES ($1, $2, $3)").executeBatch(rows)));
  }

  private static String key(int n) {
    return KEYS[n % KEYS.length];
  }

  /** Sends rows {@code from}..{@code to} to the topic as the relay sends them; answers each partition's next offset. */
  private Map<Integer, Long> publishAsTheRelayWould(int from, int to) throws Exception {
    Map<Integer, Long> next = new HashMap<>();
    try (KafkaProducer<String, String> producer =
             new KafkaProducer<>(KafkaSetup.producerProperties(kafka, "relay-it-earlier"))) {
      for (int n = from; n <= to; n++) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key(n), Integer.toString(n));
        record.headers().add(ID_HEADER, ("r" + n).getBytes(StandardCharsets.UTF_8));
        RecordMetadata meta = producer.send(record).get(30, TimeUnit.SECONDS);
        next.merge(meta.partition(), meta.offset() + 1, Math::max);
      }
    }
    return next;
  }

  private void saveCheckpoint(Map<Integer, Long> offsets) throws Exception {
    List<Tuple> rows = new ArrayList<>();
    offsets.forEach((partition, offset) -> rows.add(Tuple.of(topic, partition, offset)));
    await(pool.preparedQuery("INSERT INTO " + schema + ".relay_checkpoints (topic, partition, next_offset)"
        + " VALUES ($1, $2, $3)").executeBatch(rows));
  }

  private Map<Integer, Long> checkpoints() throws Exception {
    Map<Integer, Long> stored = new HashMap<>();
    await(pool.query("SELECT partition, next_offset FROM " + schema + ".relay_checkpoints").execute())
        .forEach(row -> stored.put(row.getInteger(0), row.getLong(1)));
    return stored;
  }

  private long outboxRows() throws Exception {
    return await(pool.query("SELECT count(*) FROM " + schema + ".outbox").execute()).iterator().next().getLong(0);
  }

  private void awaitOutboxEmpty() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long left = outboxRows();
    while (left > 0) {
      assertTrue(System.nanoTime() < deadline, left + " rows still in the outbox after 60 s");
      Thread.sleep(50);
      left = outboxRows();
    }
  }

  /** Rows 1..{@code rows} are each on the topic once, under their key, and each key's rows in row order. */
  private void assertExactlyOnceInOrder(int rows) {
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Integer> lastOfKey = new HashMap<>();
    for (ConsumerRecord<String, String> record : readTopic()) {
      String id = new String(record.headers().lastHeader(ID_HEADER).value(), StandardCharsets.UTF_8);
      int n = Integer.parseInt(record.value());
      assertEquals("r" + n, id, "the record carries its row's id");
      assertEquals(key(n), record.key(), "the record carries its row's key");
      seen.merge(id, 1, Integer::sum);
      Integer before = lastOfKey.put(record.key(), n);
      assertTrue(before == null || before < n, "row " + n + " came after row " + before + " of " + record.key());
    }
    for (int n = 1; n <= rows; n++) {
      assertEquals(1, seen.getOrDefault("r" + n, 0), "row " + n + " on the topic exactly once");
    }
    assertEquals(rows, seen.size(), "nothing but the rows");
  }

  /** Every record of the topic, from the beginning to the end offsets as they are now. */
  private List<ConsumerRecord<String, String>> readTopic() {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaSetup.readerProperties(kafka))) {
      List<TopicPartition> partitions = partitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        assertTrue(System.nanoTime() < deadline, "could not read the topic to its end");
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private Map<Integer, Long> endOffsets() {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaSetup.readerProperties(kafka))) {
      Map<Integer, Long> ends = new HashMap<>();
      consumer.endOffsets(partitions(), Duration.ofSeconds(30)).forEach((tp, end) -> ends.put(tp.partition(), end));
      return ends;
    }
  }

  private List<TopicPartition> partitions() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < kafka.partitions(); p++) {
      partitions.add(new TopicPartition(topic, p));
    }
    return partitions;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
