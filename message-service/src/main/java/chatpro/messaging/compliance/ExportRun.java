package chatpro.messaging.compliance;

import chatpro.common.bus.Addresses;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.common.time.Times;
import chatpro.messaging.compliance.ExportScope.ChatPart;
import chatpro.messaging.compliance.ExportScope.Window;
import chatpro.messaging.log.Event;
import chatpro.messaging.log.EventLog;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export job, from the log to a zip in the object store: {@code chats.json} (a chat at a time), then
 * {@code events.jsonl} (a page at a time), then {@code media/<mediaId>} (a few MiB at a time, read from a URL
 * media-service signs), then {@code manifest.json} with every file's size and SHA-256. The zip is written on the
 * export worker thread into a small buffer; between those steps whole parts go to the store. The database, the event
 * bus and the part uploads are driven from the event loop; only the zip writer and the media reads block.
 */
final class ExportRun {
  private static final Logger LOG = LoggerFactory.getLogger(ExportRun.class);
  static final int PAGE = 500;
  /** Media bytes copied per step on the worker (so the buffer never holds more than a part and this). */
  static final long MEDIA_STEP = 4L * 1024 * 1024;
  /** For progress, a media KiB weighs about what an event does to write. */
  static final long MEDIA_BYTES_PER_UNIT = 4096;
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
  static final Duration EXPIRES_AFTER = Duration.ofDays(7);
  static final String FORMAT = "chatpro-investigation-export/1";

  private final Vertx vertx;
  private final Pool pool;
  private final EventLog log;
  private final ExportScope scope;
  private final EventVersions versions;
  private final ExportRepository exports;
  private final WorkerExecutor worker;
  private final java.net.http.HttpClient mediaReader;
  private final Clock clock;
  private final Export export;
  private final ZipStream zip = new ZipStream();
  private final PartUpload upload;
  private final List<Window> windows = new ArrayList<>();
  private final Set<String> mediaIds = new LinkedHashSet<>();
  private final JsonArray missingMedia = new JsonArray();
  private long chats;
  private long events;
  private long totalUnits;
  private long doneUnits;
  private InputStream reading;

  ExportRun(Vertx vertx, Pool pool, EventLog log, EventVersions versions, ExportRepository exports,
      WorkerExecutor worker, HttpClient store, java.net.http.HttpClient mediaReader, Clock clock, Export export) {
    this.vertx = vertx;
    this.pool = pool;
    this.log = log;
    this.scope = new ExportScope(log);
    this.versions = versions;
    this.exports = exports;
    this.worker = worker;
    this.mediaReader = mediaReader;
    this.clock = clock;
    this.export = export;
    this.upload = new PartUpload(vertx, store, PartUpload.PART_SIZE, log.seal().keys());
  }

  /** Runs the job to a ready export, or to a failed one with nothing left in the store. */
  Future<Void> run() {
    long progressTimer = vertx.setPeriodic(PROGRESS_EVERY.toMillis(), t -> saveProgress());
    return upload.start(export.orgId(), export.id(), export.createdBy(), zip)
        .compose(this::noteUpload)
        .compose(v -> scope.chats(pool, export))
        .compose(this::writeChats)
        .compose(v -> writeEvents())
        .compose(v -> writeMedia())
        .compose(v -> writeManifest())
        .compose(v -> upload.drain(zip, true))
        .compose(v -> upload.complete())
        .compose(v -> markReady())
        .recover(this::failed)
        .eventually(() -> {
          vertx.cancelTimer(progressTimer);
          return Future.succeededFuture();
        });
  }

  /** The percentage done, short of 100 until the file is whole. */
  int percent() {
    return totalUnits == 0 ? 0 : (int) Math.min(99, doneUnits * 100 / totalUnits);
  }

  private Future<Void> noteUpload(JsonObject started) {
    return exports.uploading(pool, export.id(), started.getString("key"), started.getString("uploadId"));
  }

  // chats.json: every chat with its members and their periods; the windows to read are noted on the way.

  private Future<Void> writeChats(List<UUID> chatIds) {
    return step(() -> {
      zip.begin("chats.json", true);
      zip.write("[".getBytes(StandardCharsets.UTF_8));
    })
        .compose(v -> each(chatIds.iterator(), this::writeChat))
        .compose(v -> step(() -> {
          zip.write("\n]\n".getBytes(StandardCharsets.UTF_8));
          zip.end();
        }));
  }

  private Future<Void> writeChat(UUID chatId) {
    return scope.chat(pool, export, chatId)
        .compose(this::measure)
        .compose(part -> part.json() == null ? Future.succeededFuture() : step(() -> {
          String separator = chats++ == 0 ? "\n" : ",\n";
          zip.write((separator + part.json().encode()).getBytes(StandardCharsets.UTF_8));
        }));
  }

  /** Counts what the chat's windows hold, for progress. */
  private Future<ChatPart> measure(ChatPart part) {
    windows.addAll(part.windows());
    return each(part.windows().iterator(), w -> log.measure(pool, w.chatId(), w.fromSeq(), w.toSeq(), from(), to())
        .map(counts -> {
          totalUnits += counts[0] + counts[1] / MEDIA_BYTES_PER_UNIT;
          return null;
        }))
        .map(part);
  }

