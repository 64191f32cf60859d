package chatpro.messaging.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.messaging.log.Appended;
import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The batcher's own logic, on a store whose batches the test commits when it chooses: a send is stored at once when
 * nothing is committing, later ones wait and go together, at most two batches are in flight, every send is answered
 * once (repeats with the first ack), and a failed batch fails only its own sends.
 */
class SendBatcherTest {
  private static final UUID ORG = UUID.randomUUID();
  private static final UUID CHAT = UUID.randomUUID();

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

  private final ManualStore store = new ManualStore();
  private final ManualTimers timers = new ManualTimers();
  private final List<Appended> committed = new ArrayList<>();
  /** Without gathering, so each case sees batches form from in-flight limits alone. */
  private final SendBatcher batcher = new SendBatcher(store, CLOCK, timers, 0, 64, committed::add);
  /** With the production gather time. */
  private final SendBatcher gathering = new SendBatcher(store, CLOCK, timers, SendBatcher.GATHER_MS, 64,
      committed::add);

  @Test
  void aSendWithNothingCommittingIsStoredAtOnceAlone() {
    Future<SendBatcher.Ack> ack = batcher.submit(send("ada", "c1", "hello"));

    assertEquals(1, store.batches.size(), "stored without waiting for company");
    assertEquals(1, store.batches.get(0).messages.size());
    store.commit(0);
    assertTrue(ack.succeeded());
    assertEquals(1, ack.result().seq());
    assertFalse(ack.result().repeated());
  }

  @Test
  void sendsThatArriveWhileTwoBatchesCommitWaitAndGoTogether() {
    batcher.submit(send("ada", "c1", "one"));
    batcher.submit(send("bo", "c2", "two"));
    List<Future<SendBatcher.Ack>> waiting = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      waiting.add(batcher.submit(send("user" + i, "w" + i, "waiting " + i)));
    }
    assertEquals(2, store.batches.size(), "at most two batches in flight");
    assertTrue(waiting.stream().noneMatch(Future::isComplete));

