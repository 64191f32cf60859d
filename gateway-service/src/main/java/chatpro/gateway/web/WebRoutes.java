package chatpro.gateway.web;

import chatpro.gateway.web.WebFiles.WebFile;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the web client: its files by path, and {@code index.html} for every client route (a deep link or a reload
 * on {@code /chats/...}). Hashed assets are cached for good; the page and the service worker are revalidated every
 * time, so a new build reaches people on their next visit. Every answer carries the same strict security headers
 * ({@link #SECURITY_HEADERS}), not only the page: the service worker script gets its Content-Security-Policy from its
 * own response, not from the page that registered it.
 *
 * <p>No {@code Strict-Transport-Security}: TLS is terminated in front of the gateway, which speaks plain HTTP, so
 * HSTS is that terminator's to send (and a browser ignores it over plain HTTP anyway).
 */
public final class WebRoutes {
  /** Only the page's own origin, no inline script or style, nothing framed, no plugins. */
  static final String CSP = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' blob: data:",
      "media-src 'self' blob:",
      "connect-src 'self'",
      "font-src 'self'",
      "worker-src 'self'",
      "manifest-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'");
  /** Sent with every file and every 304 of the web client. */
  static final Map<String, String> SECURITY_HEADERS = Map.of(
      "Content-Security-Policy", CSP,
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "no-referrer",
      "X-Frame-Options", "DENY",
      "Permissions-Policy", "camera=(self), microphone=(self), geolocation=(), payment=()",
      // No other window shares a browsing context group with the app, and no other site may embed its files.
      "Cross-Origin-Opener-Policy", "same-origin",
      "Cross-Origin-Resource-Policy", "same-origin");
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String REVALIDATE = "no-cache";
  /**
   * Paths that belong to the API and operations, never to the client's routes: each is a whole first segment, so
   * {@code /api} and {@code /api/...} are the API's (its 404 included) while {@code /apis} is a client route.
   */
  private static final List<String> RESERVED = List.of("/api", "/ws", "/health", "/metrics", "/.well-known");
  /** The build's folders: a path under them is a file or nothing, never a client route. */
  private static final List<String> FOLDERS = List.of("/assets", "/icons");

  private final WebFiles files;

  public WebRoutes(WebFiles files) {
    this.files = files;
  }

  /** Mount after the API: only GET and HEAD requests that nothing else answered reach these. */
  public void mount(Router router) {
    if (files.isEmpty()) {
      return;
    }
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (under(path, RESERVED)) {
      ctx.next();
      return;
    }
    WebFile file = "/".equals(path) ? files.index() : files.get(path);
    if (file == null && isClientRoute(path)) {
      file = files.index();
    }
    if (file == null) {
      ctx.next();
      return;
    }
    send(ctx.request(), ctx.response(), file);
  }

  /** A path without a file extension outside the build's folders is one of the client's own routes. */
  static boolean isClientRoute(String path) {
    String last = path.substring(path.lastIndexOf('/') + 1);
    return !under(path, FOLDERS) && !under(path, RESERVED) && !last.contains(".");
  }

  /** Whether the path is one of the prefixes or below one, by whole segments: {@code /api} is, {@code /apis} is not. */
  static boolean under(String path, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  /**
   * RFC 9110 {@code If-None-Match} on a GET or HEAD: whether {@code *} or any entity-tag of the lists (one per header
   * line) equals the file's by weak comparison, that is by the quoted opaque tag with or without {@code W/}. A cache
   * may hold a weak tag or several variants, and any of them still being current makes the answer a 304.
   */
  static boolean anyTagMatches(List<String> fields, String etag) {
    String current = opaqueTag(etag);
    for (String field : fields) {
      for (String tag : listElements(field)) {
        if ("*".equals(tag) || opaqueTag(tag).equals(current)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A header's comma-separated elements, trimmed, with commas inside quotes kept (an entity-tag may hold one). */
  static List<String> listElements(String field) {
    List<String> elements = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i <= field.length(); i++) {
      if (i == field.length() || field.charAt(i) == ',' && !quoted) {
        String element = field.substring(start, i).strip();
        if (!element.isEmpty()) {
          elements.add(element);
        }
        start = i + 1;
      } else if (field.charAt(i) == '"') {
        quoted = !quoted;
      }
    }
    return elements;
  }

  /**
   * Whether {@code Accept-Encoding} takes gzip (RFC 9110): {@code gzip} or {@code x-gzip} with a weight above 0, or,
   * when neither is named, {@code *} with one. {@code gzip;q=0} refuses it.
   */
  static boolean acceptsGzip(List<String> fields) {
    double gzip = -1;
    double any = -1;
    for (String field : fields) {
      for (String element : listElements(field)) {
        String[] parts = element.split(";");
        String coding = parts[0].strip().toLowerCase(Locale.ROOT);
        double weight = weight(parts);
        if ("gzip".equals(coding) || "x-gzip".equals(coding)) {
          gzip = Math.max(gzip, weight);
        } else if ("*".equals(coding)) {
          any = Math.max(any, weight);
        }
      }
    }
    return gzip >= 0 ? gzip > 0 : any > 0;
  }

  private static double weight(String[] parameters) {
    for (int i = 1; i < parameters.length; i++) {
      String parameter = parameters[i].strip();
      if (parameter.length() > 2 && (parameter.startsWith("q=") || parameter.startsWith("Q="))) {
        try {
          return Double.parseDouble(parameter.substring(2).strip());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  private static String opaqueTag(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  static void send(HttpServerRequest request, HttpServerResponse response, WebFile file) {
    SECURITY_HEADERS.forEach(response::putHeader);
    response.putHeader(HttpHeaders.CONTENT_TYPE, file.contentType())
        .putHeader(HttpHeaders.ETAG, file.etag())
        .putHeader(HttpHeaders.CACHE_CONTROL, file.path().startsWith("/assets/") ? IMMUTABLE : REVALIDATE)
        .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
    if (anyTagMatches(request.headers().getAll(HttpHeaders.IF_NONE_MATCH), file.etag())) {
      response.setStatusCode(304).end();
      return;
    }
    boolean gzip = file.gzipped() != null && acceptsGzip(request.headers().getAll(HttpHeaders.ACCEPT_ENCODING));
    Buffer body = gzip ? file.gzipped() : file.body();
    if (gzip) {
      response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
    }
    // The length of the body a GET would get, on a HEAD too (Vert.x leaves an explicit length on a HEAD alone).
    response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
    if (request.method() == HttpMethod.HEAD) {
      response.end();
      return;
    }
    if (!gzip) {
      // Already as small as it gets, or the client takes it plain: not compressed again on the way out. Vert.x's
      // compressor takes this marker off before the wire; a HEAD, which it does not touch, would carry it as it is.
      response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
    }
    // The file's own Buffer, shared by every response: see WebFiles for why that is safe.
    response.end(body);
  }
}
