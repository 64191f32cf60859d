package chatpro.messaging.log;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Events just committed to the log, in commit order per chat, with the members of those chats whose members the
 * writer read in the same transaction ({@code membersByChat}; others are looked up by delivery).
 */
public record Appended(List<Event> events, Map<UUID, List<String>> membersByChat) {
  public static Appended of(List<Event> events) {
    return new Appended(events, Map.of());
  }
}
