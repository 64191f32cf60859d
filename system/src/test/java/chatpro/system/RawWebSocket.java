package chatpro.system;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket spoken byte by byte over a plain socket, for what no well-behaved client sends: offered extensions,
 * reserved bits, invalid UTF-8, fragments past the size limit.
 */
final class RawWebSocket implements AutoCloseable {
  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CONTINUATION = 0;
  static final int CLOSE = 8;
  static final int RSV1 = 0x40;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final String handshake;
  private int closeCode;

  private RawWebSocket(int port, String extraHeaders) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n"
        + extraHeaders + "\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    handshake = readHead();
  }

  /** Upgrades with these extra header lines (each ending in CRLF). */
  static RawWebSocket open(int port, String extraHeaders) throws IOException {
    return new RawWebSocket(port, extraHeaders);
  }

  /** The status line and headers of the server's answer to the upgrade. */
  String handshake() {
    return handshake;
  }

  /** Writes one masked frame, as a client must. */
  void frame(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(head(fin, rsv, opcode, payload.length));
    f.write(mask);
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ mask[i % 4]);
    }
    out.write(f.toByteArray());
    out.flush();
  }

  /** Writes only a frame's header (and mask), announcing a payload that never comes. */
  void header(boolean fin, int rsv, int opcode, int length) throws IOException {
    out.write(head(fin, rsv, opcode, length));
    out.write(new byte[4]);
    out.flush();
  }

  private static byte[] head(boolean fin, int rsv, int opcode, int length) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | rsv | opcode);
    if (length < 126) {
      f.write(0x80 | length);
    } else if (length < 65_536) {
      f.write(0x80 | 126);
      f.write(length >>> 8);
      f.write(length & 0xff);
    } else {
      f.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        f.write((int) ((long) length >>> shift) & 0xff);
      }
    }
    return f.toByteArray();
  }

  void text(String text) throws IOException {
    frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** One frame from the server. */
  record Frame(boolean fin, int opcode, byte[] payload) {
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  /** The next frame; null when the connection ends (or nothing comes for 10 s). */
  Frame read() throws IOException {
    int first;
    try {
      first = in.read();
    } catch (SocketTimeoutException | java.net.SocketException e) {
      return null;
    }
    if (first < 0) {
      return null;
    }
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame((first & 0x80) != 0, first & 0x0f, payload);
  }

  /**
   * The next whole text message; null once the server closed (see {@link #closeCode()}): -1 when the connection
   * ended without a close frame.
   */
  String nextText() throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    try {
      for (Frame f = read(); f != null; f = read()) {
        if (f.opcode() == CLOSE) {
          closeCode = f.closeCode();
          return null;
        }
        if (f.opcode() == TEXT || f.opcode() == CONTINUATION) {
          message.write(f.payload());
          if (f.fin()) {
            return message.toString(StandardCharsets.UTF_8);
          }
        }
      }
    } catch (EOFException e) {
      // the connection ended mid-frame
    }
    closeCode = -1;
    return null;
  }

  /** The close code the server sent, reading (and dropping) what comes before it. */
  int closeCode() throws IOException {
    while (closeCode == 0) {
      nextText();
    }
    return closeCode;
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
