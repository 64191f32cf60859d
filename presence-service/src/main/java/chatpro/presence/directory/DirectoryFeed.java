package chatpro.presence.directory;

import chatpro.presence.schedule.DutyRepository;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns every person of every org from {@code chatpro.directory.v1}, so an org's default schedule applies to people
 * who never connected: each record makes sure the person has a duty row, due for evaluation now. Idempotent: a row
 * that exists is left alone, so a batch read twice changes nothing.
 */
public final class DirectoryFeed {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryFeed.class);
  public static final String GROUP = "chatpro-presence";
  static final String ERASED = "chatpro.user.erased";

  private final Pool pool;
  private final DutyRepository repository;
  private final Consumer<List<String>> created;
  private final Clock clock;

  /** @param created told about people whose rows are new, so their status is settled */
  public DirectoryFeed(Pool pool, DutyRepository repository, Consumer<List<String>> created, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.created = created;
    this.clock = clock;
  }

  /** Handles one polled batch; the offsets are committed once this succeeds. */
  public Future<Void> handle(List<ConsumerRecord<String, String>> records) {
    Map<UUID, UUID> orgByUser = new LinkedHashMap<>();
    List<UUID> erased = new ArrayList<>();
    records.forEach(r -> read(r.value(), orgByUser, erased));
    erased.forEach(orgByUser::remove);
    Future<Void> ensured = orgByUser.isEmpty() ? Future.succeededFuture()
        : repository.ensureAll(pool, orgByUser, clock.instant()).onSuccess(this::tellCreated).mapEmpty();
    return ensured
        .compose(v -> erased.isEmpty() ? Future.succeededFuture() : repository.forget(pool, erased));
  }

  private static void read(String value, Map<UUID, UUID> orgByUser, List<UUID> erased) {
    try {
      JsonObject event = new JsonObject(value);
      JsonObject user = event.getJsonObject("data");
      if (ERASED.equals(event.getString("type"))) {
        erased.add(UUID.fromString(user.getString("userId")));
        return;
      }
      orgByUser.put(UUID.fromString(user.getString("id")), UUID.fromString(event.getString("orgid")));
    } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException e) {
      LOG.warn("a directory record without a user id and org id was skipped");
    }
  }

  private void tellCreated(List<UUID> users) {
    if (!users.isEmpty()) {
      created.accept(users.stream().map(UUID::toString).toList());
    }
  }
}