  // events.jsonl: one event per line, chat then seq order, through the holds seam.

  private Future<Void> writeEvents() {
    return step(() -> zip.begin("events.jsonl", true))
        .compose(v -> each(windows.iterator(), w -> writeWindow(w, w.fromSeq() - 1)))
        .compose(v -> step(zip::end));
  }

  private Future<Void> writeWindow(Window w, long after) {
    return log.window(pool, w.chatId(), after, w.toSeq(), from(), to(), PAGE)
        .compose(page -> versions.versions(page)
            .compose(this::writeLines)
            .compose(v -> page.size() < PAGE ? Future.succeededFuture()
                : writeWindow(w, page.get(page.size() - 1).seq())));
  }

  private Future<Void> writeLines(List<Event> page) {
    StringBuilder lines = new StringBuilder(page.size() * 256);
    for (Event e : page) {
      JsonObject media = Event.MESSAGE.equals(e.type()) ? e.fields().getJsonObject("media") : null;
      if (media != null && media.getString("id") != null) {
        mediaIds.add(media.getString("id"));
      }
      lines.append(e.toJson().encode()).append('\n');
    }
    events += page.size();
    doneUnits += page.size();
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    return step(() -> zip.write(bytes));
  }

  // media/<mediaId>: the bytes each exported message carries, streamed from the store a few MiB at a time.

  private Future<Void> writeMedia() {
    return each(List.copyOf(mediaIds).iterator(), this::writeOneMedia);
  }

  private Future<Void> writeOneMedia(String mediaId) {
    JsonObject ask = new JsonObject().put("orgId", export.orgId().toString()).put("mediaId", mediaId);
    return vertx.eventBus().<JsonObject>request(Addresses.MEDIA_EXPORT_SOURCE, ask)
        .map(reply -> reply.body().getString("url"))
        .otherwise(e -> {
          if (ChatproException.from(e).code() != ErrorCode.NOT_FOUND) {
            throw ChatproException.from(e);
          }
          return null;
        })
        .compose(url -> url == null ? missing(mediaId) : copyMedia(mediaId, url));
  }

  /** The media went (deleted or expired) after its message was read: the manifest says so. */
  private Future<Void> missing(String mediaId) {
    missingMedia.add(mediaId);
    return Future.succeededFuture();
  }

  private Future<Void> copyMedia(String mediaId, String url) {
    return step(() -> {
      reading = open(url);
      zip.begin("media/" + mediaId, false);
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
          doneUnits += copied[0] / MEDIA_BYTES_PER_UNIT;
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

  // manifest.json, then the end of the zip.

  private Future<Void> writeManifest() {
    return step(() -> {
      JsonArray files = new JsonArray();
      zip.files().forEach(f -> files.add(f.toJson()));
      JsonObject manifest = manifest().put("files", files);
      zip.begin("manifest.json", true);
      zip.write(manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
      zip.end();
      zip.finish();
    });
  }

  JsonObject manifest() {
    JsonObject range = new JsonObject();
    if (export.from() != null) {
      range.put("from", Times.format(export.from()));
    }
    if (export.to() != null) {
      range.put("to", Times.format(export.to()));
    }
    return new JsonObject().put("format", FORMAT).put("id", export.id().toString())
        .put("scope", export.scope())
        .put("target", new JsonObject().put("type", export.scope()).put("id", export.targetId().toString()))
        .put("range", range)
        .put("reason", export.reason())
        .put("createdBy", export.createdBy().toString())
        .put("createdAt", Times.format(export.createdAt()))
        .put("chats", chats).put("events", events).put("media", mediaIds.size() - missingMedia.size())
        .put("missingMedia", missingMedia);
  }

  private Future<Void> markReady() {
    java.time.Instant now = clock.instant();
    LOG.info("export {} ready: {} chats, {} events, {} media, {} bytes", export.id(), chats, events,
        mediaIds.size() - missingMedia.size(), zip.size());
    return exports.ready(pool, export.id(), zip.size(), zip.sha256(), now, now.plus(EXPIRES_AFTER));
  }

  private Future<Void> failed(Throwable e) {
    LOG.warn("export {} failed: {}", export.id(), ChatproException.from(e).getMessage());
    java.time.Instant now = clock.instant();
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

  private OffsetDateTime from() {
    return export.from() == null ? null : export.from().atOffset(ZoneOffset.UTC);
  }

  private OffsetDateTime to() {
    return export.to() == null ? null : export.to().atOffset(ZoneOffset.UTC);
  }

  /** Work on the zip: runs on the export worker thread, then sends on whatever whole parts it buffered. */
  private Future<Void> step(Blocking work) {
    return worker.<Void>executeBlocking(() -> {
          work.run();
          return null;
        })
        .compose(v -> upload.drain(zip, false));
  }

  @FunctionalInterface
  private interface Blocking {
    void run() throws Exception;
  }

  /** Runs the step for each item, one after the other. */
  private static <T> Future<Void> each(Iterator<T> items, Function<T, Future<?>> step) {
    if (!items.hasNext()) {
      return Future.succeededFuture();
    }
    T item = items.next();
    return step.apply(item).compose(v -> each(items, step));
  }
}
