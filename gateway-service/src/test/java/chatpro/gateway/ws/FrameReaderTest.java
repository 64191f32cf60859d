package chatpro.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  private final List<String> heard = new ArrayList<>();
  private final FrameReader reader = new FrameReader(10, new FrameReader.Listener() {
    @Override
    public void text(String text) {
      heard.add(text == null ? "not utf-8" : "text " + text);
    }

    @Override
    public void tooLarge() {
      heard.add("too large");
    }

    @Override
    public void binary() {
      heard.add("binary");
    }
  });

  @Test
  void fragmentsMakeOneMessageEvenWhenACharacterIsSplit() {
    byte[] e = "é".getBytes(StandardCharsets.UTF_8);
    reader.handle(WebSocketFrame.textFrame("a", false));
    reader.handle(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[] {e[0]}), false));
    reader.handle(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[] {e[1], 'b'}), true));
    reader.handle(WebSocketFrame.textFrame("next", true));
    assertEquals(List.of("text aéb", "text next"), heard);
  }

  @Test
  void invalidUtf8IsNotText() {
    reader.handle(WebSocketFrame.textFrame("a", false));
    reader.handle(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[] {(byte) 0xC3, 0x28}), true));
    reader.handle(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[] {(byte) 0xED, (byte) 0xA0,
        (byte) 0x80}), true));
    assertEquals(List.of("not utf-8"), heard, "a stray continuation after a whole message is nothing");
  }

  @Test
  void theLimitCountsUtf8BytesAcrossFragmentsAndEndsReading() {
    reader.handle(WebSocketFrame.textFrame("ééééé", true));
    reader.handle(WebSocketFrame.textFrame("12345", false));
    reader.handle(WebSocketFrame.continuationFrame(Buffer.buffer("678901"), false));
    reader.handle(WebSocketFrame.textFrame("ok", true));
    assertEquals(List.of("text ééééé", "too large"), heard, "10 bytes fit; 11 do not; then nothing more is read");
  }

  @Test
  void aBinaryFrameIsRefusedAtOnce() {
    reader.handle(WebSocketFrame.binaryFrame(Buffer.buffer("{}"), false));
    reader.handle(WebSocketFrame.continuationFrame(Buffer.buffer("x"), true));
    reader.handle(WebSocketFrame.textFrame("ok", true));
    assertEquals(List.of("binary"), heard);
  }
}
