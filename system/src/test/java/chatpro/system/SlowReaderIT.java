package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A device that stops reading gets a bounded queue on the gateway and is disconnected with 4408 when it overflows;
 * the other devices of the chat keep getting everything. The slow device is a raw socket with a tiny receive buffer
 * that simply stops reading, as a stalled phone would.
 */
@ExtendWith(ChatproExtension.class)
class SlowReaderIT {
  static final int MESSAGES = 2000;

  @Test
  void aDeviceThatStopsReadingIsClosedWith4408AndOthersAreNotSlowed() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session sender = org.member("loud");
    Session reader = org.member("quiet");
    String chat = api.post("/api/v1/chats", sender.token(), TestApi.directChat(reader.userId())).json().getString("id");

    try (Socket stalled = new Socket();
         TestDevice healthy = TestDevice.connect(ChatproExtension.api(2).port(), reader.token());
         TestSocket out = TestSocket.authenticated(api.port(), sender.token())) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", api.port()), 5000);
      handshake(stalled);
      writeText(stalled.getOutputStream(), new JsonObject().put("type", "auth").put("id", "a")
          .put("token", reader.token()).encode());
      DataInputStream in = new DataInputStream(stalled.getInputStream());
      assertTrue(readFrame(in).text().contains("\"ack\""));
      // From here on the stalled device reads nothing.

      String text = "€".repeat(4000);
      for (int i = 0; i < MESSAGES; i++) {
        out.send(new JsonObject().put("type", "send").put("id", "m" + i).put("chatId", chat).put("kind", "text")
            .put("text", text));
      }
      for (int i = 0; i < MESSAGES; i++) {
        JsonObject answer = out.next(f -> "ack".equals(f.getString("type")) || "error".equals(f.getString("type")),
            60);
        assertEquals("ack", answer.getString("type"), "every send is stored: " + answer.encode());
      }
      assertEquals(MESSAGES, healthy.until(chat, MESSAGES, 60).size(), "the healthy device got everything");
      assertEquals(0, healthy.duplicates);

      // Reading again drains what the gateway had sent before it gave up; then the connection must be over: a close
      // frame with 4408, or the end of the stream when the close frame could not get past the unread data.
      stalled.setSoTimeout(30_000);
      int frames = 0;
      Integer closeCode = null;
      boolean ended = false;
      try {
        while (closeCode == null) {
          Frame f = readFrame(in);
          frames++;
          if (f.opcode() == 8) {
            closeCode = ((f.payload()[0] & 0xff) << 8) | (f.payload()[1] & 0xff);
          }
        }
      } catch (EOFException e) {
        ended = true;
      } catch (SocketTimeoutException e) {
        // still open: fails below
      }
      assertTrue(ended || Integer.valueOf(4408).equals(closeCode), "closed as too slow, got " + closeCode);
      assertTrue(frames < MESSAGES, "the gateway stopped sending before the end (" + frames + " frames)");
    }
  }

  private record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private static void handshake(Socket socket) throws IOException {
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("no upgrade answer");
      }
      head.write(b);
    }
    assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101"), head.toString());
  }

  private static void writeText(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  private static Frame readFrame(DataInputStream in) throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(first & 0x0f, payload);
  }
}
