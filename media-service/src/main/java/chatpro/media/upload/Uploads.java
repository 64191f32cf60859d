package chatpro.media.upload;

import chatpro.common.bus.Caller;
import chatpro.common.crypto.StreamingKeys;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.media.crypto.MediaCipher;
import chatpro.media.crypto.MediaKeys;
import chatpro.media.crypto.Variant;
import chatpro.media.http.InternalLinks;
import chatpro.media.inspect.Inspected;
import chatpro.media.inspect.MediaInspector;
import chatpro.media.inspect.MediaRejected;
import chatpro.media.store.MediaRecord;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import com.google.crypto.tink.Aead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upload in two steps. {@code slot}: the gateway learns where to put the bytes (a URL of this service's internal
 * server, signed for this person and kind, valid for a few minutes). {@link #ingest}: once the internal server has
 * the bytes in a temporary file, this decides the type from them, strips metadata and derives sizes, thumbnail,
 * duration and waveform (on a worker thread), and stores the results encrypted ({@link MediaCipher}) under keys it
 * makes. No plaintext reaches the object store; anything refused leaves nothing stored, and every temporary file is
 * deleted whichever way the upload ends.
 */
public final class Uploads {
  private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
  static final Duration SLOT_VALID = Duration.ofMinutes(10);
  /** What the store is told of an object's type: its content is ciphertext. */
  static final String SEALED_TYPE = "application/octet-stream";

  private final Vertx vertx;
  private final ObjectStore store;
  private final MediaRepository media;
  private final MediaInspector inspector;
  private final MediaKeys keys;
  private final InternalLinks links;
  private final long maxBytes;
  /**
   * Decoding a large picture takes hundreds of MB for a moment: inspections run two at a time on their own
   * threads, and beyond a short queue an upload is told to come back later instead of exhausting memory.
   */
  static final int INSPECTORS = 2;
  static final int MAX_WAITING = 16;
  private final io.vertx.core.WorkerExecutor inspectors;
  private int inspecting;

  /** The window of the per-person upload quota ({@code CHATPRO_UPLOAD_MB_PER_DAY}). */
  static final java.time.Duration QUOTA_WINDOW = java.time.Duration.ofHours(24);
  private final long bytesPerDay;

  public Uploads(Vertx vertx, ObjectStore store, MediaRepository media, MediaInspector inspector, MediaKeys keys,
                 InternalLinks links, long maxBytes, long bytesPerDay) {
    this.inspectors = vertx.createSharedWorkerExecutor("chatpro-media-inspect", INSPECTORS);
    this.vertx = vertx;
    this.store = store;
    this.media = media;
    this.inspector = inspector;
    this.keys = keys;
    this.links = links;
    this.maxBytes = maxBytes;
    this.bytesPerDay = bytesPerDay;
  }

  /** {@code {caller, kind, length?}} → {@code {url, maxBytes}}. */
  public Future<JsonObject> slot(JsonObject request) {
    Caller caller = Caller.from(request);
    String kind = kind(request);
    Long length = request.getLong("length");
    if (length != null && length > maxBytes) {
      throw tooLarge();
    }
    Instant now = Instant.now();
    return media.uploadedSince(caller.orgUuid(), caller.userUuid(), now.minus(QUOTA_WINDOW))
        .map(used -> {
          long left = bytesPerDay - used[0];
          if (left <= 0 || (length != null && length > left)) {
            long retryAfter = used[1] < 0 ? QUOTA_WINDOW.toSeconds()
                : Math.max(1, used[1] + QUOTA_WINDOW.toSeconds() - now.getEpochSecond());
            throw new ChatproException(ErrorCode.RATE_LIMITED, "you have uploaded " + (bytesPerDay >> 20)
                + " MB in the last 24 hours, the most one person may", retryAfter);
          }
          String url = links.upload(caller.orgUuid(), caller.userUuid(), kind, SLOT_VALID);
          return new JsonObject().put("url", url).put("maxBytes", Math.min(maxBytes, left));
        });
  }

  /**
   * The uploaded bytes in {@code file} (left for the caller to delete) → the stored media record, or 413/415 with
   * nothing stored.
   */
  public Future<MediaRecord> ingest(UUID org, UUID uploader, String kind, String declared, Path file) {
    UUID id = UUID.randomUUID();
    return inspect(kind, declared, file)
        .compose(inspected -> save(org, uploader, id, inspected).eventually(() -> discard(inspected, file)));
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

  private Future<MediaRecord> save(UUID org, UUID uploader, UUID id, Inspected in) {
    String key = "media/" + org + "/" + id;
    String thumbnailKey = in.thumbnail() == null ? null : key + "-thumbnail";
    return keys.uploader(org, uploader)
        .compose(person -> Future.all(storeSealed(person, org, id, Variant.ORIGINAL, in.storedFile(), key),
            thumbnailKey == null ? Future.succeededFuture()
                : storeSealed(person, org, id, Variant.THUMBNAIL, in.thumbnail(), thumbnailKey)))
        .compose(keysets -> media.insert(new MediaRecord(id, org, uploader, in.kind(), in.mime(), in.size(),
            in.width(), in.height(), in.durationMs(), in.waveform(), key, thumbnailKey, keysets.resultAt(0),
            keysets.resultAt(1), null)))
        .onSuccess(m -> LOG.info("media {} stored encrypted: {} {} bytes", id, m.mime(), m.size()))
        .recover(e -> {
          List<String> stored = new ArrayList<>(List.of(key));
          if (thumbnailKey != null) {
            stored.add(thumbnailKey);
          }
          return store.remove(stored).otherwiseEmpty().compose(v -> Future.failedFuture(e));
        });
  }

  /**
   * Encrypts one file with a keyset of its own into a temporary file, puts that in the store, and answers the
   * keyset wrapped by the uploader's key. The ciphertext's temporary file is deleted however it ends.
   */
  private Future<String> storeSealed(Aead uploader, UUID org, UUID id, Variant variant, Path plain, String key) {
    return tempFile(".sealed").compose(sealed -> vertx.executeBlocking(() -> {
          StreamingKeys.ObjectKey objectKey = MediaCipher.fresh(uploader, org, id, variant);
          MediaCipher.encrypt(objectKey.aead(), org, id, variant, plain, sealed);
          return objectKey.wrapped();
        }, false)
        .compose(wrapped -> store.upload(key, sealed, SEALED_TYPE).map(wrapped))
        .eventually(() -> deleteQuietly(List.of(sealed))));
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

  private Future<Path> tempFile(String suffix) {
    return vertx.executeBlocking(() -> Files.createTempFile("chatpro-media-", suffix), false);
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
