package chatpro.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** JSON over the public HTTP API. */
final class Http {
  /** A non-2xx answer: status, the API's error code and message, and Retry-After when given. */
  static final class Failure extends RuntimeException {
    final int status;
    final String code;
    final String retryAfter;

    Failure(String what, int status, String code, String message, String retryAfter) {
      super(what + " -> " + status + " " + code + ": " + message);
      this.status = status;
      this.code = code;
      this.retryAfter = retryAfter;
    }
  }

  private final HttpClientAgent client;

  Http(Vertx vertx, int poolSize) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000)
        .setTrustAll(true).setVerifyHost(false), new PoolOptions().setHttp1MaxSize(poolSize));
  }

  Future<JsonObject> json(HttpMethod method, String url, String bearer, JsonObject body, long timeoutMs) {
    return call(method, url, bearer, "application/json", body == null ? null : body.encode(), timeoutMs);
  }

  /**
   * One request; answers the JSON body (an empty object for 204). {@code timeoutMs} bounds the whole exchange, so a
   * stuck server cannot hold the run.
   */
  Future<JsonObject> call(HttpMethod method, String url, String bearer, String contentType, String body,
      long timeoutMs) {
    return call(method, url, bearer, contentType, body, timeoutMs, null);
  }

  /** The same, sent with {@code X-Forwarded-For: forwardedFor} when that is not null (a client behind a proxy). */
  Future<JsonObject> call(HttpMethod method, String url, String bearer, String contentType, String body,
      long timeoutMs, String forwardedFor) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url).setIdleTimeout(timeoutMs)
        .putHeader("Accept", "application/json");
    if (forwardedFor != null) {
      options.putHeader("X-Forwarded-For", forwardedFor);
    }
    if (bearer != null) {
      options.putHeader("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      options.putHeader("Content-Type", contentType);
    }
    String what = method + " " + url.replaceFirst("^https?://[^/]+", "");
    return client.request(options)
        .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(buf -> {
          int status = resp.statusCode();
          String text = buf.toString();
          if (status >= 200 && status < 300) {
            return text.isBlank() ? new JsonObject() : new JsonObject(text);
          }
          String code = "http_" + status;
          String message = text;
          try {
            JsonObject err = new JsonObject(text).getJsonObject("error");
            if (err != null) {
              code = err.getString("code", code);
              message = err.getString("message", text);
            }
          } catch (RuntimeException e) {
            // not the API's error shape: keep the raw text
          }
          throw new Failure(what, status, code, message, resp.getHeader("Retry-After"));
        }))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** The raw text of a GET (for /metrics). */
  Future<String> text(String url, long timeoutMs) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .setIdleTimeout(timeoutMs);
    return client.request(options).compose(req -> req.send())
        .compose(resp -> resp.body().map(buf -> {
          if (resp.statusCode() != 200) {
            throw new Failure("GET " + url, resp.statusCode(), "http_" + resp.statusCode(), buf.toString(), null);
          }
          return buf.toString();
        }))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  Future<Void> close() {
    return client.close();
  }
}
