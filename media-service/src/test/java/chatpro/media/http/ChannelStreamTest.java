package chatpro.media.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A channel streamed as an HTTP answer: whole or one range, however many chunks it takes. */
class ChannelStreamTest {
  /** 256 MiB: a thousand chunks, as a large export file takes; nothing of it is held in memory. */
  private static final long SIZE = 256L * 1024 * 1024;
  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void server() throws Exception {
    vertx = Vertx.vertx();
    ChannelStream stream = new ChannelStream(vertx);
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> stream.serve(request, new Pattern(SIZE), null)
            .onFailure(e -> request.response().reset()))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aLargeChannelStreamsWholeAndByRange() throws Exception {
    assertEquals(SIZE, get(null, 200));
    long start = 100L * 1024 * 1024 + 17;
    assertEquals(1000, get("bytes=" + start + "-" + (start + 999), 206));
    assertEquals(0, get("bytes=" + SIZE + "-", 416));
  }

  /** Fetches and checks every byte against the pattern; answers how many came. */
  private static long get(String range, int status) throws Exception {
    HttpClient client = vertx.createHttpClient();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI("/");
    if (range != null) {
      options.putHeader("Range", range);
    }
    long from = range == null || status != 206 ? 0 : Long.parseLong(range.substring(6, range.indexOf('-')));
    AtomicLong seen = new AtomicLong();
    AtomicLong wrong = new AtomicLong();
    HttpClientResponse response = client.request(options).compose(r -> r.send().map(HttpClientResponse::pause))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(status, response.statusCode());
    response.handler(chunk -> {
      for (int i = 0; i < chunk.length(); i++) {
        if (chunk.getByte(i) != Pattern.at(from + seen.get() + i)) {
          wrong.incrementAndGet();
        }
      }
      seen.addAndGet(chunk.length());
    });
    response.resume();
    response.end().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    client.close();
    assertEquals(0, wrong.get(), "every byte where it belongs");
    return seen.get();
  }

  /** A read-only channel whose byte at position p is {@code p % 251}. */
  private static final class Pattern implements SeekableByteChannel {
    private final long size;
    private long position;

    Pattern(long size) {
      this.size = size;
    }

    static byte at(long position) {
      return (byte) (position % 251);
    }

    @Override
    public int read(ByteBuffer dst) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), size - position);
      for (int i = 0; i < n; i++) {
        dst.put(at(position++));
      }
      return n;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
      position = newPosition;
      return this;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {
    }
  }
}
