package chatpro.messaging.send;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.common.time.Times;
import chatpro.messaging.log.Event;
import chatpro.messaging.limits.FairQueue;
import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Group commit for sends: requests that arrive while earlier batches are committing are stored together in one
 * transaction (one WAL flush), and each sender is answered when its batch commits. When idle, a send is stored at
 * once; under load, batches grow by themselves up to {@link #MAX_BATCH}. Waiting sends are queued per sender and
 * taken in turn, so one person's flood fills only their own share and never delays another person's send by more
 * than the batches already committing.
 *
 * <p>Must be used from one event loop (the verticle's).
 */
public final class SendBatcher {
  static final int MAX_BATCH = 512;
  static final int MAX_IN_FLIGHT = 2;
  static final int MAX_QUEUE = 20_000;

  static final String MEMBERS = "SELECT r.chat_id, r.user_id FROM unnest($1::uuid[], $2::uuid[]) AS r(chat_id, user_id)"
      + " JOIN members m ON m.chat_id = r.chat_id AND m.user_id = r.user_id WHERE m.removed_seq IS NULL";
  static final String INSERT_SENDS = "INSERT INTO sends (sender_id, client_id, chat_id, request_hash, message_id)"
      + " SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::bytea[], $5::uuid[])"
      + " ON CONFLICT (sender_id, client_id) DO NOTHING RETURNING sender_id, client_id";
  static final String EARLIER = "SELECT s.chat_id, s.request_hash, s.message_id, e.seq, e.body->>'sentAt' AS sent_at"
      + " FROM sends s LEFT JOIN events e ON e.message_id = s.message_id AND e.type = 'message'"
      + " WHERE s.sender_id = $1 AND s.client_id = $2";

  private final Pool pool;
  private final EventLog log;
  private final Clock clock;
  private final Consumer<List<Event>> committed;
  /** Sends waiting for a batch, each sender's in their own share, taken in turn. */
  private final FairQueue<String, Pending> queue;
  private int inFlight;

  /**
   * {@code committed} is told of the events of every committed batch, in commit order; at most {@code perSender}
   * sends of one person wait at a time.
   */
  public SendBatcher(Pool pool, EventLog log, Clock clock, int perSender, Consumer<List<Event>> committed) {
    this.pool = pool;
    this.log = log;
    this.clock = clock;
    this.queue = new FairQueue<>(perSender, MAX_QUEUE);
    this.committed = committed;
  }

  /** Stores the message (or finds the earlier one with the same clientId) and answers the ack fields. */
  public Future<Ack> submit(SendRequest request) {
    Promise<Ack> promise = Promise.promise();
    FairQueue.Offer offer = queue.offer(request.caller().userId(), new Pending(request, promise));
    if (offer == FairQueue.Offer.SHARE_FULL) {
      return Future.failedFuture(new ChatproException(ErrorCode.RATE_LIMITED,
          "too many of your messages are waiting to be stored, retry shortly", 1));
    }
    if (offer == FairQueue.Offer.QUEUE_FULL) {
      return Future.failedFuture(new ChatproException(ErrorCode.UNAVAILABLE,
          "too many messages at once, retry shortly"));
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
      List<Pending> batch = queue.take(MAX_BATCH);
      inFlight++;
      store(batch).onComplete(r -> {
        inFlight--;
        drain();
      });
    }
  }

  /** One transaction for the whole batch; then each request is answered. */
  private Future<Void> store(List<Pending> batch) {
    Map<String, Pending> first = new LinkedHashMap<>();
    List<Pending> repeats = new ArrayList<>();
    for (Pending p : batch) {
      if (first.putIfAbsent(p.key(), p) != null) {
        repeats.add(p);
      }
    }
    Batch b = new Batch(new ArrayList<>(first.values()), repeats, clock.instant());
    Map<UUID, UUID> authors = new HashMap<>();
    b.unique.forEach(p -> authors.put(p.request().caller().userUuid(), p.request().caller().orgUuid()));
    // the senders' keys are fetched before the chats are locked, so a key not yet in memory never holds a lock
    return log.seal().warm(authors)
        .compose(v -> pool.withTransaction(conn -> log.lock(conn, b.chatIds())
            .compose(lastSeqs -> members(conn, b.unique)
                .compose(members -> insertSends(conn, b, b.allowed(members)))
                .compose(inserted -> log.append(conn, lastSeqs, b.toAppend(inserted))))))
        .onSuccess(events -> answer(b, events))
        .onFailure(e -> batch.forEach(p -> p.promise().tryFail(e)))
        .mapEmpty();
  }

  /** The requests of one transaction and what became of them. */
  private final class Batch {
    final List<Pending> unique;
    final List<Pending> repeats;
    // By identity: a record's hashCode would hash the whole request (and an Event its JSON) on every lookup.
    final Map<Pending, Event> drafts = new java.util.IdentityHashMap<>();
    final List<Pending> order = new ArrayList<>();
    final Set<String> fresh = new HashSet<>();

    Batch(List<Pending> unique, List<Pending> repeats, Instant now) {
      this.unique = unique;
      this.repeats = repeats;
      unique.forEach(p -> {
        drafts.put(p, draft(p.request(), now));
        order.add(p);
      });
    }

    Set<UUID> chatIds() {
      return new TreeSet<>(unique.stream().map(p -> p.request().chatId()).toList());
    }

    /** Keeps the requests whose sender is a current member of the chat. */
    List<Pending> allowed(Set<String> members) {
      order.removeIf(p -> {
        boolean out = !members.contains(p.request().chatId() + "\n" + p.request().caller().userId());
        if (out) {
          drafts.remove(p);
        }
        return out;
      });
      return order;
    }

    /** Drafts of the requests whose clientId was new, in arrival order. */
    List<Event> toAppend(Set<String> inserted) {
      fresh.addAll(inserted);
      return order.stream().filter(p -> fresh.contains(p.key())).map(drafts::get).toList();
    }
  }

  private void answer(Batch b, List<Event> events) {
    if (!events.isEmpty()) {
      committed.accept(events);
    }
    Map<UUID, Event> stored = new HashMap<>();
    events.forEach(e -> stored.put(e.messageId(), e));
    for (Pending p : b.unique) {
      Event draft = b.drafts.get(p);
      if (draft == null) {
        // Not a member (any more): a retry of what they sent while they were is still answered its first ack.
        earlierOr(p.request(), ChatproException.notFound("chat")).onComplete(p.promise());
      } else if (b.fresh.contains(p.key())) {
        Event e = stored.get(draft.messageId());
        p.promise().complete(new Ack(e.messageId().toString(), e.seq(), e.fields().getString("sentAt"), false));
      } else {
        earlierOr(p.request(), ChatproException.notFound("chat")).onComplete(p.promise());
      }
    }
    b.repeats.forEach(p -> earlierOr(p.request(), ChatproException.notFound("chat")).onComplete(p.promise()));
  }

  private Event draft(SendRequest r, Instant now) {
    UUID messageId = UUID.randomUUID();
    return new Event(r.chatId(), 0, r.caller().orgUuid(), Event.MESSAGE, now, r.caller().userUuid(), messageId,
        r.fields(messageId, Times.format(now)));
  }

  private Future<Set<String>> members(SqlConnection conn, List<Pending> requests) {
    UUID[] chats = requests.stream().map(p -> p.request().chatId()).toArray(UUID[]::new);
    UUID[] users = requests.stream().map(p -> p.request().caller().userUuid()).toArray(UUID[]::new);
    return conn.preparedQuery(MEMBERS).execute(Tuple.tuple().addValue(chats).addValue(users)).map(rows -> {
      Set<String> ok = new HashSet<>();
      rows.forEach(r -> ok.add(r.getUUID(0) + "\n" + r.getUUID(1)));
      return ok;
    });
  }

  private Future<Set<String>> insertSends(SqlConnection conn, Batch b, List<Pending> allowed) {
    if (allowed.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    int n = allowed.size();
    UUID[] sender = new UUID[n];
    String[] client = new String[n];
    UUID[] chat = new UUID[n];
    Buffer[] hash = new Buffer[n];
    UUID[] message = new UUID[n];
    for (int i = 0; i < n; i++) {
      SendRequest r = allowed.get(i).request();
      sender[i] = r.caller().userUuid();
      client[i] = r.clientId();
      chat[i] = r.chatId();
      hash[i] = Buffer.buffer(r.hash());
      message[i] = b.drafts.get(allowed.get(i)).messageId();
    }
    return conn.preparedQuery(INSERT_SENDS).execute(Tuple.of(sender, client, chat, hash, message)).map(rows -> {
      Set<String> inserted = new HashSet<>();
      rows.forEach(r -> inserted.add(r.getUUID(0) + "\n" + r.getString(1)));
      return inserted;
    });
  }

  /**
   * The answer to a repeated clientId: the first ack if the request is the same, else a conflict; {@code otherwise}
   * when the clientId was never stored. A stored send answers before any check that refused the retry (the sender
   * may have left the chat or lost a role since), so a retry always gets what the first attempt got.
   */
  public Future<Ack> earlierOr(SendRequest r, Throwable otherwise) {
    return pool.preparedQuery(EARLIER).execute(Tuple.of(r.caller().userUuid(), r.clientId()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(otherwise)
            : earlierAck(rows.iterator().next(), r));
  }

  private static Future<Ack> earlierAck(Row row, SendRequest r) {
    // A message deleted for everyone keeps no hash of its content: its clientId then answers any body the same.
    Buffer hash = row.getBuffer("request_hash");
    boolean same = row.getUUID("chat_id").equals(r.chatId())
        && (hash == null || Arrays.equals(hash.getBytes(), r.hash()));
    if (!same) {
      return Future.failedFuture(ChatproException.conflict("this clientId was used for a different message"));
    }
    return Future.succeededFuture(new Ack(row.getUUID("message_id").toString(), row.getLong("seq"),
        row.getString("sent_at"), true));
  }
}
