package chatpro.media.upload;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.media.inspect.Inspected;
import chatpro.media.inspect.MediaInspector;
import chatpro.media.inspect.MediaRejected;
import chatpro.media.store.MediaRecord;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upload in two steps. {@code slot}: the gateway learns where to put the bytes (a staging key made by the server,
 * bound to the uploader, and a URL valid for a few minutes). {@code ingest}: once they are there, this service
 * fetches them to a temporary file, decides the type from the bytes, strips metadata and derives sizes, thumbnail,
 * duration and waveform (on a worker thread), stores the results under keys it makes, and forgets the staged bytes.
 * Anything refused leaves nothing stored.
 */
public final class Uploads {
  private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
  public static final String STAGING = "staging/";
  static final Duration SLOT_VALID = Duration.ofMinutes(10);

  private final Vertx vertx;
  private final ObjectStore store;
  private final MediaRepository media;
  private final MediaInspector inspector;
  private final long maxBytes;
  /**
   * Decoding a large picture takes hundreds of MB for a moment: inspections run two at a time on their own
   * threads, and beyond a short queue an upload is told to come back later instead of exhausting memory.
   */
  static final int INSPECTORS = 2;
  static final int MAX_WAITING = 16;
  private final io.vertx.core.WorkerExecutor inspectors;
  private int inspecting;

  public Uploads(Vertx vertx, ObjectStore store, MediaRepository media, MediaInspector inspector, long maxBytes) {
    this.inspectors = vertx.createSharedWorkerExecutor("chatpro-media-inspect", INSPECTORS);
    this.vertx = vertx;
    this.store = store;
    this.media = media;
    this.inspector = inspector;
    this.maxBytes = maxBytes;
  }

  /** {@code {caller, kind, length?}} → {@code {stagingKey, url, maxBytes}}. */
  public Future<JsonObject> slot(JsonObject request) {
    Caller caller = Caller.from(request);
    kind(request);
    Long length = request.getLong("length");
    if (length != null && length > maxBytes) {
      throw tooLarge();
    }
    String key = STAGING + caller.orgId() + "/" + caller.userId() + "/" + UUID.randomUUID();
    return store.uploadUrl(key, SLOT_VALID)
        .map(url -> new JsonObject().put("stagingKey", key).put("url", url).put("maxBytes", maxBytes));
  }

  /** {@code {caller, kind, contentType?, stagingKey}} → the media record, or 413/415 with nothing stored. */
  public Future<JsonObject> ingest(JsonObject request) {
    Caller caller = Caller.from(request);
    String kind = kind(request);
    String stagingKey = request.getString("stagingKey", "");
    if (!stagingKey.startsWith(STAGING + caller.orgId() + "/" + caller.userId() + "/")) {
      throw ChatproException.badRequest("unknown upload");
    }
    String declared = request.getString("contentType");
    UUID id = UUID.randomUUID();
    return store.size(stagingKey)
        .recover(e -> Future.failedFuture(e instanceof io.minio.errors.ErrorResponseException
            ? ChatproException.badRequest("unknown upload")
            : new ChatproException(ErrorCode.UNAVAILABLE, "the media store did not answer")))
        .compose(size -> size > maxBytes ? Future.failedFuture(tooLarge()) : tempFile())
        .compose(file -> store.download(stagingKey, file)
            .compose(v -> inspect(kind, declared, file))
            .compose(inspected -> save(caller, id, inspected).eventually(() -> discard(inspected, file)))
            .eventually(() -> deleteQuietly(List.of(file))))
        .eventually(() -> store.remove(List.of(stagingKey)).otherwiseEmpty())
        .map(MediaRecord::toJson);
  }

  private Future<Inspected> inspect(String kind, String declared, Path file) {
    if (inspecting >= INSPECTORS + MAX_WAITING) {
      return Future.failedFuture(new ChatproException(ErrorCode.UNAVAILABLE, "too many uploads right now", 5));
    }
    inspecting++;
    return inspectors.executeBlocking(() -> {
      try {
        return inspector.inspect(kind, declared, file);
      } catch (MediaRejected e) {
        throw new ChatproException(e.error(), e.getMessage());
      }
    }, false).onComplete(r -> inspecting--);
  }

  private Future<MediaRecord> save(Caller caller, UUID id, Inspected in) {
    String key = "media/" + caller.orgId() + "/" + id;
    String thumbnailKey = in.thumbnail() == null ? null : key + "-thumbnail";
    MediaRecord record = new MediaRecord(id, caller.orgUuid(), caller.userUuid(), in.kind(), in.mime(), in.size(),
        in.width(), in.height(), in.durationMs(), in.waveform(), key, thumbnailKey, null);
    Future<Void> thumbnail = thumbnailKey == null ? Future.succeededFuture()
        : store.upload(thumbnailKey, in.thumbnail(), "image/jpeg");
    return Future.all(store.upload(key, in.storedFile(), in.mime()), thumbnail)
        .compose(v -> media.insert(record))
        .onSuccess(m -> LOG.info("media {} stored: {} {} bytes", id, m.mime(), m.size()))
        .recover(e -> {
          List<String> keys = new ArrayList<>(List.of(key));
          if (thumbnailKey != null) {
            keys.add(thumbnailKey);
          }
          return store.remove(keys).otherwiseEmpty().compose(v -> Future.failedFuture(e));
        });
  }

  private Future<Void> discard(Inspected in, Path upload) {
    List<Path> files = new ArrayList<>();
    if (!in.storedFile().equals(upload)) {
      files.add(in.storedFile());
    }
    if (in.thumbnail() != null) {
      files.add(in.thumbnail());
    }
    return deleteQuietly(files);
  }

  private Future<Path> tempFile() {
    return vertx.executeBlocking(() -> Files.createTempFile("chatpro-media-", ".upload"), false);
  }

  private Future<Void> deleteQuietly(List<Path> files) {
    return vertx.executeBlocking(() -> {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
      return null;
    }, false).<Void>mapEmpty().otherwiseEmpty();
  }

  private static String kind(JsonObject request) {
    String kind = request.getString("kind");
    if (!"image".equals(kind) && !"voice".equals(kind)) {
      throw ChatproException.badRequest("kind must be image or voice");
    }
    return kind;
  }

  private ChatproException tooLarge() {
    return new ChatproException(ErrorCode.PAYLOAD_TOO_LARGE,
        "a picture or voice note may be at most " + maxBytes / (1024 * 1024) + " MiB");
  }
}
