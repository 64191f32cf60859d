package chatpro.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The link on a channel of its own (Netty's embedded channel, the server's frame encoder in front of it): what it
 * answers itself (pong, the close handshake), what it hands to the socket's context, and what it writes.
 */
class WebSocketLinkTest {
  private final Vertx vertx = Vertx.vertx();
  private final ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final WebSocketLink link = new WebSocketLink(context);
  private final EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false), link);
  /** Decodes what the server wrote, as a client would. */
  private final EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));

  WebSocketLinkTest() {
    link.frames(new WebSocketLink.Frames() {
      @Override
      public void frame(WebSocketFrame frame) {
        assertTrue(Vertx.currentContext() == context, "frames arrive on the socket's context");
        heard.add(frame.content().toString(StandardCharsets.UTF_8));
      }

      @Override
      public void closed() {
        heard.add("closed");
      }
    });
  }

  @AfterEach
  void stop() {
    channel.finishAndReleaseAll();
    client.finishAndReleaseAll();
    vertx.close().await();
  }

  @Test
  void aPingIsAnsweredWithItsPayloadAndNotPassedOn() {
    channel.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8)));
    WebSocketFrame pong = written();
    assertInstanceOf(PongWebSocketFrame.class, pong);
    assertEquals("hi", pong.content().toString(StandardCharsets.UTF_8));
    pong.release();
    assertTrue(heard.isEmpty());
  }

  @Test
  void pingsAreNotAnsweredWhileTheClientLeavesWhatWasWrittenUnread() {
    // The channel past its write-buffer high-water mark, as when the client stops reading.
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
    for (int i = 0; i < 100; i++) {
      channel.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("ping", StandardCharsets.UTF_8)));
    }
    assertNull(channel.readOutbound(), "no pong piles up behind what the client has not read");
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
    channel.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("again", StandardCharsets.UTF_8)));
    WebSocketFrame pong = written();
    assertEquals("again", pong.content().toString(StandardCharsets.UTF_8), "reading again, the next ping is answered");
    pong.release();
    assertNull(channel.readOutbound());
  }

  @Test
  void textFramesReachTheSocketInOrderAndWireFramesGoOutAsTheyAre() throws Exception {
    channel.writeInbound(new TextWebSocketFrame("one"), new TextWebSocketFrame("two"));
    awaitHeard(2);
    assertEquals(List.of("one", "two"), heard);
    WireFrame frame = new WireFrame("{\"type\":\"event\"}");
    link.write(frame);
    frame.release();
    WebSocketFrame out = written();
    assertInstanceOf(TextWebSocketFrame.class, out);
    assertEquals("{\"type\":\"event\"}", ((TextWebSocketFrame) out).text());
    out.release();
  }

  @Test
  void aCloseFromTheClientIsEchoedAndEndsTheConnection() throws Exception {
    channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
    CloseWebSocketFrame echo = (CloseWebSocketFrame) written();
    assertEquals(1000, echo.statusCode());
    echo.release();
    channel.runPendingTasks();
    assertFalse(channel.isActive());
    awaitHeard(1);
    assertEquals(List.of("closed"), heard);
  }

  @Test
  void aCloseFromTheServerSendsItsCodeWritesNothingMoreAndEndsAtTheClientsEcho() throws Exception {
    link.close(4401, "not authenticated");
    assertTrue(link.closed());
    CloseWebSocketFrame close = (CloseWebSocketFrame) written();
    assertEquals(4401, close.statusCode());
    assertEquals("not authenticated", close.reasonText());
    close.release();
    WireFrame late = new WireFrame("late");
    link.write(late);
    late.release();
    channel.writeInbound(new TextWebSocketFrame("still talking"));
    assertNull(channel.readOutbound(), "nothing is written after the close");
    assertTrue(channel.isActive(), "open until the client's echo");
    channel.writeInbound(new CloseWebSocketFrame(4401, null));
    assertFalse(channel.isActive());
    awaitHeard(1);
    assertEquals(List.of("closed"), heard, "what came after the close is not read");
  }

  @Test
  void aClientThatNeverEchoesTheCloseIsCutOffAfterTheGrace() throws Exception {
    link.close(4408, "too slow to read");
    ((CloseWebSocketFrame) written()).release();
    channel.advanceTimeBy(WebSocketLink.CLOSING_MS - 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(channel.isActive());
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(channel.isActive());
  }

  @Test
  void aBrokenFrameEndsTheConnectionWithoutAnAnswer() throws Exception {
    channel.pipeline().fireExceptionCaught(new IllegalStateException("RSV1 set"));
    assertFalse(channel.isActive());
    assertNull(channel.readOutbound());
    awaitHeard(1);
    assertEquals(List.of("closed"), heard);
  }

  /** The next frame the server wrote, decoded as a client reads it. */
  private WebSocketFrame written() {
    ByteBuf bytes = channel.readOutbound();
    client.writeInbound(bytes);
    return client.readInbound();
  }

  private void awaitHeard(int count) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (heard.size() < count && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(count, heard.size(), "heard: " + heard);
  }
}
