package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WebSocket session hygiene: the upgrade's Origin, the first frame, and tokens that expire on an open socket. */
@ExtendWith(ChatproExtension.class)
class SocketHygieneIT {

  @Test
  void upgradeFromAForeignOriginIsRefused() throws Exception {
    int port = ChatproExtension.api(1).port();
    ExecutionException refused = assertThrows(ExecutionException.class, () -> HttpClient.newHttpClient()
        .newWebSocketBuilder().header("Origin", "https://evil.example")
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() { })
        .get(10, TimeUnit.SECONDS));
    assertEquals(java.net.http.WebSocketHandshakeException.class, refused.getCause().getClass());
    WebSocket own = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() { })
        .get(10, TimeUnit.SECONDS);
    own.abort();
  }

  @Test
  void aSocketMustAuthenticateFirst() throws Exception {
    int port = ChatproExtension.api(2).port();
    try (TestSocket socket = TestSocket.connect(port)) {
      socket.send(new JsonObject().put("type", "ping").put("id", "p"));
      assertEquals(4401, socket.closeCode(5));
    }
    try (TestSocket socket = TestSocket.connect(port)) {
      socket.send(new JsonObject().put("type", "auth").put("id", "a").put("token", "not.a.token"));
      assertEquals(4401, socket.closeCode(5));
    }
  }

  @Test
  void badFramesGetErrorsAndOnlyTheProtocolsCasesClose() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session kim = org.member("kim");
    try (TestSocket socket = TestSocket.authenticated(api.port(), kim.token())) {
      for (String bad : new String[] {"not json", "[1,2]", "{\"type\":7}", "{\"no\":\"type\"}"}) {
        socket.sendText(bad);
        JsonObject error = socket.next(f -> "error".equals(f.getString("type")), 5);
        assertEquals(false, error.containsKey("id"), bad);
        assertEquals("bad_request", error.getString("code"));
      }
      JsonObject unknown = socket.request(new JsonObject().put("type", "dance").put("id", "x"));
      assertEquals("error", unknown.getString("type"));
      JsonObject badSend = socket.request(new JsonObject().put("type", "send").put("id", "y")
          .put("chatId", java.util.UUID.randomUUID().toString()).put("kind", "text").put("text", "hi"));
      assertEquals("not_found", badSend.getString("code"), "a chat the sender is not in does not exist for them");
      assertEquals("ack", socket.request(new JsonObject().put("type", "ping").put("id", "p")).getString("type"),
          "errors leave the socket open");
    }
    try (TestSocket socket = TestSocket.authenticated(api.port(), kim.token())) {
      socket.sendBinary(new byte[] {1, 2, 3});
      assertEquals(1003, socket.closeCode(5));
    }
    try (TestSocket socket = TestSocket.authenticated(api.port(), kim.token())) {
      socket.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
      assertEquals(1009, socket.closeCode(5));
    }
  }

  @Test
  void anExpiredTokenGetsAWarningAndThirtySecondsToReauthenticate() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session sam = org.member("sam");
    JsonObject key = TestTokens.currentSigningKey();
    long now = Instant.now().getEpochSecond();
    String shortLived = TestTokens.es256(key, TestTokens.header(key),
        TestTokens.claimsOf(sam.token()).put("iat", now).put("exp", now + 2));
    try (TestSocket renewing = TestSocket.authenticated(api.port(), shortLived);
         TestSocket lapsing = TestSocket.authenticated(api.port(), shortLived)) {
      JsonObject warning = renewing.next(f -> "error".equals(f.getString("type")), 10);
      assertEquals("token_expired", warning.getString("code"));
      assertEquals("token_expired", lapsing.next(f -> "error".equals(f.getString("type")), 10).getString("code"));
      JsonObject renewed = renewing.request(new JsonObject().put("type", "auth").put("id", "again")
          .put("token", sam.token()));
      assertEquals("ack", renewed.getString("type"));

      assertEquals(4401, lapsing.closeCode(40), "closed 30 s after the warning");
      assertEquals("ack", renewing.request(new JsonObject().put("type", "ping").put("id", "still")).getString("type"));
    }
  }
}
