package chatpro.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * A text frame and, once a socket writes it, its WebSocket wire form (RFC 6455 section 5.2: FIN, opcode 1, the
 * payload's length, no mask, as a server sends): encoded once, then written to every socket that gets it as a
 * duplicate of the same bytes. A 1,024-member group's message is one UTF-8 encode instead of 1,024, and no socket
 * copies it. The bytes are reference-counted: whoever made the frame {@link #release}s it when it has given it to its
 * sockets, and each socket's write releases its own duplicate once the network has taken it.
 */
public final class WireFrame {
  private static final int FIN_TEXT = 0x81;
  private static final int LENGTH_16 = 126;
  private static final int LENGTH_64 = 127;

  private final String text;
  private ByteBuf wire;

  public WireFrame(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** The wire bytes for one more socket's write, encoded on the first. */
  ByteBuf retainedWire(ByteBufAllocator alloc) {
    if (wire == null) {
      wire = encode(alloc, text);
    }
    return wire.retainedDuplicate();
  }

  /** Gives up this frame's own hold on its bytes; the sockets' writes keep theirs until they are done. */
  public void release() {
    if (wire != null) {
      wire.release();
      wire = null;
    }
  }

  /** A final, unmasked text frame carrying {@code text} in UTF-8. */
  static ByteBuf encode(ByteBufAllocator alloc, String text) {
    int length = ByteBufUtil.utf8Bytes(text);
    int header = length < LENGTH_16 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuf buf = alloc.buffer(header + length);
    buf.writeByte(FIN_TEXT);
    if (length < LENGTH_16) {
      buf.writeByte(length);
    } else if (length <= 0xFFFF) {
      buf.writeByte(LENGTH_16);
      buf.writeShort(length);
    } else {
      buf.writeByte(LENGTH_64);
      buf.writeLong(length);
    }
    ByteBufUtil.reserveAndWriteUtf8(buf, text, length);
    return buf;
  }
}
