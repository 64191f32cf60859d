package chatpro.gateway.http;

import static chatpro.common.bus.Addresses.EXPORT_DOWNLOAD;
import static chatpro.common.bus.Addresses.MEDIA_ACCESS;
import static chatpro.common.bus.Addresses.MEDIA_LINK;
import static chatpro.common.bus.Addresses.MEDIA_LINK_OPEN;
import static chatpro.common.bus.Addresses.MEDIA_UPLOAD_SLOT;
import static chatpro.common.bus.Addresses.SAR_DOWNLOAD_OWN;

import chatpro.common.bus.Caller;
import chatpro.common.bus.MediaLink;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Pictures and voice notes over HTTP. Uploads stream to a temporary file on this node (never the whole body in
 * memory; over the limit the answer is 413 at once; a slow client holds only this node), then in one PUT to the URL
 * media-service gave for it, which inspects and stores them encrypted and answers the record. Downloads stream from
 * media-service (which decrypts them) through this node after it has checked access (the caller's token, or a link
 * it signed), with the sniffed type, {@code nosniff} and byte ranges for seeking in audio. This node never reaches
 * the object store and holds no key; clients reach neither the store nor media-service.
 */
public final class MediaRoutes {
  /** The whole body must arrive within this time (a client trickling bytes holds a file and a connection). */
  static final long UPLOAD_DEADLINE_MS = 5 * 60_000;
  /** Uploads one person may have in flight on one gateway node. */
  static final int UPLOADS_PER_USER = 3;
  /** How much of a refused upload's body is read and dropped so its client hears the answer (see below). */
  static final long DISCARD_LIMIT = 24L * 1024 * 1024;
  /**
   * Requests to media-service that move nothing for this long fail (a hung service must not hold files forever);
   * an upload's answer comes after its inspection, which can take seconds for a large picture.
   */
  static final long MEDIA_TIMEOUT_MS = 60_000;
  private final java.util.Map<String, Integer> uploading = new java.util.HashMap<>();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MediaRoutes.class);
  private static final Reply STREAMED = Reply.noContent();
  private static final String GONE = "chatpro.upload.gone";

  private final Vertx vertx;
  private final Api api;
  /** To media-service's internal HTTP server, whose URLs media-service hands out signed. */
  private final HttpClient media;

  public MediaRoutes(Vertx vertx, Api api, HttpClient media) {
    this.vertx = vertx;
    this.api = api;
    this.media = media;
  }

  /** Upload goes before any body handler: its body is streamed, not buffered. */
  public void mountUpload(Router router) {
    router.post("/api/v1/media").handler(ctx -> {
      ctx.request().pause();
      // A client that goes away before the body is read must still free what the upload holds.
      ctx.response().closeHandler(v -> ctx.put(GONE, true));
      ctx.addEndHandler(v -> discardUnreadBody(ctx));
      ctx.next();
    });
    router.post("/api/v1/media").handler(api.member(this::upload));
  }

  public void mount(Router router) {
    router.get("/api/v1/media/:id").handler(api.member((ctx, c) -> download(ctx, c, false)));
    router.get("/api/v1/media/:id/thumbnail").handler(api.member((ctx, c) -> download(ctx, c, true)));
    router.get("/api/v1/media/:id/url").handler(api.member(this::link));
    router.get(ContentLinks.ROUTE).handler(api.open(this::open));
    // an investigation export's zip, for the compliance officer who made it (message-service decides)
    router.get("/api/v1/exports/:id/download").handler(api.compliance((ctx, c) -> serve(ctx, api.call(
        EXPORT_DOWNLOAD, Api.as(c).put("exportId", ctx.pathParam("id"))))));
    // a person's own subject-access export
    router.get("/api/v1/me/exports/:id/download").handler(api.member((ctx, c) -> serve(ctx, api.call(
        SAR_DOWNLOAD_OWN, Api.as(c).put("exportId", ctx.pathParam("id"))))));
  }

  private Future<Reply> upload(RoutingContext ctx, Caller caller) {
    String user = caller.userId();
    if (uploading.getOrDefault(user, 0) >= UPLOADS_PER_USER) {
      return Future.failedFuture(new ChatproException(ErrorCode.RATE_LIMITED, "at most " + UPLOADS_PER_USER
          + " uploads at a time", 5));
    }
    uploading.merge(user, 1, Integer::sum);
    return uploadSlotted(ctx, caller)
        .onComplete(r -> uploading.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1));
  }

  private Future<Reply> uploadSlotted(RoutingContext ctx, Caller caller) {
    HttpServerRequest request = ctx.request();
    if (request.params().getAll("kind").size() > 1) {
      // which of two kinds was meant is anyone's guess; the bytes would be judged against only one of them
      return Future.failedFuture(ChatproException.badRequest("kind must be given once"));
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    JsonObject slotRequest = Api.as(caller).put("kind", request.getParam("kind"));
    if (length != null) {
      slotRequest.put("length", parseLength(length));
    }
    String declared = request.getHeader(HttpHeaders.CONTENT_TYPE);
    return api.call(MEDIA_UPLOAD_SLOT, slotRequest)
        .compose(slot -> spool(ctx, slot.getLong("maxBytes"))
            .compose(file -> put(slot.getString("url"), file, declared).eventually(() -> delete(file))))
        .map(Reply::created);
  }

  /**
   * Once the answer is sent, what is left of a refused upload's body (refused unread, cut off at the limit, or too
   * slow) is read and dropped, up to {@link #DISCARD_LIMIT}: most clients other than browsers send the whole body
   * before they read the answer, and a body left unread would hold them until they time out. A body declared or
   * found longer than that ends the connection instead: the client hears an abort rather than the reason, and the
   * gateway reads no more of it. Nothing is buffered either way.
   */
  private static void discardUnreadBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded() || Boolean.TRUE.equals(ctx.get(GONE))) {
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && declaredOver(length, DISCARD_LIMIT)) {
      request.connection().close();
      return;
    }
    long[] dropped = {0};
    request.exceptionHandler(e -> { });
    request.endHandler(null);
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > DISCARD_LIMIT) {
        request.handler(null);
        request.connection().close();
      }
    });
    request.resume();
  }

  private static boolean declaredOver(String header, long limit) {
    try {
      return Long.parseLong(header.trim()) > limit;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      throw ChatproException.badRequest("Content-Length must be a number");
    }
  }

  /**
   * Writes the body to a temporary file with back-pressure; past {@code max} bytes it stops with 413. The file is
   * deleted on every way this can fail: too large, the client gone or erring, or the body not done in time.
   */
  private Future<String> spool(RoutingContext ctx, long max) {
    HttpServerRequest request = ctx.request();
    if (Boolean.TRUE.equals(ctx.get(GONE))) {
      return Future.failedFuture(ChatproException.badRequest("the upload was interrupted"));
    }
    return vertx.fileSystem().createTempFile("chatpro-upload-", ".part").compose(path ->
        vertx.fileSystem().open(path, new OpenOptions().setWrite(true).setTruncateExisting(true))
            .recover(e -> delete(path).compose(v -> Future.failedFuture(e)))
            .compose(file -> spoolInto(ctx, request, path, file, max)));
  }

  private Future<String> spoolInto(RoutingContext ctx, HttpServerRequest request, String path, AsyncFile file,
                                   long max) {
          Promise<String> done = Promise.promise();
          long deadline = vertx.setTimer(UPLOAD_DEADLINE_MS, t -> {
            if (!done.future().isComplete()) {
              request.handler(null);
              file.close();
              delete(path);
              done.tryFail(ChatproException.badRequest("the upload took longer than "
                  + UPLOAD_DEADLINE_MS / 60_000 + " minutes"));
            }
          });
          done.future().onComplete(r -> vertx.cancelTimer(deadline));
          ctx.response().closeHandler(v -> {
            if (!done.future().isComplete()) {
              file.close();
              delete(path);
              done.tryFail(ChatproException.badRequest("the upload was interrupted"));
            }
          });
          long[] received = {0};
          request.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > max) {
              request.handler(null);
              request.endHandler(null);
              file.close();
              delete(path);
              done.tryFail(new ChatproException(ErrorCode.PAYLOAD_TOO_LARGE,
                  "a picture or voice note may be at most " + max / (1024 * 1024) + " MiB"));
              return;
            }
            file.write(chunk);
            if (file.writeQueueFull()) {
              request.pause();
              file.drainHandler(v -> request.resume());
            }
          });
          request.exceptionHandler(e -> {
            file.close();
            delete(path);
            done.tryFail(ChatproException.badRequest("the upload was interrupted"));
          });
          request.endHandler(v -> file.close().onComplete(r -> {
            if (received[0] == 0) {
              delete(path);
              done.tryFail(ChatproException.badRequest("the body is empty"));
            } else {
              done.tryComplete(path);
            }
          }));
          request.resume();
          return done.future();
  }

  /** Streams the file to media-service's upload URL; answers the media record it made of it. */
  private Future<JsonObject> put(String url, String path, String declared) {
    return vertx.fileSystem().props(path).compose(props -> vertx.fileSystem().open(path, new OpenOptions().setRead(true))
        .compose(file -> media.request(new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(url)
                .setConnectTimeout(10_000).setIdleTimeout(MEDIA_TIMEOUT_MS))
            .compose(req -> {
              req.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(props.size()));
              if (declared != null) {
                req.putHeader(HttpHeaders.CONTENT_TYPE, declared);
              }
              return req.send(file);
            })
            .compose(MediaRoutes::created)
            .eventually(file::close)))
        .recover(MediaRoutes::mediaFailed);
  }

  private static Future<JsonObject> created(HttpClientResponse response) {
    return response.statusCode() == 201 ? response.body().map(Buffer::toJsonObject) : refusal(response);
  }

  /** media-service's answer in the protocol's error shape, as the failure it names (its status when it names none). */
  private static <T> Future<T> refusal(HttpClientResponse response) {
    String retryAfter = response.getHeader("Retry-After");
    return response.body().compose(body -> {
      ChatproException e;
      try {
        JsonObject error = body.toJsonObject().getJsonObject("error");
        e = new ChatproException(ErrorCode.fromCode(error.getString("code")), error.getString("message"),
            retryAfter == null ? 0 : Long.parseLong(retryAfter));
      } catch (RuntimeException notTheShape) {
        e = new ChatproException(response.statusCode() == 404 ? ErrorCode.NOT_FOUND : ErrorCode.UNAVAILABLE,
            "media-service did not answer");
      }
      return Future.failedFuture(e);
    });
  }

  /** A failed request to media-service, without its URL (a signed URL is a credential: it stays out of logs). */
  private static <T> Future<T> mediaFailed(Throwable e) {
    if (e instanceof ChatproException ce) {
      return Future.failedFuture(ce);
    }
    LOG.warn("a request to media-service failed: {}", e.getClass().getSimpleName());
    return Future.failedFuture(new ChatproException(ErrorCode.UNAVAILABLE, "media-service did not answer"));
  }

  private Future<Void> delete(String path) {
    return vertx.fileSystem().delete(path).otherwiseEmpty();
  }

  private Future<Reply> download(RoutingContext ctx, Caller caller, boolean thumbnail) {
    JsonObject request = Api.as(caller).put("mediaId", ctx.pathParam("id")).put("thumbnail", thumbnail);
    return serve(ctx, api.call(MEDIA_ACCESS, request));
  }

  /** A signed link needs no header: media-service checks its signature, its expiry and that the media still exists. */
  private Future<Reply> open(RoutingContext ctx) {
    return serve(ctx, api.call(MEDIA_LINK_OPEN, ContentLinks.parse(ctx).toJson()));
  }

  /** Streams what media-service allowed; a failure once the head is out can only cut the stream off. */
  private Future<Reply> serve(RoutingContext ctx, Future<JsonObject> allowed) {
    return allowed
        .compose(link -> stream(ctx, link))
        .transform(r -> {
          if (r.failed() && ctx.response().headWritten()) {
            ctx.response().reset();
            return Future.succeededFuture(STREAMED);
          }
          return r.succeeded() ? Future.succeededFuture(r.result()) : Future.failedFuture(r.cause());
        });
  }

  /** Fetches the bytes (or the asked range) from media-service and streams them on with the right headers. */
  private Future<Reply> stream(RoutingContext ctx, JsonObject link) {
    String range = ctx.request().getHeader("Range");
    return media.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(link.getString("url"))
            .setConnectTimeout(10_000).setIdleTimeout(MEDIA_TIMEOUT_MS))
        .compose(req -> {
          if (range != null) {
            req.putHeader("Range", range);
          }
          return req.send();
        })
        .recover(MediaRoutes::mediaFailed)
        .compose(upstream -> {
          int status = upstream.statusCode();
          if (status == 416) {
            copy(upstream, ctx.response(), HttpHeaders.CONTENT_RANGE);
            JsonObject error = new JsonObject().put("error", new JsonObject().put("code", "bad_request")
                .put("message", "the range is outside the file"));
            return upstream.body().compose(b -> ctx.response().setStatusCode(416)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(error.encode()).map(STREAMED));
          }
          if (status != 200 && status != 206) {
            return refusal(upstream);
          }
          HttpServerResponse response = ctx.response().setStatusCode(status);
          copy(upstream, response, HttpHeaders.CONTENT_LENGTH);
          copy(upstream, response, HttpHeaders.CONTENT_RANGE);
          response.putHeader(HttpHeaders.CONTENT_TYPE, link.getString("mime"))
              .putHeader("Content-Disposition", link.getString("disposition", "inline") + "; filename=\""
                  + link.getString("fileName") + "\"")
              .putHeader("X-Content-Type-Options", "nosniff")
              .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
              .putHeader(HttpHeaders.CACHE_CONTROL, link.getString("cacheControl", "private, max-age=300"))
              .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
          return upstream.pipeTo(response).map(STREAMED);
        });
  }

  private static void copy(HttpClientResponse from, HttpServerResponse to, CharSequence header) {
    String value = from.getHeader(header);
    if (value != null) {
      to.putHeader(header, value);
    }
  }

  /** A path on this origin that serves the bytes (or thumbnail) without a header for a few minutes. */
  private Future<Reply> link(RoutingContext ctx, Caller caller) {
    JsonObject request = Api.as(caller).put("mediaId", ctx.pathParam("id"))
        .put("thumbnail", ContentLinks.thumbnail(ctx));
    return api.call(MEDIA_LINK, request)
        .map(MediaLink::from)
        .map(ContentLinks::answer);
  }
}
