package chatpro.messaging.log;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One change to one chat in one transaction: lock the chat, let the caller check and decide which events to write,
 * append them, commit, then hand the stored events to delivery and the outbox relay. Used by everything that
 * writes to a chat's log except sends, which are batched ({@code SendBatcher}).
 */
public final class Appender {
  private final Pool pool;
  private final EventLog log;
  private final Consumer<Appended> committed;

  public Appender(Pool pool, EventLog log, Consumer<Appended> committed) {
    this.pool = pool;
    this.log = log;
    this.committed = committed;
  }

  /** What a change decided: the events to write and what to answer. */
  public record Change<T>(List<Event> drafts, T answer) {}

  /** Work done while the chat is locked; given the connection and the chat's last seq (the chat must exist). */
  @FunctionalInterface
  public interface Work<T> {
    Future<Change<T>> apply(SqlConnection conn, long lastSeq);
  }

  /** Stored events and the answer, after the commit. */
  public record Done<T>(List<Event> events, T answer) {}

  public Pool pool() {
    return pool;
  }

  public <T> Future<Done<T>> inChat(UUID chatId, Work<T> work) {
    return pool.withTransaction(conn -> log.lock(conn, Set.of(chatId)).compose(last -> {
          if (!last.containsKey(chatId)) {
            return Future.failedFuture(chatpro.common.error.ChatproException.notFound("chat"));
          }
          Map<UUID, Long> lastSeqs = new HashMap<>(last);
          return work.apply(conn, last.get(chatId))
              .compose(change -> log.append(conn, lastSeqs, change.drafts())
                  .map(events -> new Done<>(events, change.answer())));
        }))
        .onSuccess(done -> {
          if (!done.events().isEmpty()) {
            committed.accept(Appended.of(done.events()));
          }
        });
  }
}
