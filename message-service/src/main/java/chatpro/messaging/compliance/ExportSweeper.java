package chatpro.messaging.compliance;

import chatpro.common.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps exports no longer than they may live: a job whose replica stopped renewing it is failed (and its partial
 * upload dropped), and an export 7 days after it was ready (or failed) is deleted, its file first and then its row,
 * so a file never outlives the row that names it. Every replica sweeps; the work is idempotent.
 */
public final class ExportSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(ExportSweeper.class);
  public static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
  /** A running job renews its heartbeat every few seconds; one silent this long has no replica any more. */
  static final Duration ABANDONED_AFTER = Duration.ofSeconds(60);
  static final int BATCH = 100;

  private final Vertx vertx;
  private final Pool pool;
  private final ExportRepository exports;
  private final Clock clock;

  public ExportSweeper(Vertx vertx, Pool pool, ExportRepository exports, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.exports = exports;
    this.clock = clock;
  }

  public void start() {
    vertx.setPeriodic(SWEEP_EVERY.toMillis(), t -> sweep()
        .onFailure(e -> LOG.warn("export sweep failed: {}", e.toString())));
  }

  /** One sweep: abandoned jobs, then a batch of expired exports; answers how many exports were deleted. */
  public Future<Integer> sweep() {
    Instant now = clock.instant();
    return exports.failAbandoned(pool, now.minus(ABANDONED_AFTER), now, now.plus(ZipJob.EXPIRES_AFTER))
        .compose(this::dropUploads)
        .compose(v -> exports.expired(pool, now, BATCH))
        .compose(this::deleteAll);
  }

  private Future<Void> dropUploads(List<Export> abandoned) {
    return each(abandoned.iterator(), e -> {
      LOG.warn("export {} failed: its job stopped (a replica stopped or restarted)", e.id());
      return dropUpload(e);
    });
  }

  private Future<Void> dropUpload(Export e) {
    if (e.uploadId() == null || e.objectKey() == null) {
      return Future.succeededFuture();
    }
    return PartUpload.abort(vertx, e.objectKey(), e.uploadId()).otherwiseEmpty();
  }

  private Future<Integer> deleteAll(List<Export> expired) {
    return each(expired.iterator(), this::delete).map(expired.size());
  }

  private Future<Void> delete(Export e) {
    return deleteNow(e)
        .onSuccess(v -> LOG.info("export {} deleted: its 7 days are over", e.id()));
  }

  /**
   * Deletes an export now: what its upload left, its file, then its row. A job still running for it finds its row
   * gone when it ends and deletes the file it made (see {@link ZipJob}).
   */
  Future<Void> deleteNow(Export e) {
    return dropUpload(e)
        .compose(v -> deleteFile(e))
        .compose(v -> exports.delete(pool, e.id()));
  }

  /** Deletes every subject-access export about the person (erasure); answers how many. */
  public Future<Integer> deleteAbout(UUID orgId, UUID person) {
    return exports.about(pool, orgId, person)
        .compose(found -> each(found.iterator(), this::deleteNow).map(found.size()));
  }

  private Future<Void> deleteFile(Export e) {
    if (e.objectKey() == null) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().request(Addresses.EXPORT_FILE_DELETE, new JsonObject().put("key", e.objectKey()))
        .mapEmpty();
  }

  private static <T> Future<Void> each(Iterator<T> items, java.util.function.Function<T, Future<Void>> step) {
    if (!items.hasNext()) {
      return Future.succeededFuture();
    }
    T item = items.next();
    return step.apply(item).compose(v -> each(items, step));
  }
}
