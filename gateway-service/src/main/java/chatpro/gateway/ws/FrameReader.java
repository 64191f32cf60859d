package chatpro.gateway.ws;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Puts one socket's text messages together from their frames: a message counts its UTF-8 bytes as they arrive, so an
 * oversize one is refused at the frame that crosses the limit, and one that is not valid UTF-8 is told apart (not
 * decoded into replacement characters). The frames are the link's, which releases them after {@link #frame}.
 */
final class FrameReader {
  /** What the socket does with each message. */
  interface Listener {
    /** A whole text message; {@code text} is null when its bytes are not valid UTF-8. */
    void text(String text);

    /** A text message grew past the limit. */
    void tooLarge();

    /** A binary frame arrived. */
    void binary();
  }

  private final int maxBytes;
  private final Listener listener;
  private Buffer partial;
  private boolean refused;

  FrameReader(int maxBytes, Listener listener) {
    this.maxBytes = maxBytes;
    this.listener = listener;
  }

  /** Takes a text, binary or continuation frame (anything else is ignored). */
  void frame(WebSocketFrame frame) {
    if (refused) {
      return;
    }
    if (frame instanceof BinaryWebSocketFrame) {
      refused = true;
      listener.binary();
      return;
    }
    if (frame instanceof TextWebSocketFrame) {
      partial = Buffer.buffer(ByteBufUtil.getBytes(frame.content()));
    } else if (frame instanceof ContinuationWebSocketFrame && partial != null) {
      partial.appendBytes(ByteBufUtil.getBytes(frame.content()));
    } else {
      return; // what is left of a message already refused, or a stray continuation
    }
    if (partial.length() > maxBytes) {
      partial = null;
      refused = true;
      listener.tooLarge();
    } else if (frame.isFinalFragment()) {
      byte[] bytes = partial.getBytes();
      partial = null;
      listener.text(decode(bytes));
    }
  }

  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
