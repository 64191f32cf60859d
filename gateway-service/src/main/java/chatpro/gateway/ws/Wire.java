package chatpro.gateway.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/** Where a client socket's frames go: its connection's channel in the gateway, a recording in tests. */
interface Wire {
  /** Writes a text frame, or nothing once the socket is closed. */
  void write(WireFrame frame);

  /** Frames written and not yet taken by the network: what a reader that is slow lets pile up. */
  int unwritten();

  /**
   * The channel under a Vert.x WebSocket. Frames go onto it ready-made ({@link WireFrame}): past the WebSocket
   * encoder, which passes bytes on as they are, and past Vert.x's per-write future and queue, which cost more than
   * the write itself when one event goes to a thousand sockets. Every frame a ClientSocket writes goes this way, in
   * the order written; Vert.x's own control frames (pong, close) keep their path, and nothing is written once the
   * WebSocket is closed. No compression extension is negotiated (the gateway turns it off), so a frame as encoded
   * is a frame as sent. A failed write (the peer went) is not reported: the close that follows is.
   */
  static Wire of(ServerWebSocket ws) {
    ChannelHandlerContext ctx = ((WebSocketInternal) ws).channelHandlerContext();
    ChannelPromise unreported = new VoidChannelPromise(ctx.channel(), false);
    return new Wire() {
      @Override
      public void write(WireFrame frame) {
        if (!ws.isClosed()) {
          ctx.writeAndFlush(frame.retainedWire(ctx.alloc()), unreported);
        }
      }

      @Override
      public int unwritten() {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out == null ? 0 : out.size();
      }
    };
  }
}
