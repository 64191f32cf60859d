package chatpro.presence.status;

import chatpro.common.bus.Caller;
import chatpro.common.bus.Directory;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which organisations hide last seen ({@code hideLastSeen}), asked of the directory when a batch of status changes
 * needs it: a change between online and offline says, by its time, when someone was last seen, so such orgs keep it
 * out of {@code chatpro.presence.v1} as the API keeps {@code lastSeen} out of its answers.
 */
final class LastSeenPrivacy {
  private final Directory directory;

  LastSeenPrivacy(Directory directory) {
    this.directory = directory;
  }

  /** Of these orgs, the ones hiding last seen now (read each time, so a changed setting applies at once). */
  Future<Set<UUID>> hiding(Set<UUID> orgs) {
    if (orgs.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    List<UUID> asked = new ArrayList<>(orgs);
    List<Future<Boolean>> answers = asked.stream().map(this::hides).toList();
    return Future.all(answers).map(v -> {
      Set<UUID> hiding = new HashSet<>();
      for (int i = 0; i < asked.size(); i++) {
        if (answers.get(i).result()) {
          hiding.add(asked.get(i));
        }
      }
      return hiding;
    });
  }

  private Future<Boolean> hides(UUID org) {
    // The org's settings need no person: the directory reads only the caller's org.
    Caller service = new Caller(null, org.toString(), List.of(), null);
    return directory.orgSettings(service).map(settings -> settings.getBoolean("hideLastSeen", false));
  }
}
