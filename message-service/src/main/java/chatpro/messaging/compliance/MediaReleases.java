package chatpro.messaging.compliance;

import chatpro.common.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Tells media-service about media that messages stopped carrying without a {@code message.deleted} event (expiry, an
 * original a lifted hold no longer keeps): it forgets those carriers and deletes the bytes and thumbnail of media that
 * nothing carries any more. A row of {@code media_releases} goes only once media-service has answered for it, so
 * nothing is lost when it is away: the next sweep tells it again (telling twice changes nothing).
 */
public final class MediaReleases {
  static final int PAGE = 200;
  /** A page is one object-store deletion after another on media-service's workers. */
  static final DeliveryOptions SLOW = new DeliveryOptions().setSendTimeout(120_000);
  static final String PENDING = "SELECT message_id, media_id, org_id FROM media_releases ORDER BY message_id, media_id"
      + " LIMIT " + PAGE;
  static final String DONE = "DELETE FROM media_releases r"
      + " USING unnest($1::uuid[], $2::uuid[]) AS d(message_id, media_id)"
      + " WHERE r.message_id = d.message_id AND r.media_id = d.media_id";

  private final Vertx vertx;
  private final Pool pool;

  public MediaReleases(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Hands every pending release to media-service, a page at a time; answers how many it answered for. */
  public Future<Long> drain() {
    Promise<Long> done = Promise.promise();
    nextPage(0, done);
    return done.future();
  }

  private void nextPage(long sofar, Promise<Long> done) {
    pool.preparedQuery(PENDING).execute()
        .compose(this::tell)
        .onFailure(done::fail)
        .onSuccess(told -> {
          if (told < PAGE) {
            done.complete(sofar + told);
          } else {
            nextPage(sofar + told, done);
          }
        });
  }

  /** One page to media-service, then those rows go; answers how many. */
  private Future<Integer> tell(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Future.succeededFuture(0);
    }
    JsonArray items = new JsonArray();
    UUID[] messages = new UUID[rows.size()];
    UUID[] media = new UUID[rows.size()];
    int i = 0;
    for (Row r : rows) {
      messages[i] = r.getUUID("message_id");
      media[i] = r.getUUID("media_id");
      items.add(new JsonObject().put("messageId", messages[i].toString()).put("mediaId", media[i].toString())
          .put("orgId", r.getUUID("org_id").toString()));
      i++;
    }
    return vertx.eventBus().request(Addresses.MEDIA_RELEASE, new JsonObject().put("items", items), SLOW)
        .compose(answer -> pool.preparedQuery(DONE).execute(Tuple.tuple().addValue(messages).addValue(media)))
        .map(rows.size());
  }
}
