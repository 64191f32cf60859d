package chatpro.media.exports;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.common.json.Fields;
import chatpro.media.crypto.MediaKeys;
import chatpro.media.crypto.Variant;
import chatpro.media.http.InternalLinks;
import chatpro.media.store.MediaRecord;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import io.minio.messages.Part;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes side of exports: message-service's compliance area decides what an export holds and writes the zip;
 * this service, which alone holds the object-store credentials and the media keys, answers with short-lived URLs of
 * its internal server that stream the decrypted media it names, and with store URLs to put the zip's parts; it joins
 * the parts, and serves (through its internal server) and deletes the finished file. Nothing large crosses the event
 * bus: only URLs, ids, ETags and the file's wrapped keyset.
 *
 * <p>The zip arrives encrypted (message-service encrypts as it writes, {@code ExportFileCipher}); its keyset, wrapped
 * by the key owner's person key, is stored with the file as its metadata ({@link ExportFileKeys}), so the file is
 * decrypted as it is served, answers 404 once the key owner's key is destroyed, and takes its key with it when it is
 * deleted.
 *
 * <p>Export files live under {@code exports/<orgId>/<exportId>.zip} in the media bucket; the keys are made here,
 * and every other request must name a key of that form.
 */
public final class ExportFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ExportFiles.class);
  public static final String PREFIX = "exports/";
  static final Pattern KEY = Pattern.compile("exports/[0-9a-f-]{36}/[0-9a-f-]{36}\\.zip");
  /** A part URL is used at once; a media URL must outlast a slow start of its read. */
  static final Duration PART_URL_VALID = Duration.ofMinutes(10);
  static final Duration SOURCE_URL_VALID = Duration.ofMinutes(10);
  static final Duration LINK_VALID = Duration.ofMinutes(5);
  static final int MAX_PARTS = 10_000;
  static final String ZIP = "application/zip";

  private final MediaRepository media;
  private final ObjectStore store;
  private final MediaKeys keys;
  private final InternalLinks internal;
  private final ExportFileKeys fileKeys;

  public ExportFiles(MediaRepository media, ObjectStore store, MediaKeys keys, InternalLinks internal,
                     ExportFileKeys fileKeys) {
    this.media = media;
    this.store = store;
    this.keys = keys;
    this.internal = internal;
    this.fileKeys = fileKeys;
  }

  /**
   * {@code {orgId, mediaId}} → {@code {url, mime, size}}, or 404 when the media no longer exists or its uploader was
   * erased (the export lists it as missing).
   */
  public Future<JsonObject> source(JsonObject request) {
    UUID org = UUID.fromString(Fields.id(request, "orgId"));
    UUID id = UUID.fromString(Fields.id(request, "mediaId"));
    return media.get(id, org)
        .compose(ExportFiles::existing)
        .compose(keys::readable)
        .map(this::sourceLink);
  }

  private JsonObject sourceLink(MediaRecord m) {
    String url = internal.content(m.orgId(), m.id(), Variant.ORIGINAL, SOURCE_URL_VALID);
    return new JsonObject().put("url", url).put("mime", m.mime()).put("size", m.size());
  }

  /**
   * {@code {orgId, exportId, keyOwner, keyset}} → {@code {key, uploadId}}; the keyset (wrapped by the key owner's key)
   * is stored with the file.
   */
  public Future<JsonObject> start(JsonObject request) {
    String key = PREFIX + Fields.id(request, "orgId") + "/" + Fields.id(request, "exportId") + ".zip";
    UUID owner = UUID.fromString(Fields.id(request, "keyOwner"));
    String keyset = Fields.string(request, "keyset", 1, ExportFileKeys.MAX_KEYSET_CHARS);
    return store.startMultipart(key, ZIP, ExportFileKeys.metadata(owner, keyset))
        .map(uploadId -> new JsonObject().put("key", key).put("uploadId", uploadId));
  }

  /** {@code {key, uploadId, part}} → {@code {url}}. */
  public Future<JsonObject> part(JsonObject request) {
    String key = key(request);
    int part = (int) Fields.number(request, "part", 1, MAX_PARTS);
    return store.partUrl(key, uploadId(request), part, PART_URL_VALID)
        .map(url -> new JsonObject().put("url", url));
  }

  /** {@code {key, uploadId, parts:[{part, etag}]}} → {@code {}}. */
  public Future<JsonObject> complete(JsonObject request) {
    String key = key(request);
    JsonArray given = request.getJsonArray("parts", new JsonArray());
    List<Part> parts = new ArrayList<>(given.size());
    for (int i = 0; i < given.size(); i++) {
      JsonObject p = given.getJsonObject(i);
      parts.add(new Part(p.getInteger("part"), p.getString("etag")));
    }
    return store.completeMultipart(key, uploadId(request), parts)
        .onSuccess(v -> LOG.info("export file {} stored in {} parts", key, parts.size()))
        .map(v -> new JsonObject());
  }

  /** {@code {key, uploadId}} → {@code {}}; an upload already gone is not an error. */
  public Future<JsonObject> abort(JsonObject request) {
    return store.abortMultipart(key(request), uploadId(request))
        .otherwise(e -> {
          LOG.info("export upload of {} could not be aborted ({}); it may be gone already", key(request),
              e.getClass().getSimpleName());
          return null;
        })
        .map(v -> new JsonObject());
  }

  /**
   * {@code {key, fileName}} → {@code {url, mime, fileName, size, disposition}}: {@code size} is the plaintext's, what
   * the link serves; 404 when the file is gone or its key owner's key is destroyed.
   */
  public Future<JsonObject> link(JsonObject request) {
    String key = key(request);
    String fileName = Fields.string(request, "fileName", 1, 200);
    return store.stat(key)
        .recover(e -> Future.failedFuture(ChatproException.notFound("export")))
        .compose(stored -> fileKeys.keyset(key, stored.metadata())
            .map(keyset -> ExportFileKeys.plaintextSize(keyset, stored.size())))
        .map(size -> new JsonObject().put("url", internal.exportFile(key, LINK_VALID)).put("mime", ZIP)
            .put("fileName", fileName).put("size", size).put("disposition", "attachment")
            .put("cacheControl", "no-store"));
  }

  /** {@code {key}} → {@code {}}. */
  public Future<JsonObject> delete(JsonObject request) {
    String key = key(request);
    return store.remove(List.of(key))
        .onSuccess(v -> LOG.info("export file {} deleted", key))
        .map(v -> new JsonObject());
  }

  private static String key(JsonObject request) {
    String key = request.getString("key");
    if (key == null || !KEY.matcher(key).matches()) {
      throw ChatproException.badRequest("not an export file");
    }
    return key;
  }

  private static String uploadId(JsonObject request) {
    String id = request.getString("uploadId");
    if (id == null || id.isEmpty()) {
      throw ChatproException.badRequest("uploadId is required");
    }
    return id;
  }

  private static Future<MediaRecord> existing(MediaRecord m) {
    return m == null ? Future.failedFuture(new ChatproException(ErrorCode.NOT_FOUND, "media is gone"))
        : Future.succeededFuture(m);
  }
}
