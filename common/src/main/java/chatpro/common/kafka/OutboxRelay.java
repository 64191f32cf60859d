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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the rows of transactional outboxes to Kafka exactly once and in row order, one topic per outbox table.
 *
 * <p>Each outbox is a table {@code (id, record_key, record_id, payload)} beside a
 * {@code relay_checkpoints(topic, partition, next_offset)} table in the same schema: a service's {@code outbox}
 * (its integrators' topic) and {@code audit_outbox} (audit records), message-service's {@code audit.outbox} (chain
 * heads). One relay per name runs at a time (a PostgreSQL advisory lock held on its own connection) and serves all
 * of its outboxes with one producer. After each acknowledged batch it deletes the rows and stores, in the same
 * transaction, the next offset of every partition it wrote. A crash between Kafka's acknowledgement and that
 * transaction leaves rows that are already published; on (re)start the relay reads each partition from its stored
 * offset to the end and deletes the rows whose record ids it finds there, so they are not published twice.
 *
 * <p>It runs on its own thread because the Kafka clients block; PostgreSQL calls are awaited there, never on an
 * event loop.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final String ID_HEADER = "ce_id";
  private static final int BATCH = 500;
  /**
   * How often a relay looks again after it found rows (rows committed by other processes wake no one here). Each
   * empty look doubles the wait up to {@link #IDLE_POLL_MS}: an idle relay asks PostgreSQL a few times a second, not
   * five times per outbox, and a row from another process waits at most that long after a quiet spell.
   */
  private static final long POLL_MS = 200;
  private static final long IDLE_POLL_MS = 1_600;
  /**
   * After a wake, how long rows may gather before the relay reads them: at light load one pass then carries the rows
   * of several commits (one produce, one delete and checkpoint, one fetch per consumer, instead of one per commit);
   * under load rows gather while each pass runs anyway, and a full batch is followed at once.
   */
  static final long GATHER_MS = 25;
  private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

  /**
   * One outbox table of a schema and the topic its rows go to. {@code open} turns a stored payload into the record's
   * value (message-service's rows hold sealed text, opened on the way out); by default the payload goes as it is.
   */
  public record Outbox(String schema, String table, String topic, Function<String, Future<String>> open) {
    public Outbox(String schema, String table, String topic) {
      this(schema, table, topic, Future::succeededFuture);
    }

    String rows() {
      return schema + "." + table;
    }

    String checkpoints() {
      return schema + ".relay_checkpoints";
    }
  }

  private final Pool pool;
  private final String name;
  private final List<Outbox> outboxes;
  private final KafkaConfig kafka;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;
  private SqlConnection lockConnection;
  private volatile boolean lockLost;

  /** The relay of a schema's {@code outbox} table alone. */
  public OutboxRelay(Pool pool, String schema, String topic, KafkaConfig kafka) {
    this(pool, schema, List.of(new Outbox(schema, "outbox", topic)), kafka);
  }

  /**
   * A relay of several outboxes under one lock and one producer.
   * @param name names the lock and the thread; a schema's name keeps the lock its single-outbox relay took, so a
   *     rolling upgrade never runs two relays of one table at once
   */
  public OutboxRelay(Pool pool, String name, List<Outbox> outboxes, KafkaConfig kafka) {
    this.pool = pool;
    this.name = name;
    this.outboxes = List.copyOf(outboxes);
    this.kafka = kafka;
    this.thread = new Thread(this::run, "outbox-relay-" + name);
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
          LOG.warn("outbox relay {} restarts after a failure: {}", name, e.toString());
          sleep(1_000);
        }
      } finally {
        releaseLock();
      }
    }
  }

  private void relayWhileLocked() throws Exception {
    try (KafkaProducer<String, String> producer =
             new KafkaProducer<>(KafkaSetup.producerProperties(kafka, "chatpro-relay-" + name))) {
      for (Outbox outbox : outboxes) {
        recover(outbox, producer.partitionsFor(outbox.topic()).size());
        LOG.info("outbox relay {} is publishing {} to {}", name, outbox.rows(), outbox.topic());
      }
      long wait = POLL_MS;
      while (running && !lockLost) {
        boolean full = false;
        int found = 0;
        for (Outbox outbox : outboxes) {
          int rows = relayBatch(producer, outbox);
          full |= rows == BATCH;
          found += rows;
        }
        if (full) {
          continue;
        }
        wait = found > 0 ? POLL_MS : Math.min(wait * 2, IDLE_POLL_MS);
        if (wake.tryAcquire(wait, TimeUnit.MILLISECONDS) && running) {
          wait = POLL_MS;
          sleep(GATHER_MS);
        }
      }
    }
  }

  /** Publishes the oldest rows of one outbox; answers how many. */
  private int relayBatch(KafkaProducer<String, String> producer, Outbox outbox) throws Exception {
    List<Row> rows = await(pool.query("SELECT id, record_key, record_id, payload FROM " + outbox.rows()
        + " ORDER BY id LIMIT " + BATCH).execute()).stream().toList();
    if (!rows.isEmpty()) {
      publish(producer, outbox, rows);
    }
    return rows.size();
  }

  private void publish(KafkaProducer<String, String> producer, Outbox outbox, List<Row> rows) throws Exception {
    List<Future<String>> opening = new ArrayList<>(rows.size());
    rows.forEach(row -> opening.add(outbox.open().apply(row.getString("payload"))));
    List<String> values = await(Future.all(opening)).list();
    List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      ProducerRecord<String, String> record =
          new ProducerRecord<>(outbox.topic(), row.getString("record_key"), values.get(i));
      record.headers().add(ID_HEADER, row.getString("record_id").getBytes(StandardCharsets.UTF_8));
      acks.add(producer.send(record));
    }
    producer.flush();
    Map<Integer, Long> nextOffsets = new HashMap<>();
    for (java.util.concurrent.Future<RecordMetadata> ack : acks) {
      RecordMetadata meta = ack.get(60, TimeUnit.SECONDS);
      RelayRecovery.acknowledged(nextOffsets, meta.partition(), meta.offset());
    }
    Long[] ids = rows.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
    await(pool.withTransaction(conn -> deleteRows(conn, outbox, "id = ANY($1)", Tuple.of(ids))
        .compose(v -> saveCheckpoints(conn, outbox, nextOffsets))));
  }

  /** Deletes the rows whose records are already in Kafka past the stored offsets (see {@link RelayRecovery}). */
  private void recover(Outbox outbox, int partitions) throws Exception {
    String topic = outbox.topic();
    Map<Integer, Long> stored = new HashMap<>();
    await(pool.preparedQuery("SELECT partition, next_offset FROM " + outbox.checkpoints() + " WHERE topic = $1")
        .execute(Tuple.of(topic))).forEach(r -> stored.put(r.getInteger(0), r.getLong(1)));
    RelayRecovery recovery = new RelayRecovery(stored);
    Map<Integer, Long> ends = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaSetup.readerProperties(kafka))) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(topic, p));
      }
      consumer.assign(tps);
      Map<TopicPartition, Long> endOffsets = consumer.endOffsets(tps, Duration.ofSeconds(30));
      for (TopicPartition tp : tps) {
        Long from = recovery.startOf(tp.partition());
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
          recovery.read(record.partition(), record.offset(),
              id == null ? null : new String(id.value(), StandardCharsets.UTF_8));
        }
      }
    }
    String[] ids = recovery.publishedIds();
    await(pool.withTransaction(conn -> deleteRows(conn, outbox, "record_id = ANY($1)", Tuple.of(ids))
        .compose(v -> saveCheckpoints(conn, outbox, recovery.checkpoints(ends)))));
    if (ids.length > 0) {
      LOG.info("outbox relay {} found {} rows of {} already published", name, ids.length, outbox.rows());
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

  private Future<Void> deleteRows(SqlConnection conn, Outbox outbox, String where, Tuple args) {
    return conn.preparedQuery("DELETE FROM " + outbox.rows() + " WHERE " + where).execute(args).mapEmpty();
  }

  private Future<Void> saveCheckpoints(SqlConnection conn, Outbox outbox, Map<Integer, Long> offsets) {
    String topic = outbox.topic();
    if (offsets.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>();
    offsets.forEach((partition, next) -> batch.add(Tuple.of(topic, partition, next)));
    return conn.preparedQuery("INSERT INTO " + outbox.checkpoints() + " AS c (topic, partition, next_offset)"
            + " VALUES ($1, $2, $3) ON CONFLICT (topic, partition) DO UPDATE SET next_offset ="
            + " greatest(c.next_offset, excluded.next_offset)")
        .executeBatch(batch).mapEmpty();
  }

  private boolean acquireLock() throws Exception {
    SqlConnection conn = await(pool.getConnection());
    boolean locked;
    try {
      locked = await(conn.preparedQuery("SELECT pg_try_advisory_lock(hashtext($1))")
          .execute(Tuple.of(lockName()))).iterator().next().getBoolean(0);
    } catch (Exception e) {
      conn.close();
      throw e;
    }
    if (!locked) {
      conn.close();
      return false;
    }
    lockLost = false;
    conn.closeHandler(v -> lockLost = true);
    lockConnection = conn;
    return true;
  }

  /**
   * Unlocks before the connection goes back to the pool: a session's advisory lock outlives the pool's
   * {@code close()}, and an idle pooled connection would hold it from every other relay of this name.
   */
  private void releaseLock() {
    SqlConnection conn = lockConnection;
    if (conn == null) {
      return;
    }
    lockConnection = null;
    try {
      await(conn.preparedQuery("SELECT pg_advisory_unlock(hashtext($1))").execute(Tuple.of(lockName())));
    } catch (Exception e) {
      // A broken connection took its session, and the lock, with it.
      LOG.debug("outbox relay {} could not unlock: {}", name, e.toString());
    } finally {
      conn.close();
    }
  }

  private String lockName() {
    return "chatpro.relay." + name;
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
