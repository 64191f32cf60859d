package chatpro.directory.events;

import chatpro.common.kafka.CloudEvent;
import chatpro.directory.user.User;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;

/** Writes {@code chatpro.directory.v1} records to the outbox, in the transaction that made the change. */
public final class DirectoryEvents {
  public static final String CREATED = "user.created";
  public static final String UPDATED = "user.updated";
  public static final String DEACTIVATED = "user.deactivated";
  public static final String REACTIVATED = "user.reactivated";
  static final String INSERT = "INSERT INTO outbox (record_key, record_id, payload) VALUES ($1, $2, $3)";

  private final Clock clock;

  public DirectoryEvents(Clock clock) {
    this.clock = clock;
  }

  /**
   * {@code chatpro.user.erased} with {@code data} = {@code {"userId"}}: consumers must delete what they hold of the
   * person (protocol.md).
   */
  public Future<Void> recordErased(SqlClient client, User user) {
    String id = user.id() + ":" + user.version();
    CloudEvent event = new CloudEvent("user.erased", user.orgId(), id, clock.instant(),
        new io.vertx.core.json.JsonObject().put("userId", user.id()));
    return client.preparedQuery(INSERT).execute(Tuple.of(user.id(), id, event.toJson().encode())).mapEmpty();
  }

  /** One record per change, with the id {@code <userId>:<version>} so consumers can de-duplicate. */
  public Future<Void> record(SqlClient client, String type, User user) {
    String id = user.id() + ":" + user.version();
    CloudEvent event = new CloudEvent(type, user.orgId(), id, clock.instant(), user.toJson());
    return client.preparedQuery(INSERT).execute(Tuple.of(user.id(), id, event.toJson().encode())).mapEmpty();
  }
}
