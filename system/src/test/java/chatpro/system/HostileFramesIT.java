package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.HostileFrameCases.Case;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile WebSocket frames, before and after auth: each case names the exact answer it must get (errors with their
 * code and id, acks, silence, or a close with its code), nothing of another organisation ever reaches the socket,
 * and the server is still healthy afterwards. Each case runs on a socket of its own, spoken byte by byte.
 */
@ExtendWith(ChatproExtension.class)
class HostileFramesIT {
  private static final long GRACE_MILLIS = 300;
  private static TestApi api;
  private static HostileFrameCases.Fixture fixture;

  @BeforeAll
  static void setUp() throws Exception {
    api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ann = org.member("ann");
    Session bob = org.member("bob");
    String chat = api.post("/api/v1/chats", ann.token(), TestApi.directChat(bob.userId())).json().getString("id");
    String bobsMessage = send(bob, chat, "from bob").getString("messageId");
    String annsMessage = send(ann, chat, "from ann").getString("messageId");
    Org other = api.newOrg();
    Session cat = other.member("cat");
    Session dan = other.member("dan");
    String otherChat = api.post("/api/v1/chats", cat.token(), TestApi.directChat(dan.userId())).json()
        .getString("id");
    String otherMessage = send(cat, otherChat, "secret of another org").getString("messageId");
    fixture = new HostileFrameCases.Fixture(ann, bob, chat, annsMessage, bobsMessage, otherChat, otherMessage);
  }

