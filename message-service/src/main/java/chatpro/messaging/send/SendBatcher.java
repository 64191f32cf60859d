package chatpro.messaging.send;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.common.time.Times;
import chatpro.messaging.log.Appended;
import chatpro.messaging.log.Event;
import chatpro.messaging.limits.FairQueue;
import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Group commit for sends: requests that arrive while earlier batches are committing are stored together in one
 * transaction (one WAL flush), and each sender is answered when its batch commits. When idle, a send is stored at
 * once; under load, batches grow by themselves up to {@link #MAX_BATCH}. Waiting sends are queued per sender and
 * taken in turn, so one person's flood fills only their own share and never delays another person's send by more
 * than the batches already committing.
 *
 * <p>At light load batches would hold one send each, and a batch's statement costs about as much for one send as for
 * five: so while sends keep coming (a batch started in the last {@link #BUSY_MS}), a send waits up to the gather time
 * for others, unless enough are waiting already. A send after a quiet spell is stored at once.
 *
 * <p>Must be used from one event loop (the verticle's).
 */
public final class SendBatcher {
  static final int MAX_BATCH = 512;
  static final int MAX_IN_FLIGHT = 2;
  static final int MAX_QUEUE = 20_000;
  /** How long a send may wait for others at light load (ms). */
  public static final long GATHER_MS = 5;
  /** A batch started this recently (ms) means sends are coming: the next ones gather. */
  static final long BUSY_MS = 50;
  /** This many waiting sends make a batch without gathering. */
  static final int ENOUGH = 32;

  private final Store store;
  private final Clock clock;
  private final Timers timers;
  private final long gatherMs;
  private final Consumer<Appended> committed;
  /** Sends waiting for a batch, each sender's in their own share, taken in turn. */
  private final FairQueue<String, Pending> queue;
  private int inFlight;
  private long lastBatchAt = Long.MIN_VALUE / 2;
  private long firstWaitingAt;
  private boolean gatherTimer;

  /**
   * {@code committed} is told of the events of every committed batch (with their chats' members), in commit order;
   * at most {@code perSender} sends of one person wait at a time; at light load a send waits up to {@code gatherMs}
   * for others (0: never).
   */
  public SendBatcher(Store store, Clock clock, Timers timers, long gatherMs, int perSender,
      Consumer<Appended> committed) {
    this.store = store;
    this.clock = clock;
    this.timers = timers;
    this.gatherMs = gatherMs;
    this.queue = new FairQueue<>(perSender, MAX_QUEUE);
    this.committed = committed;
  }

  /** The time and timers the gathering runs on (the verticle's, or a test's hand). */
  public interface Timers {
    /** A monotonic time in milliseconds. */
    long nowMillis();

    /** Runs {@code task} on the batcher's event loop after {@code delayMs}. */
    void after(long delayMs, Runnable task);
  }

  /** Where batches are stored ({@link SendStore} in PostgreSQL). */
  public interface Store {
    /**
     * Stores a batch in one transaction: what it leaves out (a sender who is no member, a clientId stored before)
     * is missing from the answer, the rest is answered with its index in the batch.
     */
    Future<List<EventLog.StoredMessage>> store(List<EventLog.NewMessage> batch);

    /** The send stored under a sender's clientId, or null. */
    Future<Earlier> earlier(UUID senderId, String clientId);
  }

  /** A stored send: its chat, the hash of what was asked (null once deleted for everyone) and its message's ack. */
  public record Earlier(UUID chatId, byte[] hash, String messageId, long seq, String sentAt) {}

  /** Stores the message (or finds the earlier one with the same clientId) and answers the ack fields. */
  public Future<Ack> submit(SendRequest request) {
    Promise<Ack> promise = Promise.promise();
    boolean wasEmpty = queue.isEmpty();
    FairQueue.Offer offer = queue.offer(request.caller().userId(), new Pending(request, promise));
    if (offer == FairQueue.Offer.SHARE_FULL) {
      return Future.failedFuture(new ChatproException(ErrorCode.RATE_LIMITED,
          "too many of your messages are waiting to be stored, retry shortly", 1));
    }
    if (offer == FairQueue.Offer.QUEUE_FULL) {
      return Future.failedFuture(new ChatproException(ErrorCode.UNAVAILABLE,
          "too many messages at once, retry shortly"));
    }
    if (wasEmpty) {
      firstWaitingAt = timers.nowMillis();
    }
    drain();
    return promise.future();
  }

  /** What a sender is told once its message is stored. */
  public record Ack(String messageId, long seq, String sentAt, boolean repeated) {
    public JsonObject toJson() {
      return new JsonObject().put("messageId", messageId).put("seq", seq).put("sentAt", sentAt);
    }
  }

  private record Pending(SendRequest request, Promise<Ack> promise) {
    String key() {
      return request.caller().userId() + "\n" + request.clientId();
    }
  }

  private void drain() {
    while (inFlight < MAX_IN_FLIGHT && !queue.isEmpty()) {
      long now = timers.nowMillis();
      if (gathers(now)) {
        return;
      }
      lastBatchAt = now;
      List<Pending> batch = queue.take(MAX_BATCH);
      inFlight++;
      store(batch).onComplete(r -> {
        inFlight--;
        drain();
      });
    }
  }

  /**
   * Whether the waiting sends wait for more: sends are coming, too few wait, and the first has waited less than the
   * gather time (a timer then drains when it is up).
   */
  private boolean gathers(long now) {
    long waited = now - firstWaitingAt;
    if (gatherMs <= 0 || waited >= gatherMs || queue.size() >= ENOUGH || now - lastBatchAt >= BUSY_MS) {
      return false;
    }
    if (!gatherTimer) {
      gatherTimer = true;
      timers.after(gatherMs - waited, () -> {
        gatherTimer = false;
        drain();
      });
    }
    return true;
  }

  /** One store call (one transaction) for the whole batch; then each request is answered. */
  private Future<Void> store(List<Pending> batch) {
    Map<String, Pending> first = new LinkedHashMap<>();
    List<Pending> repeats = new ArrayList<>();
    for (Pending p : batch) {
      if (first.putIfAbsent(p.key(), p) != null) {
        repeats.add(p);
      }
    }
    List<Pending> unique = new ArrayList<>(first.values());
    Instant now = clock.instant();
    List<EventLog.NewMessage> messages = new ArrayList<>(unique.size());
    for (Pending p : unique) {
      SendRequest r = p.request();
      messages.add(new EventLog.NewMessage(draft(r, now), r.clientId(), r.hash()));
    }
    return store.store(messages)
        .onSuccess(stored -> answer(unique, repeats, stored))
        .onFailure(e -> batch.forEach(p -> p.promise().tryFail(e)))
        .mapEmpty();
  }

  /**
   * Tells delivery of what was stored, then answers: a stored request its ack; one that was not (its sender is not a
   * member, or its clientId was stored before) and each repeat within the batch what an earlier send answers.
   */
  private void answer(List<Pending> unique, List<Pending> repeats, List<EventLog.StoredMessage> stored) {
    if (!stored.isEmpty()) {
      committed.accept(appended(stored));
    }
    Event[] events = new Event[unique.size()];
    stored.forEach(s -> events[s.index()] = s.event());
    for (int i = 0; i < events.length; i++) {
      Pending p = unique.get(i);
      Event e = events[i];
      if (e == null) {
        // Not a member (any more): a retry of what they sent while they were is still answered its first ack.
        earlierOr(p.request(), ChatproException.notFound("chat")).onComplete(p.promise());
      } else {
        p.promise().complete(new Ack(e.messageId().toString(), e.seq(), e.fields().getString("sentAt"), false));
      }
    }
    repeats.forEach(p -> earlierOr(p.request(), ChatproException.notFound("chat")).onComplete(p.promise()));
  }

  private static Appended appended(List<EventLog.StoredMessage> stored) {
    List<Event> events = new ArrayList<>(stored.size());
    Map<UUID, List<String>> members = new HashMap<>();
    for (EventLog.StoredMessage s : stored) {
      events.add(s.event());
      if (s.members() != null) {
        members.put(s.event().chatId(), s.members());
      }
    }
    return new Appended(events, members);
  }

  private Event draft(SendRequest r, Instant now) {
    UUID messageId = UUID.randomUUID();
    return new Event(r.chatId(), 0, r.caller().orgUuid(), Event.MESSAGE, now, r.caller().userUuid(), messageId,
        r.fields(messageId, Times.format(now)));
  }

  /**
   * The answer to a repeated clientId: the first ack if the request is the same, else a conflict; {@code otherwise}
   * when the clientId was never stored. A stored send answers before any check that refused the retry (the sender
   * may have left the chat or lost a role since), so a retry always gets what the first attempt got.
   */
  public Future<Ack> earlierOr(SendRequest r, Throwable otherwise) {
    return store.earlier(r.caller().userUuid(), r.clientId())
        .compose(earlier -> earlier == null ? Future.failedFuture(otherwise) : earlierAck(earlier, r));
  }

  private static Future<Ack> earlierAck(Earlier earlier, SendRequest r) {
    // A message deleted for everyone keeps no hash of its content: its clientId then answers any body the same.
    boolean same = earlier.chatId().equals(r.chatId())
        && (earlier.hash() == null || Arrays.equals(earlier.hash(), r.hash()));
    if (!same) {
      return Future.failedFuture(ChatproException.conflict("this clientId was used for a different message"));
    }
    return Future.succeededFuture(new Ack(earlier.messageId(), earlier.seq(), earlier.sentAt(), true));
  }
}
