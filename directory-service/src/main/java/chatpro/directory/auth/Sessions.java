package chatpro.directory.auth;

import chatpro.common.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Ending logins. A login (session) is a refresh-token family; its access tokens carry its id as {@code sid}. Ending
 * it marks it revoked (so its refresh tokens stop) and tells every gateway node at once, which refuses its access
 * tokens from then on and closes its sockets with 4403.
 */
public final class Sessions {
  static final String REVOKE_ONE = "UPDATE sessions SET revoked_at = now() WHERE family_id = $1"
      + " AND revoked_at IS NULL RETURNING family_id, user_id";
  static final String REVOKE_USER = "UPDATE sessions SET revoked_at = now() WHERE user_id = $1"
      + " AND revoked_at IS NULL AND family_id <> $2 RETURNING family_id, user_id";
  static final String RECENT = "SELECT family_id FROM sessions WHERE revoked_at > $1";

  private final Vertx vertx;
  private final Pool pool;
  private final Duration accessTtl;
  private final Clock clock;

  public Sessions(Vertx vertx, Pool pool, Duration accessTtl, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.accessTtl = accessTtl;
    this.clock = clock;
  }

  /** Ends one login. Answers what was ended, to announce after the commit. */
  public Future<Ended> endOne(SqlClient client, UUID sessionId) {
    return client.preparedQuery(REVOKE_ONE).execute(Tuple.of(sessionId)).map(this::ended);
  }

  /** Ends every login of a user except {@code keep} (null: all of them). */
  public Future<Ended> endAll(SqlClient client, UUID userId, UUID keep) {
    UUID except = keep == null ? new UUID(0, 0) : keep;
    return client.preparedQuery(REVOKE_USER).execute(Tuple.of(userId, except)).map(this::ended);
  }

  /** Tells every gateway node; call after the transaction that ended them committed. */
  public void announce(Ended ended) {
    if (!ended.sessionIds().isEmpty()) {
      vertx.eventBus().publish(Addresses.GATEWAY_SESSIONS_END, new JsonObject()
          .put("userId", ended.userId()).put("sessionIds", new JsonArray(ended.sessionIds())));
    }
  }

  /** {@code {sessionIds}} ended within an access token's lifetime: what a gateway node starting now must refuse. */
  public Future<JsonObject> recentlyEnded(JsonObject request) {
    OffsetDateTime since = OffsetDateTime.ofInstant(clock.instant().minus(accessTtl).minusSeconds(60), ZoneOffset.UTC);
    return pool.preparedQuery(RECENT).execute(Tuple.of(since)).map(rows -> {
      JsonArray ids = new JsonArray();
      rows.forEach(r -> ids.add(r.getUUID(0).toString()));
      return new JsonObject().put("sessionIds", ids).put("ttlSeconds", accessTtl.toSeconds() + 60);
    });
  }

  private Ended ended(io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows) {
    String user = null;
    List<String> ids = new java.util.ArrayList<>();
    for (var r : rows) {
      ids.add(r.getUUID("family_id").toString());
      user = r.getUUID("user_id").toString();
    }
    return new Ended(user, ids);
  }

  /** Logins that were ended, to announce to the gateways. */
  public record Ended(String userId, List<String> sessionIds) {
    public static final Ended NONE = new Ended(null, List.of());
  }
}
