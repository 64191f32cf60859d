package chatpro.media.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Answers a GET from a channel (decrypted media, or a stored file as it is): the whole of it or the one range asked,
 * read on worker threads a chunk at a time (the next one while the last is written) and written with back-pressure,
 * so an object is never whole in memory.
 * The first chunk is read (and, for media, authenticated) before the head is written: a changed object answers an
 * error, not a 200 that breaks off. A chunk that fails later can only cut the stream off.
 */
final class ChannelStream {
  static final int CHUNK = 256 * 1024;
  /** A channel that keeps answering no bytes is broken, not slow. */
  private static final int MAX_EMPTY_READS = 3;

  private final Vertx vertx;

  ChannelStream(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Streams the channel as the answer and closes it however that ends.
   *
   * @param knownSize the size the media record states, or null to learn it from the channel; a channel of another
   *     size is refused before anything is sent
   */
  Future<Void> serve(HttpServerRequest request, SeekableByteChannel channel, Long knownSize) {
    return (knownSize != null ? Future.succeededFuture(knownSize) : sizeOf(channel))
        .compose(size -> answer(request, channel, size))
        .eventually(() -> close(channel));
  }

  private Future<Void> answer(HttpServerRequest request, SeekableByteChannel channel, long size) {
    ByteRange range = ByteRange.of(request.getHeader("Range"), size);
    HttpServerResponse response = request.response();
    if (!range.satisfiable()) {
      return response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size).end();
    }
    return read(channel, range.start(), (int) Math.min(CHUNK, range.length()))
        .compose(first -> sameSize(channel, size).map(first))
        .compose(first -> {
          response.setStatusCode(range.partial() ? 206 : 200)
              .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(range.length()))
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
          if (range.partial()) {
            response.putHeader(HttpHeaders.CONTENT_RANGE, range.contentRange(size));
          }
          return send(response, channel, first, range.length() - first.length());
        });
  }

  /**
   * The channel's size. A decrypting channel knows it only once it has read (Tink picks the key by reading the
   * header and the first segment): it reads one byte first.
   */
  private Future<Long> sizeOf(SeekableByteChannel channel) {
    return vertx.executeBlocking(() -> {
      channel.position(0);
      if (channel.read(ByteBuffer.allocate(1)) < 0) {
        throw new IOException("the object is empty");
      }
      return channel.size();
    }, false);
  }

  /** Once read from, a channel's size must be what the record says: else the stored object was changed. */
  private static Future<Void> sameSize(SeekableByteChannel channel, long size) {
    try {
      return channel.size() == size ? Future.succeededFuture()
          : Future.failedFuture(new IOException("the stored object's size is not the media's"));
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Writes one chunk while the next is read (and decrypted) on a worker; goes on once the socket has taken the
   * chunk and the next one is there. A failure waits for the read under way, so the channel is never closed under it.
   * One promise for the whole stream, each step started from the last one's callback: a chain of futures one link
   * per chunk would complete through thousands of nested calls for a large export file.
   */
  private Future<Void> send(HttpServerResponse response, SeekableByteChannel channel, Buffer first, long remaining) {
    Promise<Void> sent = Promise.promise();
    step(response, channel, first, remaining, sent);
    return sent.future();
  }

  private void step(HttpServerResponse response, SeekableByteChannel channel, Buffer chunk, long remaining,
                    Promise<Void> sent) {
    if (response.closed()) {
      sent.tryFail(new IOException("the reader went away"));
      return;
    }
    if (remaining == 0) {
      response.end(chunk).onComplete(sent);
      return;
    }
    Future<Buffer> next = read(channel, -1, (int) Math.min(CHUNK, remaining));
    response.write(chunk);
    Future<Void> drained = drained(response);
    Future.join(drained, next).onComplete(both -> {
      if (drained.failed()) {
        sent.tryFail(drained.cause());
      } else if (next.failed()) {
        sent.tryFail(next.cause());
      } else {
        step(response, channel, next.result(), remaining - next.result().length(), sent);
      }
    });
  }

  private static Future<Void> drained(HttpServerResponse response) {
    if (!response.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    response.drainHandler(v -> drained.tryComplete());
    response.closeHandler(v -> drained.tryFail(new IOException("the reader went away")));
    return drained.future();
  }

  /** Exactly {@code length} bytes from {@code position} (or from where the channel is, when negative). */
  private Future<Buffer> read(SeekableByteChannel channel, long position, int length) {
    return vertx.executeBlocking(() -> {
      if (position >= 0) {
        channel.position(position);
      }
      ByteBuffer bytes = ByteBuffer.allocate(length);
      int empty = 0;
      while (bytes.hasRemaining()) {
        int n = channel.read(bytes);
        if (n < 0) {
          throw new IOException("the object ended before its size");
        }
        empty = n == 0 ? empty + 1 : 0;
        if (empty > MAX_EMPTY_READS) {
          throw new IOException("the object's channel gives no bytes");
        }
      }
      return Buffer.buffer(bytes.array());
    }, false);
  }

  private Future<Void> close(SeekableByteChannel channel) {
    return vertx.executeBlocking(() -> {
      channel.close();
      return null;
    }, false).<Void>mapEmpty().otherwiseEmpty();
  }
}
