package chatpro.messaging.receipts;

import chatpro.common.bus.Caller;
import chatpro.messaging.chat.Chats;
import chatpro.messaging.delivery.Delivery;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Typing indicators: ephemeral, stored nowhere, relayed to the chat's other members that are connected. */
public final class Typing {
  static final String OTHERS = "SELECT m2.user_id FROM members m JOIN members m2 ON m2.chat_id = m.chat_id"
      + " JOIN chats c ON c.id = m.chat_id WHERE m.chat_id = $1 AND m.user_id = $2 AND m.removed_seq IS NULL"
      + " AND c.org_id = $3 AND m2.user_id <> $2 AND m2.removed_seq IS NULL";

  private final Pool pool;
  private final Delivery delivery;

  public Typing(Pool pool, Delivery delivery) {
    this.pool = pool;
    this.delivery = delivery;
  }

  /** {@code {caller, chatId}}; nothing happens for a chat the caller is not in. */
  public Future<JsonObject> typing(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID chatId = Chats.chatId(request);
    return pool.preparedQuery(OTHERS).execute(Tuple.of(chatId, caller.userUuid(), caller.orgUuid())).map(rows -> {
      List<String> users = new ArrayList<>();
      rows.forEach(r -> users.add(r.getUUID(0).toString()));
      delivery.deliverFrame(users, new JsonObject().put("type", "typing").put("chatId", chatId.toString())
          .put("userId", caller.userId()));
      return new JsonObject();
    });
  }
}
