package chatpro.common.kafka;

import chatpro.common.config.ChatproConfig.KafkaConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the rows of a schema's transactional outbox to Kafka exactly once and in row order.
 *
 * <p>The schema holds {@code outbox(id, record_key, record_id, payload)} and
 * {@code relay_checkpoints(topic, partition, next_offset)}. One relay per schema runs at a time (a PostgreSQL advisory lock held on its own connection). After each
 * acknowledged batch it deletes the rows and stores, in the same transaction, the next offset of every partition it
 * wrote. A crash between Kafka's acknowledgement and that transaction leaves rows that are already published; on
 * (re)start the relay reads each partition from its stored offset to the end and deletes the rows whose record ids it
 * finds there, so they are not published twice.
 *
 * <p>It runs on its own thread because the Kafka clients block; PostgreSQL calls are awaited there, never on an
 * event loop.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final String ID_HEADER = "ce_id";
  private static final int BATCH = 500;
  private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

  private final Pool pool;
  private final String schema;
  private final String topic;
  private final KafkaConfig kafka;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;
  private SqlConnection lockConnection;
  private volatile boolean lockLost;

  public OutboxRelay(Pool pool, String schema, String topic, KafkaConfig kafka) {
    this.pool = pool;
    this.schema = schema;
    this.topic = topic;
    this.kafka = kafka;
    this.thread = new Thread(this::run, "outbox-relay-" + schema);
    this.thread.setDaemon(true);
  }

  public OutboxRelay start() {
    thread.start();
    return this;
  }

  /** Called after a commit that wrote outbox rows, so they go out without waiting for the next poll. */
  public void wake() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /** {@link #close()} on a worker thread, for a verticle's stop. */
  public io.vertx.core.Future<Void> stop(io.vertx.core.Vertx vertx) {
    return vertx.executeBlocking(() -> {
      close();
      return null;
    });
  }

  @Override
  public void close() {
    running = false;
    wake.release();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (running) {
      try {
        if (acquireLock()) {
          relayWhileLocked();
        } else {
          sleep(2_000);
        }
      } catch (Exception e) {
        if (running) {
          LOG.warn("outbox relay for {} restarts after a failure: {}", schema, e.toString());
          sleep(1_000);
        }
      } finally {
        releaseLock();
      }
    }
  }

  private void relayWhileLocked() throws Exception {
    try (KafkaProducer<String, String> producer =
             new KafkaProducer<>(KafkaSetup.producerProperties(kafka, "chatpro-relay-" + schema))) {
      int partitions = producer.partitionsFor(topic).size();
      recover(partitions);
      LOG.info("outbox relay for {} is publishing to {}", schema, topic);
      while (running && !lockLost) {
        List<Row> rows = await(pool.query("SELECT id, record_key, record_id, payload FROM " + schema
            + ".outbox ORDER BY id LIMIT " + BATCH).execute()).stream().toList();
        if (rows.isEmpty()) {
          wake.tryAcquire(200, TimeUnit.MILLISECONDS);
          continue;
        }
        publish(producer, rows);
      }
    }
  }

  private void publish(KafkaProducer<String, String> producer, List<Row> rows) throws Exception {
    List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
    for (Row row : rows) {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(topic, row.getString("record_key"), row.getString("payload"));
      record.headers().add(ID_HEADER, row.getString("record_id").getBytes(StandardCharsets.UTF_8));
      acks.add(producer.send(record));
    }
    producer.flush();
    Map<Integer, Long> nextOffsets = new HashMap<>();
    for (java.util.concurrent.Future<RecordMetadata> ack : acks) {
      RecordMetadata meta = ack.get(60, TimeUnit.SECONDS);
      nextOffsets.merge(meta.partition(), meta.offset() + 1, Math::max);
    }
    Long[] ids = rows.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
    await(pool.withTransaction(conn -> deleteRows(conn, "id = ANY($1)", Tuple.of(ids))
        .compose(v -> saveCheckpoints(conn, nextOffsets))));
  }

  /** Deletes the rows whose records are already in Kafka past the stored offsets. */
  private void recover(int partitions) throws Exception {
    Map<Integer, Long> stored = new HashMap<>();
    await(pool.preparedQuery("SELECT partition, next_offset FROM " + schema + ".relay_checkpoints WHERE topic = $1")
        .execute(Tuple.of(topic))).forEach(r -> stored.put(r.getInteger(0), r.getLong(1)));
    Set<String> published = new HashSet<>();
    Map<Integer, Long> ends = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(topic, p));
      }
      consumer.assign(tps);
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(tps, Duration.ofSeconds(30));
      for (TopicPartition tp : tps) {
        Long from = stored.get(tp.partition());
        if (from == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, from);
        }
        ends.put(tp.partition(), endOffsets.get(tp));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!caughtUp(consumer, tps, endOffsets)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          Header id = record.headers().lastHeader(ID_HEADER);
          if (id != null) {
            published.add(new String(id.value(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    String[] ids = published.toArray(String[]::new);
    await(pool.withTransaction(conn -> deleteRows(conn, "record_id = ANY($1)", Tuple.of(ids))
        .compose(v -> saveCheckpoints(conn, ends))));
    if (ids.length > 0) {
      LOG.info("outbox relay for {} found {} rows already published", schema, ids.length);
    }
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> tps,
      Map<TopicPartition, Long> ends) {
    for (TopicPartition tp : tps) {
      if (consumer.position(tp) < ends.get(tp)) {
        return false;
      }
    }
    return true;
  }

  private Future<Void> deleteRows(SqlConnection conn, String where, Tuple args) {
    return conn.preparedQuery("DELETE FROM " + schema + ".outbox WHERE " + where).execute(args).mapEmpty();
  }

  private Future<Void> saveCheckpoints(SqlConnection conn, Map<Integer, Long> offsets) {
    if (offsets.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>();
    offsets.forEach((partition, next) -> batch.add(Tuple.of(topic, partition, next)));
    return conn.preparedQuery("INSERT INTO " + schema + ".relay_checkpoints (topic, partition, next_offset)"
            + " VALUES ($1, $2, $3) ON CONFLICT (topic, partition) DO UPDATE SET next_offset ="
            + " greatest(relay_checkpoints.next_offset, excluded.next_offset)")
        .executeBatch(batch).mapEmpty();
  }

  private boolean acquireLock() throws Exception {
    SqlConnection conn = await(pool.getConnection());
    boolean locked = await(conn.preparedQuery("SELECT pg_try_advisory_lock(hashtext($1))")
        .execute(Tuple.of("chatpro.relay." + schema))).iterator().next().getBoolean(0);
    if (!locked) {
      conn.close();
      return false;
    }
    lockLost = false;
    conn.closeHandler(v -> lockLost = true);
    lockConnection = conn;
    return true;
  }

  private void releaseLock() {
    if (lockConnection != null) {
      lockConnection.close();
      lockConnection = null;
    }
  }

  private Properties consumerProperties() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return props;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(DB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
