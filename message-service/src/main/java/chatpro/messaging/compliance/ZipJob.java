package chatpro.messaging.compliance;

import chatpro.common.bus.Addresses;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every export job does around its own content: a zip written on the export worker thread into a small buffer
 * and sent part by part to the object store, media copied into it a few MiB at a time from URLs media-service signs,
 * progress saved every few seconds, a {@code manifest.json} listing every file with its size and SHA-256, and the end:
 * ready (kept 7 days), or failed with nothing left in the store. The database, the event bus and the part uploads
 * are driven from the event loop; only the zip writer and the media reads block, on the worker.
 *
 * <p>An export deleted while its job runs (its subject was erased) is not made ready: its file is deleted instead.
 */
final class ZipJob {
  private static final Logger LOG = LoggerFactory.getLogger(ZipJob.class);
  /** Media bytes copied per step on the worker (so the buffer never holds more than a part and this). */
  static final long MEDIA_STEP = 4L * 1024 * 1024;
  /** For progress, a media KiB weighs about what an event does to write. */
  static final long MEDIA_BYTES_PER_UNIT = 4096;
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
  static final Duration EXPIRES_AFTER = Duration.ofDays(7);

  private final Vertx vertx;
  private final Pool pool;
  private final ExportRepository exports;
  private final WorkerExecutor worker;
  private final java.net.http.HttpClient mediaReader;
  private final Clock clock;
  private final Export export;
  private final ZipStream zip = new ZipStream();
  private final PartUpload upload;
  private final JsonArray missingMedia = new JsonArray();
  private long totalUnits;
  private long doneUnits;
  private InputStream reading;

  ZipJob(Vertx vertx, Pool pool, ExportRepository exports, WorkerExecutor worker, HttpClient store,
      java.net.http.HttpClient mediaReader, Clock clock, Export export) {
    this.vertx = vertx;
    this.pool = pool;
    this.exports = exports;
    this.worker = worker;
    this.mediaReader = mediaReader;
    this.clock = clock;
    this.export = export;
    this.upload = new PartUpload(vertx, store, PartUpload.PART_SIZE);
  }

  /**
   * Runs the job: {@code content} writes the files, then {@code manifest} answers what the manifest says besides
   * the list of files; the zip is finished and stored, and the export marked ready (or failed).
   */
  Future<Void> run(Supplier<Future<Void>> content, Supplier<JsonObject> manifest) {
    long progressTimer = vertx.setPeriodic(PROGRESS_EVERY.toMillis(), t -> saveProgress());
    return upload.start(export.orgId(), export.id())
        .compose(this::noteUpload)
        .compose(v -> content.get())
        .compose(v -> writeManifest(manifest.get()))
        .compose(v -> upload.drain(zip, true))
        .compose(v -> upload.complete())
        .compose(v -> markReady())
        .recover(this::failed)
        .eventually(() -> {
          vertx.cancelTimer(progressTimer);
          return Future.succeededFuture();
        });
  }

  Export export() {
    return export;
  }

  ZipStream zip() {
    return zip;
  }

  /** The media that went (deleted, expired or erased) after their messages were read. */
  JsonArray missingMedia() {
    return missingMedia;
  }

  /** More work is known to lie ahead. */
  void expect(long units) {
    totalUnits += units;
  }

  /** Work that is done. */
  void done(long units) {
    doneUnits += units;
  }

  /** Units a stretch of media bytes counts for. */
  static long mediaUnits(long bytes) {
    return bytes / MEDIA_BYTES_PER_UNIT;
  }

  /** The percentage done, short of 100 until the file is whole. */
  int percent() {
    return totalUnits == 0 ? 0 : (int) Math.min(99, doneUnits * 100 / totalUnits);
  }

  /** One whole (small) file of the zip, deflated. */
  Future<Void> file(String name, byte[] bytes) {
    return step(() -> {
      zip.begin(name, true);
      zip.write(bytes);
      zip.end();
    });
  }

