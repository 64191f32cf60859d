package chatpro.messaging.compliance;

import chatpro.messaging.log.Event;
import io.vertx.core.Future;
import java.util.List;

/**
 * The seam for legal holds: what an export writes for the events it read from the log. The log keeps a message's
 * latest text in its own event and each edit's text in its {@code message.edited} event, and a deletion removes
 * the content from both; so by default an export shows exactly what the log has. The holds work keeps the
 * originals of held content that was edited or deleted and extends this one method to put them back (the original
 * text in the message's line, every edit in its own), so that an export shows "the original and every edit".
 */
public interface EventVersions {
  /** The log as it is. */
  EventVersions AS_STORED = page -> Future.succeededFuture(page);

  /**
   * The lines of events.jsonl for one page of a chat's events (in seq order): each message's versions as the
   * export should show them, in the same order.
   */
  Future<List<Event>> versions(List<Event> page);
}
