package chatpro.media.http;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.media.crypto.MediaKeys;
import chatpro.media.crypto.Variant;
import chatpro.media.exports.ExportFileKeys;
import chatpro.media.store.MediaRecord;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import chatpro.media.upload.Uploads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * media-service's HTTP server for the gateways (and export jobs), on {@code CHATPRO_CLUSTER_HOST} and
 * {@code CHATPRO_MEDIA_INTERNAL_PORT}: uploads come in and decrypted bytes go out, streamed both ways, never whole
 * in memory and never over the event bus. Every request must carry a URL that {@link InternalLinks} signed and that
 * has not expired; anything else is 404, the same for every reason. Failures answer the protocol's error shape, which
 * the gateway passes on.
 *
 * <ul>
 *   <li>{@code PUT /uploads/<org>/<user>/<kind>}: the whole body with Content-Length and Content-Type → 201 the media
 *   record, or 413/415/503 with nothing stored;</li>
 *   <li>{@code GET /media/<org>/<id>/original|thumbnail}: the plaintext, or the one byte range asked;</li>
 *   <li>{@code GET /exports/<org>/<id>.zip}: an export file's plaintext (the zip), or the one byte range asked.</li>
 * </ul>
 */
public final class InternalServer {
  private static final Logger LOG = LoggerFactory.getLogger(InternalServer.class);
  private static final String ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final Pattern UPLOAD = Pattern.compile("/uploads/(" + ID + ")/(" + ID + ")/(image|voice)");
  private static final Pattern MEDIA = Pattern.compile("/media/(" + ID + ")/(" + ID + ")/(original|thumbnail)");
  private static final Pattern EXPORT_FILE = Pattern.compile("/(exports/" + ID + "/" + ID + "\\.zip)");
  /** A gateway stream that moves nothing for this long is gone. */
  static final int IDLE_TIMEOUT_SECONDS = 120;

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final InternalLinks links;
  private final Uploads uploads;
  private final MediaContent content;
  private final ExportContent exportContent;
  private final long maxBytes;
  private HttpServer server;

  public InternalServer(Vertx vertx, String host, int port, InternalLinks links, Uploads uploads,
                        MediaRepository media, ObjectStore store, MediaKeys keys, ExportFileKeys fileKeys,
                        long maxBytes) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.links = links;
    this.uploads = uploads;
    ChannelStream stream = new ChannelStream(vertx);
    this.content = new MediaContent(vertx, media, store, keys, stream);
    this.exportContent = new ExportContent(vertx, store, fileKeys, stream);
    this.maxBytes = maxBytes;
  }

  /** Listens; from then on {@link InternalLinks} makes URLs of this server. Answers its base URL. */
  public Future<String> listen() {
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setHttp2ClearTextEnabled(false).setCompressionSupported(false);
    return vertx.createHttpServer(options)
        .requestHandler(this::handle)
        .listen()
        .map(listening -> {
          server = listening;
          String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + listening.actualPort();
          links.listeningAt(base);
          LOG.info("media-service internal HTTP server at {}", base);
          return base;
        });
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest request) {
    request.pause();
    String path = request.path();
    if (!links.accepts(path, request.getParam("expires"), request.getParam("signature"))) {
      fail(request, ChatproException.notFound("resource"));
      return;
    }
    Future<Void> answered;
    Matcher m;
    if (request.method() == HttpMethod.PUT && (m = UPLOAD.matcher(path)).matches()) {
      answered = upload(request, UUID.fromString(m.group(1)), UUID.fromString(m.group(2)), m.group(3));
    } else if (request.method() == HttpMethod.GET && (m = MEDIA.matcher(path)).matches()) {
      answered = content.serve(request, UUID.fromString(m.group(1)), UUID.fromString(m.group(2)),
          Variant.fromLabel(m.group(3)));
    } else if (request.method() == HttpMethod.GET && (m = EXPORT_FILE.matcher(path)).matches()) {
      answered = exportContent.serve(request, m.group(1));
    } else {
      answered = Future.failedFuture(ChatproException.notFound("resource"));
    }
    answered.onFailure(e -> fail(request, e));
  }

  private Future<Void> upload(HttpServerRequest request, UUID org, UUID user, String kind) {
    String declared = request.getHeader(HttpHeaders.CONTENT_TYPE);
    return spool(request)
        .compose(file -> uploads.ingest(org, user, kind, declared, file)
            .eventually(() -> vertx.fileSystem().delete(file.toString()).otherwiseEmpty()))
        .compose(record -> created(request.response(), record));
  }

  private static Future<Void> created(HttpServerResponse response, MediaRecord record) {
    return response.setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(record.toJson().encode());
  }

  /**
   * The body to a temporary file (deleted on any failure), with back-pressure. The gateway has spooled it already
   * and sends its length, so a body without one, or longer than the limit, is refused unread.
   */
  private Future<Path> spool(HttpServerRequest request) {
    long length;
    try {
      length = Long.parseLong(request.getHeader(HttpHeaders.CONTENT_LENGTH));
    } catch (NumberFormatException e) {
      return Future.failedFuture(ChatproException.badRequest("an upload needs its Content-Length"));
    }
    if (length > maxBytes) {
      return Future.failedFuture(new ChatproException(ErrorCode.PAYLOAD_TOO_LARGE,
          "a picture or voice note may be at most " + maxBytes / (1024 * 1024) + " MiB"));
    }
    return vertx.fileSystem().createTempFile("chatpro-media-", ".upload")
        .compose(file -> vertx.fileSystem().open(file, new OpenOptions().setWrite(true).setTruncateExisting(true))
            .compose(request::pipeTo)
            .map(v -> Path.of(file))
            .recover(e -> vertx.fileSystem().delete(file).otherwiseEmpty()
                .compose(v -> Future.failedFuture(ChatproException.badRequest("the upload was interrupted")))));
  }

  /**
   * The failure in the protocol's shape, before the head is out; after it, the stream can only be cut off. A body
   * left unread ends the connection, so nothing of it is taken for the next request.
   */
  private static void fail(HttpServerRequest request, Throwable failure) {
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      LOG.warn("a media stream broke off: {}", failure.toString());
      response.reset();
      return;
    }
    ChatproException e = ChatproException.from(failure);
    if (e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.UNAVAILABLE) {
      LOG.warn("{} {} failed: {}", request.method(), request.path(), failure.toString());
    }
    if (!request.isEnded()) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    if (e.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    String message = e.code() == ErrorCode.INTERNAL ? "the stored file could not be read" : e.getMessage();
    JsonObject body = new JsonObject().put("error", new JsonObject().put("code", e.code().code())
        .put("message", message));
    response.setStatusCode(e.code().status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.encode());
  }
}
