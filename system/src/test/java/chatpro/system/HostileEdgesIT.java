package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.HostileHttpIT.Case;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile input at the edges the other hostile suites leave: headers and request lines, uploads, ids of another
 * organisation's media, and floods of simultaneous requests that must come to one consistent outcome. Each case names
 * the answer it expects; afterwards the system must still be healthy.
 */
@ExtendWith(ChatproExtension.class)
class HostileEdgesIT {
  /** What {@link #raw} answers when the server closed the connection without an answer. */
  private static final int CLOSED = 0;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void hostileHeadersAndRequestLinesGetAClearAnswer() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    String token = org.admin().token();
    List<String> wrong = new ArrayList<>();
    Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
    cases.put("a Basic credential instead of a token", new Object[] {"Basic YWRtaW46YWRtaW4=", 401});
    cases.put("the Bearer scheme with no token", new Object[] {"Bearer", 401});
    cases.put("a token of 6,000 characters", new Object[] {"Bearer " + "a".repeat(6000), 401});
    cases.put("two tokens in one header", new Object[] {"Bearer " + token + ", Bearer " + token, 401});
    // a control character makes the header itself malformed: the HTTP server refuses the request
    cases.put("a token with a control character", new Object[] {"Bearer " + token.substring(0, 20) + "\u0001", 400});
    cases.put("the token of the admin", new Object[] {"Bearer " + token, 200});
    for (Map.Entry<String, Object[]> c : cases.entrySet()) {
      String header = (String) c.getValue()[0];
      int expected = (Integer) c.getValue()[1];
      int status;
      if (header.chars().anyMatch(ch -> ch < 0x20)) {
        status = raw(api.port(), "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: " + header
            + "\r\nConnection: close\r\n\r\n");
      } else {
        status = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/me"))
            .header("Authorization", header).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
      }
      if (status != expected) {
        wrong.add(c.getKey() + " answered " + status + " not " + expected);
      }
    }
    // the framing of the request itself: answered by the HTTP server before any route
    expect(wrong, "a request line of 10,000 characters", 414,
        raw(api.port(), "GET /api/v1/me?" + "q".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    expect(wrong, "headers of 20,000 characters", 431,
        raw(api.port(), "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Junk: " + "j".repeat(20_000)
            + "\r\nConnection: close\r\n\r\n"));
    expect(wrong, "a request that is not HTTP", 400, raw(api.port(), "HELLO THERE\r\n\r\n"));
    expect(wrong, "HTTP/2 cleartext (h2c) is not spoken: the connection ends unanswered", CLOSED,
        raw(api.port(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    expect(wrong, "a Content-Length that is not a number", 400,
        raw(api.port(), "POST /api/v1/chats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Length: lots\r\nConnection: close\r\n\r\n{}"));
    expect(wrong, "a chunk size that is not hex: the connection ends, nothing is created", CLOSED,
        raw(api.port(), "POST /api/v1/chats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"));
    assertEquals(List.of(), wrong, "mishandled");
    healthy(api, org.admin());
  }

  @Test
  void hostileUploadsAndOtherOrgsMediaAreRefused() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Org other = api.newOrg();
    Session ann = org.member("ann");
    String t = ann.token();
    String theirs = MediaIT.upload(api, other.admin().token(), "image", "image/jpeg", MediaIT.fixture("plain.jpg"))
        .json().getString("id");
    byte[] png = MediaIT.fixture("text-chunk.png");
    byte[] text = "hello there".getBytes(StandardCharsets.UTF_8);
    record Upload(String name, String kind, String type, byte[] body, int status) {}
    List<Upload> uploads = List.of(
        new Upload("an upload of kind video", "video", "video/mp4", text, 400),
        new Upload("an upload of kind given twice", "image&kind=voice", "image/png", png, 400),
        new Upload("text as a picture", "image", "image/png", text, 415),
        new Upload("HTML as a picture", "image", "text/html",
            "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), 415),
        new Upload("SVG with a script as a picture", "image", "image/svg+xml",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                .getBytes(StandardCharsets.UTF_8), 415),
        new Upload("a PNG's first bytes only", "image", "image/png", java.util.Arrays.copyOf(png, 16), 415),
        new Upload("a picture as a voice note", "voice", "audio/ogg", png, 415),
        new Upload("a PNG declared as a JPEG", "image", "image/jpeg", png, 415),
        new Upload("an empty upload", "image", "image/png", new byte[0], 400));
    List<String> wrong = new ArrayList<>();
    for (Upload u : uploads) {
      Answer a = MediaIT.upload(api, t, u.kind(), u.type(), u.body());
      if (a.status() != u.status() || (a.body() != null && !a.body().contains("\"error\""))) {
        wrong.add(u.name() + " answered " + a.status() + " " + a.body());
      }
    }
    assertEquals(List.of(), wrong, "mishandled uploads");
    List<Case> cases = List.of(
        new Case("an upload without a token", "POST", "/api/v1/media?kind=image", null, "image/png", "x", 401),
        new Case("an upload without a kind", "POST", "/api/v1/media", t, "image/png", "x", 400),
        new Case("another org's media", "GET", "/api/v1/media/" + theirs, t, null, null, 404),
        new Case("another org's thumbnail", "GET", "/api/v1/media/" + theirs + "/thumbnail", t, null, null, 404),
        new Case("a link to another org's media", "GET", "/api/v1/media/" + theirs + "/url", t, null, null, 404),
        new Case("media that does not exist", "GET", "/api/v1/media/" + UUID.randomUUID(), t, null, null, 404),
        new Case("a media id that is not an id", "GET", "/api/v1/media/..%2f..%2fetc", t, null, null, 404),
        new Case("a send carrying another org's media", "POST", "/api/v1/chats/" + ExportsIT.chat(api, ann,
            TestApi.directChat(org.admin().userId())) + "/messages", t, "application/json",
            new JsonObject().put("clientId", "m1").put("kind", "image").put("mediaId", theirs).encode(), 400));
    HostileHttpIT.run(api, cases);
    healthy(api, ann);
  }

  @Test
  void floodsOfSimultaneousRequestsComeToOneOutcome() throws Exception {
    TestApi api = ChatproExtension.api(1);
    TestApi api2 = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ann = org.member("ann");
    Session bob = org.member("bob");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      // 20 simultaneous "start a chat with Bob", on both gateways: one chat, and everyone is told its id
      List<Callable<Answer>> opens = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        TestApi via = i % 2 == 0 ? api : api2;
        opens.add(() -> via.post("/api/v1/chats", ann.token(), TestApi.directChat(bob.userId())));
      }
      Set<String> chats = new HashSet<>();
      int created = 0;
      for (Future<Answer> f : pool.invokeAll(opens)) {
        Answer a = f.get();
        assertTrue(a.status() == 200 || a.status() == 201, a.status() + " " + a.body());
        created += a.status() == 201 ? 1 : 0;
        chats.add(a.json().getString("id"));
      }
      assertEquals(1, chats.size(), "one direct chat, whatever the race: " + chats);
      assertEquals(1, created, "created once, found the other 19 times");

      // 30 simultaneous refreshes with one refresh token: at most one wins, and reuse ends the whole login
      List<Callable<Answer>> refreshes = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        TestApi via = i % 2 == 0 ? api : api2;
        refreshes.add(() -> via.post("/api/v1/auth/refresh", null,
            new JsonObject().put("refreshToken", bob.refreshToken())));
      }
      int won = 0;
      for (Future<Answer> f : pool.invokeAll(refreshes)) {
        Answer a = f.get();
        assertTrue(a.status() == 200 || a.status() == 401, a.status() + " " + a.body());
        won += a.status() == 200 ? 1 : 0;
      }
      assertTrue(won <= 1, won + " refreshes of one token succeeded");
      assertEquals(401, api.get("/api/v1/me", bob.token()).status(), "a reused refresh token ends that login");

      // 200 malformed requests at once beside 10 good sends: every good one is stored once, every bad one refused
      String chat = chats.iterator().next();
      List<Callable<Answer>> mixed = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        mixed.add(() -> api.call("POST", "/api/v1/chats/" + chat + "/messages", ann.token(), "application/json",
            n % 2 == 0 ? "{\"kind\":" : "[".repeat(5000)));
      }
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String clientId = "good-" + i;
        sent.add(clientId);
        mixed.add(() -> api2.post("/api/v1/chats/" + chat + "/messages", ann.token(),
            new JsonObject().put("clientId", clientId).put("kind", "text").put("text", "hello " + clientId)));
      }
      int refused = 0;
      int stored = 0;
      for (Future<Answer> f : pool.invokeAll(mixed)) {
        Answer a = f.get();
        if (a.status() == 400) {
          refused++;
        } else {
          assertEquals(201, a.status(), a.body());
          stored++;
        }
      }
      assertEquals(200, refused);
      assertEquals(10, stored);
      // (Bob's login ended with the reused refresh token above, so Ann reads the chat)
      Answer history = api.get("/api/v1/chats/" + chat + "/events?after=0&limit=1000", ann.token());
      assertEquals(200, history.status(), history.body());
      for (String clientId : sent) {
        int times = history.body().split("hello " + clientId + "\"", -1).length - 1;
        assertEquals(1, times, clientId + " stored " + times + " times: " + history.body());
      }
    } finally {
      pool.shutdownNow();
    }
    healthy(api, ann);
  }

  private static void expect(List<String> wrong, String name, int expected, int status) {
    if (status != expected) {
      wrong.add(name + " answered " + status + " not " + expected);
    }
  }

  /** Writes the bytes as they are on a new connection; the status of the first answer (0 if none came). */
  private static int raw(int port, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = new byte[12];
      int read = 0;
      while (read < head.length) {
        int n = in.read(head, read, head.length - read);
        if (n < 0) {
          return 0;
        }
        read += n;
      }
      String line = new String(head, StandardCharsets.ISO_8859_1);
      return line.startsWith("HTTP/1.") ? Integer.parseInt(line.substring(9, 12)) : 0;
    }
  }

  private static void healthy(TestApi api, Session who) throws Exception {
    Answer health = api.get("/health", null);
    assertEquals(200, health.status(), health.body());
    assertFalse(health.body().contains("\"down\""), health.body());
    assertEquals(200, api.get("/api/v1/me", who.token()).status());
  }
}