  /** One whole JSON file, pretty-printed for people who open it. */
  Future<Void> json(String name, Object json) {
    String text = json instanceof JsonObject o ? o.encodePrettily() : ((JsonArray) json).encodePrettily();
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Text appended to the open file. */
  Future<Void> append(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return step(() -> zip.write(bytes));
  }

  // media: the bytes a message carries, streamed from media-service a few MiB at a time.

  /** Copies one media into the zip as {@code name}; answers false (and notes it) when it no longer exists. */
  Future<Boolean> media(String name, String mediaId) {
    JsonObject ask = new JsonObject().put("orgId", export.orgId().toString()).put("mediaId", mediaId);
    return vertx.eventBus().<JsonObject>request(Addresses.MEDIA_EXPORT_SOURCE, ask)
        .map(reply -> reply.body().getString("url"))
        .otherwise(e -> {
          if (ChatproException.from(e).code() != ErrorCode.NOT_FOUND) {
            throw ChatproException.from(e);
          }
          return null;
        })
        .compose(url -> {
          if (url == null) {
            missingMedia.add(mediaId);
            return Future.succeededFuture(false);
          }
          return copyMedia(name, url).map(true);
        });
  }

  private Future<Void> copyMedia(String name, String url) {
    return step(() -> {
      reading = open(url);
      zip.begin(name, false);
    })
        .compose(v -> copyChunks())
        .compose(v -> step(() -> {
          zip.end();
          closeReading();
        }));
  }

  private Future<Void> copyChunks() {
    long[] copied = {0};
    return step(() -> copied[0] = zip.copy(reading, MEDIA_STEP))
        .compose(v -> {
          if (copied[0] < 0) {
            return Future.succeededFuture();
          }
          doneUnits += mediaUnits(copied[0]);
          return copyChunks();
        });
  }

  private InputStream open(String url) throws Exception {
    java.net.http.HttpResponse<InputStream> response = mediaReader.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofMinutes(2)).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new ChatproException(ErrorCode.UNAVAILABLE, "the store did not give a media file ("
          + response.statusCode() + ")");
    }
    return response.body();
  }

  private void closeReading() throws java.io.IOException {
    if (reading != null) {
      reading.close();
      reading = null;
    }
  }

  // the end: manifest.json, the zip's end, ready or failed.

  private Future<Void> noteUpload(JsonObject started) {
    return exports.uploading(pool, export.id(), started.getString("key"), started.getString("uploadId"));
  }

  private Future<Void> writeManifest(JsonObject manifest) {
    return step(() -> {
      JsonArray files = new JsonArray();
      zip.files().forEach(f -> files.add(f.toJson()));
      zip.begin("manifest.json", true);
      zip.write(manifest.put("files", files).encodePrettily().getBytes(StandardCharsets.UTF_8));
      zip.end();
      zip.finish();
    });
  }

  private Future<Void> markReady() {
    Instant now = clock.instant();
    return exports.ready(pool, export.id(), zip.size(), zip.sha256(), now, now.plus(EXPIRES_AFTER))
        .compose(kept -> {
          if (kept) {
            LOG.info("export {} ready: {} files, {} bytes", export.id(), zip.files().size(), zip.size());
            return Future.succeededFuture();
          }
          LOG.info("export {} was deleted while it was made; its file goes too", export.id());
          return vertx.eventBus().request(Addresses.EXPORT_FILE_DELETE,
              new JsonObject().put("key", upload.key())).mapEmpty();
        });
  }

  private Future<Void> failed(Throwable e) {
    LOG.warn("export {} failed: {}", export.id(), ChatproException.from(e).getMessage());
    Instant now = clock.instant();
    return worker.executeBlocking(() -> {
          closeReading();
          return null;
        })
        .otherwiseEmpty()
        .compose(v -> upload.abort().otherwiseEmpty())
        .compose(v -> exports.fail(pool, export.id(), now, now.plus(EXPIRES_AFTER)));
  }

  private void saveProgress() {
    exports.progress(pool, export.id(), percent(), clock.instant())
        .onFailure(e -> LOG.warn("export {} progress not saved: {}", export.id(), e.toString()));
  }

  /** Work on the zip: runs on the export worker thread, then sends on whatever whole parts it buffered. */
  Future<Void> step(Blocking work) {
    return worker.<Void>executeBlocking(() -> {
          work.run();
          return null;
        })
        .compose(v -> upload.drain(zip, false));
  }

  @FunctionalInterface
  interface Blocking {
    void run() throws Exception;
  }

  /** Runs the step for each item, one after the other. */
  static <T> Future<Void> each(Iterator<T> items, Function<T, Future<?>> step) {
    if (!items.hasNext()) {
      return Future.succeededFuture();
    }
    T item = items.next();
    return step.apply(item).compose(v -> each(items, step));
  }
}