  /** The cases in order, then the server's health: dynamic tests of one factory run one after another. */
  @TestFactory
  Stream<DynamicTest> everyHostileFrameGetsItsAnswerAndTheServerStillServes() {
    List<Case> cases = HostileFrameCases.all(fixture);
    assertTrue(cases.size() >= 40, "at least 40 cases: " + cases.size());
    return Stream.concat(cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c))),
        Stream.of(DynamicTest.dynamicTest("afterwards: /health is UP and a send is acked and delivered",
            HostileFramesIT::assertHealthy)));
  }

  /**
   * No compression is negotiated, whatever is offered; a frame with RSV1 set (what a compressed frame looks like)
   * then breaks RFC 6455 and ends the connection at once, unanswered: its payload, a deflated auth or ping that
   * would be answered if it were inflated, is never inflated. Vert.x ends such a connection without a close frame.
   */
  @Test
  void webSocketCompressionIsNeverNegotiatedAndACompressedFrameEndsTheConnection() throws Exception {
    String auth = new JsonObject().put("type", "auth").put("id", "zipped").put("token", fixture.ann().token())
        .encode();
    for (String offer : List.of("permessage-deflate; client_max_window_bits", "x-webkit-deflate-frame",
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover", "deflate-frame")) {
      try (RawWebSocket raw = RawWebSocket.open(api.port(), "Sec-WebSocket-Extensions: " + offer + "\r\n")) {
        String head = raw.handshake();
        assertTrue(head.startsWith("HTTP/1.1 101"), head);
        assertFalse(head.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"), offer + ": " + head);
        assertEndsUnanswered(raw, deflated(auth.getBytes(StandardCharsets.UTF_8)), offer);
      }
    }
    try (RawWebSocket raw = HostileFrameCases.signedIn(api.port(), fixture.ann().token())) {
      assertEndsUnanswered(raw, deflated(ping("zipped").getBytes(StandardCharsets.UTF_8)), "after auth");
    }
    try (RawWebSocket raw = RawWebSocket.open(api.port(), "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
      // A bomb like the issue's: ~64 KiB on the wire that would inflate to 64 MiB.
      assertEndsUnanswered(raw, deflated(new byte[64 * 1024 * 1024]), "a bomb");
    }
    assertHealthy();
  }

  private static void assertEndsUnanswered(RawWebSocket raw, byte[] payload, String what) throws Exception {
    long start = System.nanoTime();
    raw.frame(true, RawWebSocket.RSV1, RawWebSocket.TEXT, payload);
    String answer = raw.nextText();
    assertEquals(null, answer, what + ": no answer to a compressed frame");
    assertEquals(-1, raw.closeCode(), what + ": the connection ends (a protocol error)");
    assertTrue(System.nanoTime() - start < 5_000_000_000L, what + ": at once");
  }

  private void run(Case c) throws Exception {
    try (RawWebSocket raw = c.beforeAuth() ? RawWebSocket.open(api.port(), "")
        : HostileFrameCases.signedIn(api.port(), fixture.ann().token())) {
      long start = System.nanoTime();
      c.send().to(raw);
      if (c.closes() != 0) {
        List<JsonObject> before = new ArrayList<>();
        for (String text = raw.nextText(); text != null; text = raw.nextText()) {
          before.add(new JsonObject(text));
        }
        assertEquals(c.closes(), raw.closeCode(), c.name() + "; frames before the close: " + before);
        assertEquals(c.answers(), before.stream().filter(HostileFramesIT::isAnswer).map(HostileFramesIT::answer)
            .toList(), c.name() + ": the answers before the close");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, c.name() + ": closed at once, not by a timeout (" + millis + " ms)");
        before.forEach(f -> assertNothingOfTheOtherOrg(c, f.encode()));
        return;
      }
      // Answers may come in any order (a ping needs no service): read until the probe's ack and as many answers as
      // the case expects, then wait a little and probe again, so that an answer too many is seen too.
      List<String> answers = new ArrayList<>();
      raw.text(ping("probe"));
      readAnswers(c, raw, "probe", answers, c.answers().size());
      Thread.sleep(GRACE_MILLIS);
      raw.text(ping("probe-2"));
      readAnswers(c, raw, "probe-2", answers, 0);
      assertEquals(c.answers(), answers, c.name());
    }
  }

  /** Reads until the probe is acked and at least {@code expected} answers are in, checking each frame. */
  private static void readAnswers(Case c, RawWebSocket raw, String probe, List<String> answers, int expected)
      throws Exception {
    boolean probed = false;
    while (!probed || answers.size() < expected) {
      String text = raw.nextText();
      if (text == null) {
        throw new AssertionError(c.name() + ": the socket closed with " + raw.closeCode() + " after " + answers);
      }
      assertNothingOfTheOtherOrg(c, text);
      JsonObject frame = new JsonObject(text);
      if (probe.equals(frame.getValue("id"))) {
        assertEquals("ack", frame.getString("type"), c.name() + ": the socket still answers");
        probed = true;
      } else if (isAnswer(frame)) {
        assertErrorShape(c, frame);
        answers.add(answer(frame));
      }
    }
  }

  private static String ping(String id) {
    return new JsonObject().put("type", "ping").put("id", id).encode();
  }

  /** Acks and errors; events, receipts and presence frames are the socket's normal traffic. */
  private static boolean isAnswer(JsonObject frame) {
    return "ack".equals(frame.getValue("type")) || "error".equals(frame.getValue("type"));
  }

  /** An answer in the cases' notation: {@code ack:<id>} or {@code error:<code>:<id or ->}. */
  private static String answer(JsonObject frame) {
    String id = frame.containsKey("id") ? String.valueOf(frame.getValue("id")) : "-";
    return "ack".equals(frame.getString("type")) ? "ack:" + id : "error:" + frame.getValue("code") + ":" + id;
  }

  private static void assertErrorShape(Case c, JsonObject frame) {
    if ("error".equals(frame.getString("type"))) {
      assertTrue(frame.getValue("code") instanceof String, c.name() + ": " + frame);
      assertTrue(frame.getValue("message") instanceof String message && !message.contains("Exception")
          && !message.contains("\tat "), c.name() + ": a message, no stack trace: " + frame);
    }
  }

  private static void assertNothingOfTheOtherOrg(Case c, String text) {
    assertFalse(text.contains(fixture.otherChat()) || text.contains(fixture.otherMessage())
        || text.contains("secret of another org"), c.name() + ": another org's data reached the socket: " + text);
  }

  /** /health is UP, and a normal send is still acked and reaches the other member's socket on the other node. */
  private static void assertHealthy() throws Exception {
    TestApi.Answer health = api.get("/health", null);
    assertEquals(200, health.status(), health.body());
    assertEquals("UP", health.json().getString("status"));
    try (TestSocket ann = TestSocket.authenticated(api.port(), fixture.ann().token());
         TestSocket bob = TestSocket.authenticated(ChatproExtension.api(2).port(), fixture.bob().token())) {
      String text = "still here " + UUID.randomUUID();
      JsonObject ack = ann.request(new JsonObject().put("type", "send").put("id", UUID.randomUUID().toString())
          .put("chatId", fixture.chat()).put("kind", "text").put("text", text));
      assertEquals("ack", ack.getString("type"), ack.encode());
      JsonObject event = bob.next(f -> "event".equals(f.getString("type"))
          && text.equals(f.getJsonObject("event").getString("text")), 10).getJsonObject("event");
      assertEquals(ack.getLong("seq"), event.getLong("seq"));
    }
  }

  private static JsonObject send(Session from, String chat, String text) throws Exception {
    TestApi.Answer sent = api.post("/api/v1/chats/" + chat + "/messages", from.token(), new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", text));
    assertEquals(201, sent.status(), sent.body());
    return sent.json();
  }

  private static byte[] deflated(byte[] input) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(input);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }
}
