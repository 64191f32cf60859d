package chatpro.messaging.compliance;

import chatpro.common.bus.Addresses;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * An export file going into the object store as a multipart upload: media-service (which holds the store's
 * credentials) begins it, signs a URL for each part and joins them; this class PUTs each part to its URL as the zip
 * fills, one at a time. A signed URL is a credential: it never appears in a log.
 */
final class PartUpload {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PartUpload.class);
  /** The store's smallest part but the last is 5 MiB; at 8 MiB the 10,000 parts S3 allows hold 80 GiB. */
  static final int PART_SIZE = 8 * 1024 * 1024;
  static final long STORE_TIMEOUT_MS = 60_000;
  /** Joining many parts takes the store a while. */
  static final DeliveryOptions SLOW = new DeliveryOptions().setSendTimeout(120_000);

  private final Vertx vertx;
  private final HttpClient http;
  private final int partSize;
  private final JsonArray parts = new JsonArray();
  private String key;
  private String uploadId;

  PartUpload(Vertx vertx, HttpClient http, int partSize) {
    this.vertx = vertx;
    this.http = http;
    this.partSize = partSize;
  }

  /** Begins the upload of this export's file; answers its key and upload id (kept so an abandoned one can go). */
  Future<JsonObject> start(UUID orgId, UUID exportId) {
    JsonObject ask = new JsonObject().put("orgId", orgId.toString()).put("exportId", exportId.toString());
    return request(Addresses.EXPORT_FILE_START, ask, new DeliveryOptions())
        .onSuccess(started -> {
          key = started.getString("key");
          uploadId = started.getString("uploadId");
        });
  }

  /** The file's key in the store, once the upload began. */
  String key() {
    return key;
  }

  /** Uploads every whole part the zip has buffered; with {@code last}, whatever remains too. */
  Future<Void> drain(ZipStream zip, boolean last) {
    if (zip.buffered() >= partSize || (last && zip.buffered() > 0)) {
      byte[] part = zip.take(partSize);
      return put(parts.size() + 1, part)
          .compose(v -> drain(zip, last));
    }
    return Future.succeededFuture();
  }

  /** Joins the parts into the file. */
  Future<Void> complete() {
    JsonObject ask = new JsonObject().put("key", key).put("uploadId", uploadId).put("parts", parts);
    return request(Addresses.EXPORT_FILE_COMPLETE, ask, SLOW).mapEmpty();
  }

  /** Drops what was uploaded (nothing to do before the upload began). */
  Future<Void> abort() {
    if (uploadId == null) {
      return Future.succeededFuture();
    }
    return abort(vertx, key, uploadId);
  }

  /** Drops an upload begun earlier, perhaps by another replica. */
  static Future<Void> abort(Vertx vertx, String key, String uploadId) {
    JsonObject ask = new JsonObject().put("key", key).put("uploadId", uploadId);
    return vertx.eventBus().<JsonObject>request(Addresses.EXPORT_FILE_ABORT, ask).mapEmpty();
  }

  private Future<Void> put(int number, byte[] bytes) {
    JsonObject ask = new JsonObject().put("key", key).put("uploadId", uploadId).put("part", number);
    return request(Addresses.EXPORT_FILE_PART, ask, new DeliveryOptions())
        .compose(signed -> send(signed.getString("url"), bytes))
        .onSuccess(etag -> parts.add(new JsonObject().put("part", number).put("etag", etag)))
        .mapEmpty();
  }

  private Future<String> send(String url, byte[] bytes) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(url)
        .setConnectTimeout(10_000).setIdleTimeout(STORE_TIMEOUT_MS);
    return http.request(options)
        .compose(req -> req.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(bytes.length))
            .send(Buffer.buffer(bytes)))
        .compose(PartUpload::etag)
        .recover(PartUpload::storeFailed);
  }

  private static Future<String> etag(HttpClientResponse response) {
    return response.body().compose(body -> {
      String etag = response.getHeader(HttpHeaders.ETAG);
      return response.statusCode() / 100 == 2 && etag != null ? Future.succeededFuture(etag)
          : Future.failedFuture(new ChatproException(ErrorCode.UNAVAILABLE, "the store did not take a part ("
              + response.statusCode() + ")"));
    });
  }

  private static <T> Future<T> storeFailed(Throwable e) {
    if (e instanceof ChatproException ce) {
      return Future.failedFuture(ce);
    }
    LOG.warn("a part upload to the store failed: {}", e.getClass().getSimpleName());
    return Future.failedFuture(new ChatproException(ErrorCode.UNAVAILABLE, "the store did not answer"));
  }

  private Future<JsonObject> request(String address, JsonObject ask, DeliveryOptions options) {
    return vertx.eventBus().<JsonObject>request(address, ask, options).map(reply -> reply.body());
  }
}
