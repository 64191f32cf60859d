package chatpro.gateway.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web client as the gateway serves it, over a real Vert.x server set up as the gateway's is. */
class WebRoutesTest {
  private static final String PAGE = "<!doctype html><html><head><title>ChatPro</title>"
      + "<script type=\"module\" src=\"/assets/index-abc123.js\"></script></head>"
      + "<body>" + "<p>ChatPro</p>".repeat(200) + "</body></html>";
  private static final String SCRIPT = "export const greeting = 'hello';\n".repeat(100);
  private static final String WORKER = "self.addEventListener('fetch', () => {});\n".repeat(20);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
  /** What the routes after the web client answer, as the gateway's last route does with its 404. */
  private static final String NEXT = "the next handler";

  private static Vertx vertx;
  private static HttpServer server;
  private static HttpClient http;
  private static WebFiles files;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    files = WebFiles.of(Map.of(
        "/index.html", PAGE.getBytes(StandardCharsets.UTF_8),
        "/assets/index-abc123.js", SCRIPT.getBytes(StandardCharsets.UTF_8),
        "/sw.js", WORKER.getBytes(StandardCharsets.UTF_8),
        "/manifest.webmanifest", "{\"name\":\"ChatPro\"}".getBytes(StandardCharsets.UTF_8),
        "/icons/icon.png", PNG));
    Router router = Router.router(vertx);
    router.get("/api/v1/ping").handler(ctx -> ctx.response().end("pong"));
    // As in GatewayVerticle: the last route is added first, the web client after it, and still comes before it.
    router.route().last().handler(ctx -> ctx.response().setStatusCode(404).end(NEXT));
    new WebRoutes(files).mount(router);
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
            .setCompressionSupported(true))
        .requestHandler(router);
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void clientRoutesGetThePage() throws Exception {
    for (String path : List.of("/", "/index.html", "/chats/c-123", "/new", "/settings", "/chats/", "/apis", "/wsx",
        "/healthy", "/metricsboard")) {
      HttpResponse<String> page = get(path);
      assertEquals(200, page.statusCode(), path);
      assertEquals(PAGE, page.body(), path);
      assertEquals("text/html; charset=utf-8", header(page, "Content-Type"), path);
    }
  }

  @Test
  void reservedPathsFallThroughToTheNextHandler() throws Exception {
    assertEquals("pong", get("/api/v1/ping").body(), "the API still answers its own routes");
    for (String path : List.of("/api", "/api/", "/api/v1/nothing-here", "/%61pi", "/ws", "/ws/", "/ws/x",
        "/health", "/health/", "/health/deep", "/metrics", "/metrics/", "/metrics/x", "/metrics.txt",
        "/.well-known", "/.well-known/jwks.json", "/.well-known/x")) {
      HttpResponse<String> answer = get(path);
      assertEquals(404, answer.statusCode(), path);
      assertEquals(NEXT, answer.body(), path);
      assertFalse(answer.headers().firstValue("Content-Security-Policy").isPresent(), path + " is not the client's");
    }
  }

  @Test
  void missingFilesFallThroughRatherThanGetThePage() throws Exception {
    for (String path : List.of("/assets", "/assets/", "/assets/index-gone.js", "/icons/gone", "/favicon.ico")) {
      HttpResponse<String> answer = get(path);
      assertEquals(404, answer.statusCode(), path);
      assertEquals(NEXT, answer.body(), path);
    }
  }

  @Test
  void ifNoneMatchWithTheCurrentTagInAnyFormAnswers304() throws Exception {
    String etag = files.index().etag();
    for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"old\", " + etag, "W/\"old\",W/" + etag,
        "\"old\"  ,\t" + etag + " , \"older\"", "*")) {
      HttpResponse<String> answer = get("/", "If-None-Match", ifNoneMatch);
      assertEquals(304, answer.statusCode(), ifNoneMatch);
      assertEquals("", answer.body(), ifNoneMatch);
      assertEquals(etag, header(answer, "ETag"), ifNoneMatch);
      assertEquals(WebRoutes.REVALIDATE, header(answer, "Cache-Control"), ifNoneMatch);
      assertEquals(WebRoutes.CSP, header(answer, "Content-Security-Policy"), ifNoneMatch);
    }
    assertEquals(304, get("/chats/c-1", "If-None-Match", etag).statusCode(), "a client route is the page");
    assertEquals(304, send(request("/", "HEAD").header("If-None-Match", "W/" + etag)).statusCode());
  }

  @Test
  void ifNoneMatchWithOtherTagsAnswersTheFile() throws Exception {
    String opaque = files.index().etag().replace("\"", "");
    for (String ifNoneMatch : List.of("\"old\"", "W/\"old\", \"older\"", opaque, "\"" + opaque + "x\"",
        "\"a," + opaque + "\"", "")) {
      HttpResponse<String> answer = get("/", "If-None-Match", ifNoneMatch);
      assertEquals(200, answer.statusCode(), ifNoneMatch);
      assertEquals(PAGE, answer.body(), ifNoneMatch);
    }
  }

  @Test
  void anEntityTagListSplitsOnlyOutsideQuotes() {
    assertEquals(List.of("\"a,b\"", "W/\"c\"", "*"), WebRoutes.listElements(" \"a,b\" ,, W/\"c\",* "));
    assertTrue(WebRoutes.anyTagMatches(List.of("\"x\"", "W/\"y\""), "\"y\""), "one tag per header line");
    assertFalse(WebRoutes.anyTagMatches(List.of(), "\"y\""));
  }

  @Test
  void headCarriesTheHeadersOfAGetAndContentLengthButNoBody() throws Exception {
    for (String encoding : List.of("identity", "gzip")) {
      HttpResponse<byte[]> getAnswer = http.send(request("/", "GET").header("Accept-Encoding", encoding).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      String raw = rawExchange("HEAD / HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: " + encoding
          + "\r\nConnection: close\r\n\r\n");
      int end = raw.indexOf("\r\n\r\n");
      assertTrue(raw.startsWith("HTTP/1.1 200 "), raw);
      assertEquals("", raw.substring(end + 4), "nothing follows the head of a HEAD answer");
      Map<String, String> head = rawHeaders(raw.substring(0, end));
      assertEquals(Integer.toString(getAnswer.body().length), head.get("content-length"), encoding);
      for (String name : List.of("Content-Type", "ETag", "Cache-Control", "Vary", "Content-Security-Policy",
          "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "X-Frame-Options")) {
        assertEquals(header(getAnswer, name), head.get(name.toLowerCase(Locale.ROOT)), encoding + " " + name);
      }
      assertEquals(getAnswer.headers().firstValue("Content-Encoding").orElse(null), head.get("content-encoding"));
    }
  }

  @Test
  void everyWebClientAnswerCarriesTheSecurityHeaders() throws Exception {
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (String path : List.of("/", "/chats/c-1", "/sw.js", "/assets/index-abc123.js", "/manifest.webmanifest",
        "/icons/icon.png")) {
      answers.add(get(path));
      answers.add(get(path, "Accept-Encoding", "gzip"));
    }
    answers.add(get("/sw.js", "If-None-Match", files.get("/sw.js").etag()));
    for (HttpResponse<String> answer : answers) {
      String what = answer.uri().getPath() + " " + answer.statusCode();
      assertEquals(WebRoutes.CSP, header(answer, "Content-Security-Policy"), what);
      assertEquals("same-origin", header(answer, "Cross-Origin-Opener-Policy"), what);
      assertEquals("same-origin", header(answer, "Cross-Origin-Resource-Policy"), what);
      assertEquals("DENY", header(answer, "X-Frame-Options"), what);
      assertEquals("nosniff", header(answer, "X-Content-Type-Options"), what);
      assertEquals("no-referrer", header(answer, "Referrer-Policy"), what);
      assertTrue(header(answer, "Permissions-Policy").contains("geolocation=()"), what);
      assertFalse(answer.headers().firstValue("Strict-Transport-Security").isPresent(), what);
    }
    assertTrue(WebRoutes.CSP.contains("worker-src 'self'") && !WebRoutes.CSP.contains("unsafe"), WebRoutes.CSP);
  }

  @Test
  void gzipOnlyWhenTheClientTakesIt() throws Exception {
    byte[] script = SCRIPT.getBytes(StandardCharsets.UTF_8);
    for (String accepted : List.of("gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.5", "x-gzip", "*", "GZIP")) {
      HttpResponse<byte[]> answer = getBytes("/assets/index-abc123.js", "Accept-Encoding", accepted);
      assertEquals("gzip", header(answer, "Content-Encoding"), accepted);
      assertArrayEquals(script, gunzip(answer.body()), accepted);
      assertTrue(answer.body().length < script.length, accepted);
      assertEquals(Integer.toString(answer.body().length), header(answer, "Content-Length"), accepted);
    }
    List<String> refusals = new ArrayList<>(List.of("identity", "br", "gzip;q=0", "gzip; q=0.000, br", "*;q=0",
        "*, gzip;q=0"));
    refusals.add(null);
    for (String accepted : refusals) {
      HttpResponse<byte[]> answer = accepted == null
          ? http.send(request("/assets/index-abc123.js", "GET").build(), HttpResponse.BodyHandlers.ofByteArray())
          : getBytes("/assets/index-abc123.js", "Accept-Encoding", accepted);
      assertNotGzip(answer, accepted);
      assertArrayEquals(script, answer.body(), accepted);
    }
    HttpResponse<byte[]> png = getBytes("/icons/icon.png", "Accept-Encoding", "gzip");
    assertNotGzip(png, "a PNG is not compressed again");
    assertArrayEquals(PNG, png.body());
  }

  @Test
  void hashedAssetsAreCachedForGoodAndTheRestRevalidated() throws Exception {
    assertEquals(WebRoutes.IMMUTABLE, header(get("/assets/index-abc123.js"), "Cache-Control"));
    assertEquals("public, max-age=31536000, immutable", WebRoutes.IMMUTABLE);
    for (String path : List.of("/", "/chats/c-1", "/index.html", "/sw.js", "/manifest.webmanifest", "/icons/icon.png")) {
      HttpResponse<String> answer = get(path);
      assertEquals("no-cache", header(answer, "Cache-Control"), path);
      assertTrue(header(answer, "ETag").matches("\"[0-9a-f]{32}\""), path);
    }
  }

  @Test
  void oneBufferAnswersManyRequestsAtOnce() throws Exception {
    byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
    List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      HttpRequest.Builder request = request(i % 2 == 0 ? "/" : "/chats/c-" + i, "GET");
      if (i % 4 < 2) {
        request.header("Accept-Encoding", "gzip");
      }
      answers.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (CompletableFuture<HttpResponse<byte[]>> future : answers) {
      HttpResponse<byte[]> answer = future.get(20, TimeUnit.SECONDS);
      boolean gzip = answer.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent();
      assertArrayEquals(page, gzip ? gunzip(answer.body()) : answer.body());
    }
    assertEquals(page.length, files.index().body().length(), "the shared body is never consumed");
  }

  private static void assertNotGzip(HttpResponse<?> answer, String why) {
    String encoding = answer.headers().firstValue("Content-Encoding").orElse("identity");
    assertEquals("identity", encoding, why);
  }

  private static HttpRequest.Builder request(String path, String method) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(java.time.Duration.ofSeconds(10));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(request(path, "GET"));
  }

  private static HttpResponse<String> get(String path, String name, String value) throws Exception {
    return send(request(path, "GET").header(name, value));
  }

  private static HttpResponse<byte[]> getBytes(String path, String name, String value) throws Exception {
    return http.send(request(path, "GET").header(name, value).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> answer, String name) {
    return answer.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " on "
        + answer.uri().getPath() + " " + answer.statusCode()));
  }

  /** A request written by hand, read until the server closes: shows exactly what came back on the wire. */
  private static String rawExchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static Map<String, String> rawHeaders(String head) {
    Map<String, String> headers = new java.util.HashMap<>();
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
      }
    }
    return headers;
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }
}
