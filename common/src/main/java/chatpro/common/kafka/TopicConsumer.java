package chatpro.common.kafka;

import chatpro.common.config.ChatproConfig.KafkaConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic in a consumer group on its own thread and hands each polled batch to a handler on a Vert.x context;
 * offsets are committed only after the handler's future succeeds, so a crash means the batch is read again
 * (handlers must be idempotent). A failed batch is retried from its first record after a pause.
 */
public final class TopicConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicConsumer.class);
  private static final Duration RETRY = Duration.ofSeconds(2);
  static final int IDLE_FETCH_WAIT_MS = 5_000;

  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final Context context;
  private final Function<List<ConsumerRecord<String, String>>, Future<Void>> handler;
  private final Thread thread;
  private volatile boolean running = true;

  public TopicConsumer(KafkaConfig kafka, String topic, String group, Context context,
                       Function<List<ConsumerRecord<String, String>>, Future<Void>> handler) {
    Properties props = KafkaSetup.clientProperties(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    // The broker answers a fetch as soon as a record arrives; the wait only bounds how often an idle consumer asks
    // again (Kafka's 500 ms default is most of an idle broker's request load).
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, IDLE_FETCH_WAIT_MS);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(props);
    this.topic = topic;
    this.context = context;
    this.handler = handler;
    this.thread = new Thread(this::loop, "chatpro-consumer-" + group);
    this.thread.setDaemon(true);
  }

  public TopicConsumer start() {
    thread.start();
    return this;
  }

  private void loop() {
    try {
      consumer.subscribe(List.of(topic));
      while (running) {
        ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(500));
        if (polled.isEmpty()) {
          continue;
        }
        List<ConsumerRecord<String, String>> batch = new ArrayList<>(polled.count());
        polled.forEach(batch::add);
        if (handle(batch)) {
          consumer.commitSync();
        } else {
          polled.partitions().forEach(p -> consumer.seek(p, polled.records(p).get(0).offset()));
          sleep(RETRY);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("consumer of {} stopped: {}", topic, e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Runs the handler on the context and waits for it here, on the consumer's own thread (never an event loop). */
  private boolean handle(List<ConsumerRecord<String, String>> batch) {
    try {
      java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
      context.runOnContext(v -> handler.apply(batch).onComplete(r -> {
        if (r.succeeded()) {
          done.complete(null);
        } else {
          done.completeExceptionally(r.cause());
        }
      }));
      done.get(60, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      if (running) {
        LOG.warn("a batch of {} records of {} failed and will be read again: {}", batch.size(), topic, e.toString());
      }
      return false;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
