package chatpro.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The WebSocket upgrade (RFC 6455 section 4.2), done on the request's own Netty channel: the request is checked, the
 * 101 answer written, and the channel's HTTP handlers replaced by a frame encoder, a frame decoder and a
 * {@link WebSocketLink}. Vert.x's HTTP connection object is dropped with its handler, so an open socket costs the
 * channel and what ChatPro keeps, not Vert.x's per-connection queues.
 *
 * <p>No extension and no subprotocol is ever agreed: a frame with a reserved bit set (a compressed frame) breaks the
 * protocol and ends the connection, so no frame can inflate. Unmasked client frames do too, and a frame whose header
 * announces more than the decoder's limit is refused by its header alone.
 */
public final class WebSocketUpgrade {
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private WebSocketUpgrade() {}

  /** Whether a request asks to become a WebSocket (an {@code Upgrade: websocket} header). */
  public static boolean asked(HttpServerRequest req) {
    return req.headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true);
  }

  /**
   * Upgrades the request's connection, or answers it with the status the handshake's fault calls for (400, 405, or
   * 426 naming the version this server speaks) and returns null. Runs on the request's event loop.
   */
  public static WebSocketLink accept(HttpServerRequest req, int maxFrameBytes) {
    String key = req.getHeader("Sec-WebSocket-Key");
    String connection = req.getHeader(HttpHeaders.CONNECTION);
    if (req.method() != HttpMethod.GET) {
      req.response().setStatusCode(405).end();
      return null;
    }
    if (!"13".equals(req.getHeader("Sec-WebSocket-Version"))) {
      req.response().setStatusCode(426).putHeader("Sec-WebSocket-Version", "13").end();
      return null;
    }
    if (req.version() != HttpVersion.HTTP_1_1 || connection == null
        || !connection.toLowerCase(Locale.ROOT).contains("upgrade") || !wellFormedKey(key)) {
      req.response().setStatusCode(400).end("Bad Request");
      return null;
    }
    WebSocketLink link = new WebSocketLink(ContextInternal.current());
    ChannelPipeline pipeline = ((ConnectionBase) req.connection()).channelHandlerContext().pipeline();
    removeAll(pipeline, HttpResponseEncoder.class);
    removeAll(pipeline, HttpContentCompressor.class);
    removeAll(pipeline, HttpContentDecompressor.class);
    removeAll(pipeline, ChunkedWriteHandler.class);
    pipeline.replace(HttpRequestDecoder.class, "wsdecoder", new WebSocket13FrameDecoder(decoderConfig(maxFrameBytes)));
    pipeline.addBefore("wsdecoder", "wsencoder", new WebSocket13FrameEncoder(false));
    pipeline.replace("handler", "websocket", link);
    pipeline.context(link).writeAndFlush(switching(pipeline.channel().alloc(), key));
    return link;
  }

  /** What the gateway reads: frames up to its limit, masked as RFC 6455 requires, no extensions, UTF-8 unchecked. */
  static WebSocketDecoderConfig decoderConfig(int maxFrameBytes) {
    return WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxFrameBytes)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        .allowExtensions(false)
        // A broken frame ends the connection without a close frame (the link closes it on the decoder's error).
        .closeOnProtocolViolation(false)
        // The socket's FrameReader checks UTF-8 per message, so a bad one gets a protocol answer, not a close.
        .withUTF8Validator(false)
        .build();
  }

  /** A key is the base64 of 16 bytes (RFC 6455 section 4.1). */
  static boolean wellFormedKey(String key) {
    if (key == null) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key.trim()).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code Sec-WebSocket-Accept}: the base64 of the SHA-1 of the key and the protocol's GUID. */
  static String acceptValue(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  private static ByteBuf switching(io.netty.buffer.ByteBufAllocator alloc, String key) {
    String head = "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n"
        + "sec-websocket-accept: " + acceptValue(key) + "\r\n\r\n";
    return ByteBufUtil.writeAscii(alloc, head);
  }

  private static void removeAll(ChannelPipeline pipeline, Class<? extends ChannelHandler> type) {
    while (pipeline.get(type) != null) {
      pipeline.remove(type);
    }
  }
}
