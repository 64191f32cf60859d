package chatpro.messaging.compliance;

import com.google.crypto.tink.StreamingAead;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An export's zip, written as it goes into a small buffer that the job empties part by part into the object store:
 * never the whole file in memory. It counts and hashes (SHA-256) every file it holds and the zip itself, as written
 * (the plaintext the officer downloads); what it buffers is that zip encrypted with the file's streaming keyset
 * ({@link #encryptWith}, before anything is written), a segment at a time, so no byte of the zip reaches the store in
 * the clear.
 *
 * <p>It blocks and is not thread-safe: the job calls it from one worker thread at a time and takes the buffered
 * bytes ({@link #take}) between those calls. JSON files are deflated; media, which are compressed already, are
 * stored in deflate's uncompressed blocks (level 0), so they cost a copy and a CRC rather than a compressor.
 */
final class ZipStream {
  /** A file of the zip: its name, size (uncompressed) and lowercase hex SHA-256. */
  record FileEntry(String name, long size, String sha256) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("size", size).put("sha256", sha256);
    }
  }

  private final Pending pending = new Pending();
  private final MessageDigest zipDigest = newDigest();
  private final long[] zipSize = {0};
  private final ZipOutputStream zip;
  /** Tink's encrypting stream into {@link #pending}, once the file's key is given. */
  private OutputStream sealing;
  private final List<FileEntry> files = new ArrayList<>();
  private final byte[] copyBuffer = new byte[64 * 1024];
  private String entryName;
  private MessageDigest entryDigest;
  private long entrySize;
  private boolean finished;

  ZipStream() {
    zip = new ZipOutputStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (sealing == null) {
          throw new IllegalStateException("the zip has no key yet");
        }
        zipDigest.update(b, off, len);
        zipSize[0] += len;
        sealing.write(b, off, len);
      }
    });
  }

  /**
   * From here on the zip is encrypted with this key, bound to {@code associatedData}; call it once, before the first
   * file. Tink's header goes into the buffer at once.
   */
  void encryptWith(StreamingAead key, byte[] associatedData) throws IOException, GeneralSecurityException {
    if (sealing != null) {
      throw new IllegalStateException("the zip has its key already");
    }
    sealing = key.newEncryptingStream(pending, associatedData);
  }

  /** Opens the next file; {@code compress} for text, not for media. */
  void begin(String name, boolean compress) throws IOException {
    if (entryName != null) {
      throw new IllegalStateException(entryName + " is still open");
    }
    zip.setLevel(compress ? Deflater.DEFAULT_COMPRESSION : Deflater.NO_COMPRESSION);
    zip.putNextEntry(new ZipEntry(name));
    entryName = name;
    entryDigest = newDigest();
    entrySize = 0;
  }

  void write(byte[] bytes) throws IOException {
    zip.write(bytes);
    entryDigest.update(bytes);
    entrySize += bytes.length;
  }

  /** Copies up to {@code max} bytes from the stream into the open file; answers how many, or -1 at its end. */
  long copy(InputStream in, long max) throws IOException {
    long copied = 0;
    while (copied < max) {
      int n = in.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, max - copied));
      if (n < 0) {
        return copied == 0 ? -1 : copied;
      }
      zip.write(copyBuffer, 0, n);
      entryDigest.update(copyBuffer, 0, n);
      entrySize += n;
      copied += n;
    }
    return copied;
  }

  /** Closes the open file and answers what it holds. */
  FileEntry end() throws IOException {
    zip.closeEntry();
    FileEntry entry = new FileEntry(entryName, entrySize, HexFormat.of().formatHex(entryDigest.digest()));
    files.add(entry);
    entryName = null;
    return entry;
  }

  /** The files closed so far, in the order written. */
  List<FileEntry> files() {
    return List.copyOf(files);
  }

  /**
   * Writes the central directory and closes the encryption, which writes the last segment; the file is complete once
   * the buffer is taken.
   */
  void finish() throws IOException {
    zip.finish();
    sealing.close();
    finished = true;
  }

  /** Encrypted bytes written but not yet taken. */
  int buffered() {
    return pending.size();
  }

  /** Takes the first {@code n} buffered bytes (all of them when fewer are buffered). */
  byte[] take(int n) {
    return pending.take(n);
  }

  /** The (plaintext) zip's size so far (all of it after {@link #finish}). */
  long size() {
    return zipSize[0];
  }

  /** The (plaintext) zip's SHA-256, once finished. */
  String sha256() {
    if (!finished) {
      throw new IllegalStateException("the zip is not finished");
    }
    return HexFormat.of().formatHex(zipDigest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /** The encrypted bytes between the zip writer and the next part upload. */
  private static final class Pending extends ByteArrayOutputStream {
    synchronized byte[] take(int n) {
      int taken = Math.min(n, count);
      byte[] part = Arrays.copyOf(buf, taken);
      System.arraycopy(buf, taken, buf, 0, count - taken);
      count -= taken;
      return part;
    }
  }
}
