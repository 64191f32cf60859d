package chatpro.messaging.compliance;

import chatpro.messaging.log.Event;
import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The holds' side of the export seam ({@link EventVersions}): events whose content a legal hold kept before an edit
 * or deletion hid it ({@code held_originals}) are written with that original content; every other event as stored.
 * The message's line then carries the text it was sent with, each {@code message.edited} line its own edit's text.
 */
public final class HeldOriginals implements EventVersions {
  private final SqlClient client;
  private final EventLog log;

  public HeldOriginals(SqlClient client, EventLog log) {
    this.client = client;
    this.log = log;
  }

  @Override
  public Future<List<Event>> versions(List<Event> page) {
    if (page.isEmpty()) {
      return Future.succeededFuture(page);
    }
    return log.originals(client, page).map(originals -> withOriginals(page, originals));
  }

  /** The page with each kept original in place of what the log holds now (keys: {@code chatId:seq}). */
  static List<Event> withOriginals(List<Event> page, Map<String, JsonObject> originals) {
    List<Event> out = new ArrayList<>(page.size());
    for (Event e : page) {
      JsonObject original = originals.get(e.recordId());
      out.add(original == null ? e
          : new Event(e.chatId(), e.seq(), e.orgId(), e.type(), e.at(), e.actorId(), e.messageId(), original));
    }
    return out;
  }
}
