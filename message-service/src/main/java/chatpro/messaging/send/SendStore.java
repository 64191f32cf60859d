package chatpro.messaging.send;

import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/** The send batcher's store in PostgreSQL: a batch is one {@code send_batch} statement. */
public final class SendStore implements SendBatcher.Store {
  static final String EARLIER = "SELECT s.chat_id, s.request_hash, s.message_id, e.seq, e.body->>'sentAt' AS sent_at"
      + " FROM sends s LEFT JOIN events e ON e.message_id = s.message_id AND e.type = 'message'"
      + " WHERE s.sender_id = $1 AND s.client_id = $2";

  private final Pool pool;
  private final EventLog log;

  public SendStore(Pool pool, EventLog log) {
    this.pool = pool;
    this.log = log;
  }

  @Override
  public Future<List<EventLog.StoredMessage>> store(List<EventLog.NewMessage> batch) {
    return log.storeMessages(pool, batch);
  }

  @Override
  public Future<SendBatcher.Earlier> earlier(UUID senderId, String clientId) {
    return pool.preparedQuery(EARLIER).execute(Tuple.of(senderId, clientId)).map(SendStore::first);
  }

  private static SendBatcher.Earlier first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    Buffer hash = row.getBuffer("request_hash");
    return new SendBatcher.Earlier(row.getUUID("chat_id"), hash == null ? null : hash.getBytes(),
        row.getUUID("message_id").toString(), row.getLong("seq"), row.getString("sent_at"));
  }
}
