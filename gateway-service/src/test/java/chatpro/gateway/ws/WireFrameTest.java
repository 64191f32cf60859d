package chatpro.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A frame encoded once is a well-formed WebSocket text frame as a client reads it (Netty's client-side decoder:
 * unmasked frames expected), at every length encoding and for any text, and its bytes are freed once the frame
 * and every socket's write have let go of them.
 */
class WireFrameTest {
  private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false, true);

  @Test
  void eachLengthEncodingDecodesToTheSameText() {
    // 7-bit lengths end at 125, 16-bit at 65,535; past that the 64-bit form
    for (int length : List.of(0, 1, 125, 126, 127, 1_000, 65_535, 65_536, 200_000)) {
      String text = "x".repeat(length);
      assertEquals(text, decoded(WireFrame.encode(ALLOC, text)), "a frame of " + length + " bytes");
    }
  }

  @Test
  void textIsUtf8WhateverItHolds() {
    String text = "{\"text\":\"Grüße, 你好, \uD83D\uDE00 and a lone \uD800 half\"}";
    ByteBuf wire = WireFrame.encode(ALLOC, text);
    int header = 2;
    assertEquals(text.getBytes(StandardCharsets.UTF_8).length, wire.readableBytes() - header,
        "the payload is the text's UTF-8 (a lone surrogate as '?', as Java encodes it)");
    assertEquals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), decoded(wire));
  }

  @Test
  void theSameBytesGoToEverySocketAndAreFreedWhenAllAreDone() {
    WireFrame frame = new WireFrame("{\"type\":\"event\"}");
    ByteBuf first = frame.retainedWire(ALLOC);
    ByteBuf second = frame.retainedWire(ALLOC);
    assertEquals(first.unwrap() == null ? first : first.unwrap(), second.unwrap() == null ? second : second.unwrap(),
        "both writes share one buffer");
    frame.release();
    assertTrue(first.refCnt() > 0, "a write not yet done keeps the bytes");
    assertEquals("{\"type\":\"event\"}", decoded(first));
    assertEquals("{\"type\":\"event\"}", decoded(second));
    assertEquals(0, first.refCnt(), "freed once every write let go");
  }

  @Test
  void aFrameNoSocketWroteHoldsNoBytes() {
    WireFrame frame = new WireFrame("never written");
    frame.release();
    assertEquals("never written", frame.text());
  }

  /** What a client reads from these bytes; the decoder releases them. */
  private static String decoded(ByteBuf wire) {
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
    assertTrue(client.writeInbound(wire) || wire.refCnt() == 0);
    TextWebSocketFrame frame = assertInstanceOf(TextWebSocketFrame.class, client.readInbound());
    try {
      assertTrue(frame.isFinalFragment());
      assertNull(client.readInbound(), "one frame, nothing after it");
      return frame.text();
    } finally {
      frame.release();
      client.finishAndReleaseAll();
    }
  }
}
