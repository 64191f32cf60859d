package chatpro.gateway.ws;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Puts one socket's text messages together from their frames, in place of Vert.x's own aggregation, which decodes
 * invalid UTF-8 into replacement characters and, past its size limit, drops a fragmented message without closing.
 * A message counts its UTF-8 bytes as they arrive, so an oversize one is refused at the frame that crosses the limit.
 */
final class FrameReader implements Handler<WebSocketFrame> {
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

  @Override
  public void handle(WebSocketFrame frame) {
    if (refused || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
      return;
    }
    if (frame.isBinary()) {
      refused = true;
      listener.binary();
      return;
    }
    Buffer data = frame.binaryData();
    if (frame.isText()) {
      partial = data.copy();
    } else if (partial != null) {
      partial.appendBuffer(data);
    } else {
      return; // what is left of a message already refused
    }
    if (partial.length() > maxBytes) {
      partial = null;
      refused = true;
      listener.tooLarge();
    } else if (frame.isFinal()) {
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
