package chatpro.system;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client of the protocol (the JDK's, so the test shares no code with the server). */
public final class TestSocket implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket ws;

  private TestSocket(int port) throws Exception {
    this.ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new Listener()).get(10, TimeUnit.SECONDS);
  }

  public static TestSocket connect(int port) throws Exception {
    return new TestSocket(port);
  }

  /** Connects and authenticates; fails unless the server acks. */
  public static TestSocket authenticated(int port, String token) throws Exception {
    TestSocket socket = connect(port);
    JsonObject ack = socket.request(new JsonObject().put("type", "auth").put("id", "auth-1").put("token", token));
    if (!"ack".equals(ack.getString("type"))) {
      throw new AssertionError("auth refused: " + ack);
    }
    return socket;
  }

  public void send(JsonObject frame) {
    ws.sendText(frame.encode(), true).join();
  }

  /** Sends any text, valid protocol or not. */
  public void sendText(String text) {
    ws.sendText(text, true).join();
  }

  public void sendBinary(byte[] bytes) {
    ws.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
  }

  /** Sends a frame with an id and waits for the answer with that id. */
  public JsonObject request(JsonObject frame) throws Exception {
    send(frame);
    String id = frame.getString("id");
    return next(f -> id.equals(f.getString("id")), 10);
  }

  /** The next frame matching, waiting at most the given seconds; frames before it are dropped. */
  public JsonObject next(Predicate<JsonObject> matching, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject f = frames.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (f == null) {
        throw new AssertionError("no matching frame within " + seconds + " s"
            + (!closed.isDone() ? "" : closed.isCompletedExceptionally() ? "; the socket failed"
                : "; the server closed the socket with " + closed.getNow(null)));
      }
      if (matching.test(f)) {
        return f;
      }
    }
  }

  /** The next frame, or null if none comes within the time. */
  /**
   * Nothing of the chats reaches this socket within this time: no event, receipt or typing frame. Presence frames
   * (the person's own status among them) may still come.
   */
  public void assertNoChatFrames(long millis, String why) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    for (long left = millis; left > 0; left = end - System.currentTimeMillis()) {
      JsonObject f = poll(left);
      if (f == null) {
        return;
      }
      if (!"presence".equals(f.getString("type"))) {
        throw new AssertionError(why + ": " + f.encode());
      }
    }
  }

  public JsonObject poll(long millis) throws InterruptedException {
    return frames.poll(millis, TimeUnit.MILLISECONDS);
  }

  public static Predicate<JsonObject> event() {
    return f -> "event".equals(f.getString("type"));
  }

  /** The close code the server sent, waiting at most the given seconds. */
  public int closeCode(int seconds) throws Exception {
    return closed.get(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    ws.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
