package chatpro.messaging.compliance;

import chatpro.messaging.compliance.audit.AuditStore;
import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs waiting exports, one at a time on this replica: it takes the oldest one no replica has taken (so replicas
 * share the queue, which lives in the database) and runs it to ready or failed before looking for the next. It looks
 * when an export is made here, and every few seconds for those made elsewhere. The zip work has one worker thread
 * of its own, so an export never competes with more than one core and its memory is one job's buffers.
 *
 * <p>A job holds no state worth keeping across a restart (a half-written zip stream): one interrupted by a stop or
 * a crash stops renewing its heartbeat, and {@link ExportSweeper} marks it failed; the officer makes a new one.
 */
public final class ExportWorker {
  private static final Logger LOG = LoggerFactory.getLogger(ExportWorker.class);
  static final Duration POLL_EVERY = Duration.ofSeconds(3);

  private final Vertx vertx;
  private final Pool pool;
  private final EventLog log;
  private final ExportRepository exports;
  private final EventVersions versions;
  private final AuditStore audits;
  private final Clock clock;
  private final WorkerExecutor worker;
  private final HttpClient store;
  private final java.net.http.HttpClient mediaReader;
  private long timer = -1;
  private boolean busy;
  private boolean stopped;
  private Export running;

  public ExportWorker(Vertx vertx, Pool pool, EventLog log, ExportRepository exports, EventVersions versions,
      AuditStore audits, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.log = log;
    this.exports = exports;
    this.versions = versions;
    this.audits = audits;
    this.clock = clock;
    this.worker = vertx.createSharedWorkerExecutor("chatpro-exports", 1, 10, java.util.concurrent.TimeUnit.MINUTES);
    this.store = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    this.mediaReader = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
  }

  public void start() {
    timer = vertx.setPeriodic(POLL_EVERY.toMillis(), t -> wake());
  }

  /** Looks for a waiting export now, unless one is running here already. */
  public void wake() {
    if (busy || stopped) {
      return;
    }
    busy = true;
    exports.claim(pool, clock.instant())
        .compose(this::runClaimed)
        .onComplete(r -> {
          busy = false;
          if (r.failed()) {
            LOG.warn("export worker: {}", r.cause().toString());
          } else if (r.result()) {
            wake();
          }
        });
  }

  /** Runs the claimed export; answers whether there was one (then there may be more). */
  private Future<Boolean> runClaimed(Export export) {
    if (export == null) {
      return Future.succeededFuture(false);
    }
    running = export;
    LOG.info("export {} started ({} scope)", export.id(), export.scope());
    ZipJob job = new ZipJob(vertx, pool, exports, worker, store, mediaReader, clock, export);
    Future<Void> run = ExportRequest.SAR.equals(export.scope()) ? new SarRun(vertx, pool, log, audits, job).run()
        : new ExportRun(pool, log, versions, job).run();
    return run
        .eventually(() -> {
          running = null;
          return Future.succeededFuture();
        })
        .map(true);
  }

  /** Stops looking; a job running now is marked failed rather than left for the sweeper to find. */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    Export interrupted = running;
    Future<Void> marked = interrupted == null ? Future.succeededFuture()
        : exports.fail(pool, interrupted.id(), clock.instant(), clock.instant().plus(ZipJob.EXPIRES_AFTER))
            .otherwiseEmpty();
    return marked.eventually(() -> worker.close()).eventually(() -> store.close());
  }
}