    store.commit(0);
    assertEquals(3, store.batches.size(), "a finished batch lets the next one go");
    assertEquals(10, store.batches.get(2).messages.size(), "everything that waited, in one batch");
    store.commit(1);
    store.commit(2);
    List<Long> seqs = waiting.stream().map(f -> f.result().seq()).toList();
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), seqs, "numbered in the order they came");
  }

  @Test
  void aBatchTakesAtMostItsBoundAndTheRestFollows() {
    batcher.submit(send("ada", "c1", "one"));
    batcher.submit(send("bo", "c2", "two"));
    for (int i = 0; i < SendBatcher.MAX_BATCH + 10; i++) {
      batcher.submit(send("user" + i, "w" + i, "waiting"));
    }
    store.commit(0);
    assertEquals(SendBatcher.MAX_BATCH, store.batches.get(2).messages.size());
    store.commit(1);
    assertEquals(10, store.batches.get(3).messages.size());
  }

  @Test
  void theSameClientIdTwiceInOneBatchIsStoredOnceAndBothGetTheFirstAck() {
    batcher.submit(send("ada", "c0", "keeps the store busy"));
    batcher.submit(send("bo", "c0", "keeps the store busy"));
    Future<SendBatcher.Ack> first = batcher.submit(send("cy", "same", "hello"));
    Future<SendBatcher.Ack> retry = batcher.submit(send("cy", "same", "hello"));
    store.commit(0);

    assertEquals(1, store.batches.get(2).messages.size(), "the retry is not stored again");
    store.commit(2);
    assertEquals(first.result().messageId(), retry.result().messageId());
    assertEquals(first.result().seq(), retry.result().seq());
    assertFalse(first.result().repeated());
    assertTrue(retry.result().repeated());
  }

  @Test
  void aClientIdStoredBeforeAnswersItsFirstAckAndADifferentBodyIsAConflict() {
    Future<SendBatcher.Ack> original = batcher.submit(send("ada", "c1", "hello"));
    store.commit(0);
    Future<SendBatcher.Ack> retry = batcher.submit(send("ada", "c1", "hello"));
    store.commit(1);
    Future<SendBatcher.Ack> other = batcher.submit(send("ada", "c1", "something else"));
    store.commit(2);

    assertEquals(original.result().messageId(), retry.result().messageId());
    assertTrue(retry.result().repeated());
    assertEquals(ErrorCode.CONFLICT, code(other));
    assertEquals(1, store.storedCount(), "neither retry was stored");
  }

  @Test
  void aSenderWhoIsNoMemberIsToldTheChatIsNotFound() {
    store.nonMembers.add("eve");
    Future<SendBatcher.Ack> ack = batcher.submit(send("eve", "c1", "let me in"));
    store.commit(0);

    assertEquals(ErrorCode.NOT_FOUND, code(ack));
    assertTrue(committed.isEmpty(), "delivery hears of nothing stored");
  }

  @Test
  void deliveryIsToldOfEachCommittedBatchInCommitOrderWithItsMembers() {
    batcher.submit(send("ada", "c1", "one"));
    batcher.submit(send("bo", "c2", "two"));
    store.commit(1);
    store.commit(0);

    assertEquals(2, committed.size());
    assertEquals("two", committed.get(0).events().get(0).fields().getString("text"));
    assertEquals("one", committed.get(1).events().get(0).fields().getString("text"));
    assertEquals(List.of("ada", "bo"), committed.get(0).membersByChat().get(CHAT));
  }

  @Test
  void aFailedBatchFailsItsOwnSendsAndTheNextBatchStillGoes() {
    Future<SendBatcher.Ack> lost = batcher.submit(send("ada", "c1", "one"));
    Future<SendBatcher.Ack> kept = batcher.submit(send("bo", "c2", "two"));
    Future<SendBatcher.Ack> later = batcher.submit(send("cy", "c3", "three"));
    store.fail(0, new IllegalStateException("the database went away"));

    assertTrue(lost.failed());
    assertFalse(kept.isComplete());
    assertEquals(3, store.batches.size(), "the failed batch freed its place");
    store.commit(1);
    store.commit(2);
    assertTrue(kept.succeeded());
    assertTrue(later.succeeded());
    assertEquals(1, committed.get(0).events().size());
  }

  @Test
  void oneSendersFloodIsRefusedPastTheirShareWhileOthersStillGetIn() {
    batcher.submit(send("ada", "busy1", "one"));
    batcher.submit(send("ada", "busy2", "two"));
    for (int i = 0; i < 64; i++) {
      assertFalse(batcher.submit(send("flood", "f" + i, "x")).failed(), "within the share: " + i);
    }
    Future<SendBatcher.Ack> past = batcher.submit(send("flood", "f64", "x"));
    Future<SendBatcher.Ack> other = batcher.submit(send("quiet", "q", "hello"));

    assertEquals(ErrorCode.RATE_LIMITED, code(past));
    assertEquals(1, ((ChatproException) past.cause()).retryAfterSeconds());
    assertFalse(other.failed(), "another sender is not refused for the flood");
  }

  @Test
  void theStoreSeesEachSendWithItsClientIdHashAndOneInstant() {
    batcher.submit(send("ada", "c1", "hello"));
    EventLog.NewMessage m = store.batches.get(0).messages.get(0);
    assertEquals("c1", m.clientId());
    assertNotNull(m.hash());
    assertEquals(Instant.parse("2026-12-02T10:00:00Z"), m.draft().at());
    assertEquals(uuid("ada"), m.draft().actorId());
  }

  @Test
  void aSendAfterAQuietSpellIsStoredAtOnce() {
    timers.advance(1_000);
    gathering.submit(send("ada", "c1", "good morning"));

    assertEquals(1, store.batches.size(), "nobody else is sending: no reason to wait");
  }

  @Test
  void whileSendsKeepComingTheNextOnesWaitTheGatherTimeAndGoTogether() {
    gathering.submit(send("ada", "c1", "one"));
    store.commit(0);
    timers.advance(10);
    Future<SendBatcher.Ack> two = gathering.submit(send("bo", "c2", "two"));
    timers.advance(2);
    Future<SendBatcher.Ack> three = gathering.submit(send("cy", "c3", "three"));

    assertEquals(1, store.batches.size(), "a batch started 10 ms ago: these wait for company");
    timers.advance(SendBatcher.GATHER_MS - 3);
    assertEquals(1, store.batches.size(), "not before the first has waited the gather time");
    timers.advance(1);
    assertEquals(2, store.batches.size());
    assertEquals(2, store.batches.get(1).messages.size(), "both in one batch");
    store.commit(1);
    assertEquals(List.of(2L, 3L), List.of(two.result().seq(), three.result().seq()));
  }

  @Test
  void enoughWaitingSendsGoWithoutWaitingTheGatherTime() {
    gathering.submit(send("ada", "c1", "one"));
    store.commit(0);
    for (int i = 0; i < SendBatcher.ENOUGH; i++) {
      gathering.submit(send("user" + i, "w" + i, "busy"));
    }

    assertEquals(2, store.batches.size(), "a full enough batch goes at once");
    assertEquals(SendBatcher.ENOUGH, store.batches.get(1).messages.size());
  }

  @Test
  void afterABusySpellEndsTheNextSendIsStoredAtOnceAgain() {
    gathering.submit(send("ada", "c1", "one"));
    store.commit(0);
    timers.advance(SendBatcher.BUSY_MS);
    gathering.submit(send("bo", "c2", "two"));

    assertEquals(2, store.batches.size());
  }

  private static ErrorCode code(Future<?> future) {
    assertTrue(future.failed(), "expected a refusal");
    return assertInstanceOf(ChatproException.class, future.cause()).code();
  }

  private static SendRequest send(String sender, String clientId, String text) {
    Caller caller = new Caller(uuid(sender).toString(), ORG.toString(), List.of("member"), "session-" + sender);
    byte[] hash = (CHAT + "\n" + text).getBytes(StandardCharsets.UTF_8);
    return new SendRequest(caller, CHAT, clientId, "text", text, null, null, null, null, false, hash, null);
  }

  private static UUID uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  /** Time that moves when the test says, running the timers that come due. */
  private static final class ManualTimers implements SendBatcher.Timers {
    private final List<long[]> due = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();
    private long now = 1_000_000;

    @Override
    public long nowMillis() {
      return now;
    }

    @Override
    public void after(long delayMs, Runnable task) {
      due.add(new long[] {now + delayMs});
      tasks.add(task);
    }

    void advance(long millis) {
      now += millis;
      for (int i = 0; i < due.size(); i++) {
        if (due.get(i)[0] <= now) {
          due.remove(i);
          tasks.remove(i).run();
          i = -1;
        }
      }
    }
  }

  /**
   * A store that numbers one chat's messages as the database would, but only when the test commits a batch, and
   * remembers what it stored for the lookup of earlier sends.
   */
  private static final class ManualStore implements SendBatcher.Store {
    final List<Call> batches = new ArrayList<>();
    final Set<String> nonMembers = new HashSet<>();
    private final Map<String, SendBatcher.Earlier> stored = new HashMap<>();
    private final Map<UUID, String> names = new HashMap<>();
    private long lastSeq;

    record Call(List<EventLog.NewMessage> messages, Promise<List<EventLog.StoredMessage>> answer) {}

    @Override
    public Future<List<EventLog.StoredMessage>> store(List<EventLog.NewMessage> batch) {
      Call call = new Call(List.copyOf(batch), Promise.promise());
      batches.add(call);
      return call.answer().future();
    }

    @Override
    public Future<SendBatcher.Earlier> earlier(UUID senderId, String clientId) {
      return Future.succeededFuture(stored.get(senderId + "\n" + clientId));
    }

    int storedCount() {
      return stored.size();
    }

    void commit(int index) {
      Call call = batches.get(index);
      List<EventLog.StoredMessage> answer = new ArrayList<>();
      for (int i = 0; i < call.messages().size(); i++) {
        EventLog.NewMessage m = call.messages().get(i);
        String sender = nameOf(m.draft().actorId());
        String key = m.draft().actorId() + "\n" + m.clientId();
        if (nonMembers.contains(sender) || stored.containsKey(key)) {
          continue;
        }
        long seq = ++lastSeq;
        stored.put(key, new SendBatcher.Earlier(m.draft().chatId(), m.hash(), m.draft().messageId().toString(), seq,
            m.draft().fields().getString("sentAt")));
        answer.add(new EventLog.StoredMessage(i, m.draft().at(seq), answer.isEmpty() ? List.of("ada", "bo") : null));
      }
      call.answer().complete(answer);
    }

    void fail(int index, Throwable failure) {
      batches.get(index).answer().fail(failure);
    }

    private String nameOf(UUID id) {
      return names.computeIfAbsent(id, k -> List.of("ada", "bo", "cy", "eve", "flood", "quiet").stream()
          .filter(n -> uuid(n).equals(k)).findFirst().orElse("someone"));
    }
  }
}
