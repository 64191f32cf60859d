package chatpro.gateway.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client WebSocket as the last handler of its Netty channel, which {@link WebSocketUpgrade} took over from
 * Vert.x's HTTP connection. It keeps nothing per connection beyond the channel: Vert.x's own WebSocket holds two
 * message queues per connection (about 9.6 KB of an idle one's 15.8 KB of heap), which a socket whose frames are
 * written ready-made ({@link WireFrame}) and read one by one has no use for.
 *
 * <p>Data frames go to the socket's {@link Frames} on the gateway loop's Vert.x context (the channel's event loop is
 * that context's), in order; a ping is answered with a pong; a close from the client is echoed and the connection
 * ends. A close from the server waits up to {@link #CLOSING_MS} for the client's echo (so the close frame is read
 * before the connection goes), then ends the connection anyway. A frame that breaks RFC 6455 (the decoder's
 * exception) ends the connection at once, without a close frame.
 */
public final class WebSocketLink extends ChannelInboundHandlerAdapter implements Wire {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketLink.class);
  static final long CLOSING_MS = 2_000;

  /** What the socket does with what arrives. */
  interface Frames {
    /** A text, binary or continuation frame; the link releases it afterwards. */
    void frame(WebSocketFrame frame);

    /** The connection ended, whoever ended it; called once. */
    void closed();
  }

  private final ContextInternal context;
  private ChannelHandlerContext ctx;
  private ChannelPromise unreported;
  private Frames frames;
  private boolean closing;
  private boolean ended;

  WebSocketLink(ContextInternal context) {
    this.context = context;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext added) {
    this.ctx = added;
    this.unreported = new VoidChannelPromise(added.channel(), false);
  }

  void frames(Frames frames) {
    this.frames = frames;
  }

  @Override
  public void write(WireFrame frame) {
    if (!closing && !ended) {
      ctx.writeAndFlush(frame.retainedWire(ctx.alloc()), unreported);
    }
  }

  @Override
  public int unwritten() {
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    return out == null ? 0 : out.size();
  }

  @Override
  public void close(int code, String reason) {
    if (closing || ended) {
      return;
    }
    closing = true;
    ctx.writeAndFlush(new CloseWebSocketFrame(code, reason), unreported);
    ctx.executor().schedule(() -> ctx.channel().close(), CLOSING_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean closed() {
    return closing || ended;
  }

  @Override
  public void channelRead(ChannelHandlerContext handler, Object msg) {
    try {
      if (!(msg instanceof WebSocketFrame frame)) {
        return; // what is left of the upgrade request (its empty last content)
      }
      if (frame instanceof CloseWebSocketFrame close) {
        onClose(close);
      } else if (closing) {
        return; // waiting for the client's close: what it still sends is not read
      } else if (frame instanceof PingWebSocketFrame) {
        pong(frame);
      } else if (!(frame instanceof PongWebSocketFrame)) {
        deliver(frame);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /**
   * Answers a ping, unless the client has not read what was written already: pongs bypass the socket's queue bound,
   * so a client that pings and never reads would otherwise grow the outbound buffer without end. RFC 6455 lets a
   * pong answer only the latest ping; the next ping once the client reads again is answered.
   */
  private void pong(WebSocketFrame ping) {
    if (ctx.channel().isWritable()) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), unreported);
    }
  }

  /** Hands a data frame to the socket on its context; one that must cross threads is kept until it is handled. */
  private void deliver(WebSocketFrame frame) {
    if (context.inThread()) {
      handle(frame);
      return;
    }
    frame.retain();
    context.execute(() -> {
      try {
        handle(frame);
      } finally {
        frame.release();
      }
    });
  }

  private void handle(WebSocketFrame frame) {
    if (frames != null && !closing) {
      context.dispatch(frame, frames::frame);
    }
  }

  /** The client's close: the echo of our own ends the connection; else it is answered with its code, then ends. */
  private void onClose(CloseWebSocketFrame close) {
    if (closing) {
      ctx.channel().close();
      return;
    }
    closing = true;
    int code = close.statusCode();
    CloseWebSocketFrame echo = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, null);
    ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext handler) {
    ended = true;
    if (frames != null) {
      Frames listener = frames;
      frames = null;
      context.emit(v -> listener.closed());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext handler, Throwable cause) {
    LOG.debug("socket error: {}", cause.toString());
    ctx.channel().close();
  }
}
