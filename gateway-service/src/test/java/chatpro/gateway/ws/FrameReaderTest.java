package chatpro.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
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
    reader.frame(new TextWebSocketFrame(false, 0, "a"));
    reader.frame(new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {e[0]})));
    reader.frame(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {e[1], 'b'})));
    reader.frame(new TextWebSocketFrame(true, 0, "next"));
    assertEquals(List.of("text aéb", "text next"), heard);
  }

  @Test
  void invalidUtf8IsNotText() {
    reader.frame(new TextWebSocketFrame(false, 0, "a"));
    reader.frame(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {(byte) 0xC3, 0x28})));
    reader.frame(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {(byte) 0xED, (byte) 0xA0,
        (byte) 0x80})));
    assertEquals(List.of("not utf-8"), heard, "a stray continuation after a whole message is nothing");
  }

  @Test
  void theLimitCountsUtf8BytesAcrossFragmentsAndEndsReading() {
    reader.frame(new TextWebSocketFrame(true, 0, "ééééé"));
    reader.frame(new TextWebSocketFrame(false, 0, "12345"));
    reader.frame(new ContinuationWebSocketFrame(false, 0, "678901"));
    reader.frame(new TextWebSocketFrame(true, 0, "ok"));
    assertEquals(List.of("text ééééé", "too large"), heard, "10 bytes fit; 11 do not; then nothing more is read");
  }

  @Test
  void aBinaryFrameIsRefusedAtOnce() {
    reader.frame(new BinaryWebSocketFrame(false, 0, Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8)));
    reader.frame(new ContinuationWebSocketFrame(true, 0, "x"));
    reader.frame(new TextWebSocketFrame(true, 0, "ok"));
    assertEquals(List.of("binary"), heard);
  }
}
