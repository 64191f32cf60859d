package chatpro.media.inspect;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only view of an uploaded file with bounds-checked reads: any length a file declares is checked against the
 * bytes that exist, and a read past the end refuses the upload as truncated instead of throwing at random.
 */
final class Bytes {
  private final ByteBuffer buffer;
  private final int size;

  private Bytes(ByteBuffer buffer) {
    this.buffer = buffer;
    this.size = buffer.limit();
  }

  /**
   * Maps the file rather than reading it into the heap; the size limit was checked before, so it fits one buffer.
   * The mapping is released when the buffer is collected, so a deleted upload's disk space returns after a GC.
   */
  static Bytes map(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return new Bytes(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
    }
  }

  static Bytes of(byte[] bytes) {
    return new Bytes(ByteBuffer.wrap(bytes));
  }

  int size() {
    return size;
  }

  /** Refuses the upload unless {@code len} bytes exist at {@code pos}. */
  void require(long pos, long len) throws MediaRejected {
    if (pos < 0 || len < 0 || pos + len > size) {
      throw MediaRejected.unsupported("the file is truncated or declares a length past its end");
    }
  }

  int u8(int pos) throws MediaRejected {
    require(pos, 1);
    return buffer.get(pos) & 0xFF;
  }

  int u16be(int pos) throws MediaRejected {
    require(pos, 2);
    return (buffer.get(pos) & 0xFF) << 8 | buffer.get(pos + 1) & 0xFF;
  }

  int u16le(int pos) throws MediaRejected {
    require(pos, 2);
    return buffer.get(pos) & 0xFF | (buffer.get(pos + 1) & 0xFF) << 8;
  }

  int u24le(int pos) throws MediaRejected {
    return u16le(pos) | u8(pos + 2) << 16;
  }

  long u32be(int pos) throws MediaRejected {
    return (long) u16be(pos) << 16 | u16be(pos + 2);
  }

  long u32le(int pos) throws MediaRejected {
    return u16le(pos) | (long) u16le(pos + 2) << 16;
  }

  /** A 64-bit value that must fit a signed long; larger values mean nothing sane in a media file. */
  long u64be(int pos) throws MediaRejected {
    long v = u32be(pos) << 32 | u32be(pos + 4);
    if (v < 0) {
      throw MediaRejected.unsupported("a 64-bit field is out of range");
    }
    return v;
  }

  long u64le(int pos) throws MediaRejected {
    return u32le(pos) | u32le(pos + 4) << 32;
  }

  /** The raw byte without a bounds check, for hot scans that check their own range. */
  int at(int pos) {
    return buffer.get(pos) & 0xFF;
  }

  String ascii(int pos, int len) throws MediaRejected {
    require(pos, len);
    byte[] out = new byte[len];
    buffer.get(pos, out);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  boolean startsWith(int pos, String ascii) {
    if (pos < 0 || pos + ascii.length() > size) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (buffer.get(pos + i) != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  byte[] copy(int pos, int len) throws MediaRejected {
    require(pos, len);
    byte[] out = new byte[len];
    buffer.get(pos, out);
    return out;
  }

  /** A view of a range, for checksums over a range without copying it. */
  ByteBuffer slice(int pos, int len) throws MediaRejected {
    require(pos, len);
    return buffer.slice(pos, len);
  }

  void writeTo(OutputStream out, int pos, int len) throws IOException, MediaRejected {
    require(pos, len);
    byte[] chunk = new byte[Math.min(len, 64 * 1024)];
    for (int done = 0; done < len; ) {
      int n = Math.min(chunk.length, len - done);
      buffer.get(pos + done, chunk, 0, n);
      out.write(chunk, 0, n);
      done += n;
    }
  }
}
