package chatpro.media.store;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Map;

/**
 * A stored object read as a seekable channel, without holding it in memory: reads in order come from one ranged GET
 * that stays open; a read elsewhere (a seek) ends it and opens another from there. Small reads where no GET is open
 * (the cipher's header) fetch just their bytes, so a seek past them does not waste a GET of the whole object.
 *
 * <p>Blocking, and not for two threads at once: use it from one worker step at a time.
 */
public final class StoredObjectChannel implements SeekableByteChannel {
  /** Reads shorter than this, with no GET open where they start, fetch only what they ask for. */
  static final int SMALL_READ = 4096;

  private final MinioClient client;
  private final String bucket;
  private final String key;
  private final long size;
  private final Map<String, String> metadata;
  private long position;
  private InputStream open;
  /** Where the open GET reads next. */
  private long openAt;
  private boolean closed;
  /** Whether a read failed here (the store), as opposed to in what reads from this channel (a cipher). */
  private boolean failed;

  StoredObjectChannel(MinioClient client, String bucket, String key, ObjectStore.StoredObject stat) {
    this.client = client;
    this.bucket = bucket;
    this.key = key;
    this.size = stat.size();
    this.metadata = stat.metadata();
  }

  /** The object's user metadata, as it was when the channel opened. */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    try {
      return readFromStore(dst);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /** True once a read of the store failed (it did not answer, or the object ended early). */
  public boolean failed() {
    return failed;
  }

  private int readFromStore(ByteBuffer dst) throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    if (position >= size) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (open == null || openAt != position) {
      endGet();
      long wanted = Math.min(dst.remaining(), size - position);
      if (wanted < SMALL_READ) {
        try (InputStream small = get(position, wanted)) {
          return copy(small, dst, wanted);
        }
      }
      open = get(position, size - position);
      openAt = position;
    }
    int read = copy(open, dst, dst.remaining());
    openAt += Math.max(read, 0);
    return read;
  }

  /** Fills {@code dst} with up to {@code wanted} bytes of the stream, as far as it goes; -1 when it had none. */
  private int copy(InputStream in, ByteBuffer dst, long wanted) throws IOException {
    byte[] chunk = dst.hasArray() ? null : new byte[(int) Math.min(wanted, 64 * 1024)];
    int total = 0;
    while (total < wanted) {
      int ask = (int) Math.min(wanted - total, chunk == null ? dst.remaining() : chunk.length);
      int n = chunk == null ? in.read(dst.array(), dst.arrayOffset() + dst.position(), ask) : in.read(chunk, 0, ask);
      if (n < 0) {
        break;
      }
      if (chunk == null) {
        dst.position(dst.position() + n);
      } else {
        dst.put(chunk, 0, n);
      }
      total += n;
    }
    if (total == 0) {
      throw new IOException("the stored object ended before its size");
    }
    position += total;
    return total;
  }

  private InputStream get(long offset, long length) throws IOException {
    try {
      return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).offset(offset).length(length)
          .build());
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("the store did not give the object: " + e.getClass().getSimpleName(), e);
    }
  }

  private void endGet() throws IOException {
    if (open != null) {
      InputStream ending = open;
      open = null;
      ending.close();
    }
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position");
    }
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
    return !closed;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    endGet();
  }
}
