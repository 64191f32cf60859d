package chatpro.media.http;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.media.store.StoredObjectChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.function.Supplier;

/**
 * A decrypting channel over a stored object (media, an export file), its read failures told apart: the store not
 * answering is worth a retry (503); a read that fails while the store gave every byte means the ciphertext does not
 * authenticate (500, and logged), never other bytes.
 */
final class DecryptedChannel implements SeekableByteChannel {
  private final SeekableByteChannel plain;
  private final StoredObjectChannel ciphertext;
  private final Supplier<ChatproException> unreadable;

  DecryptedChannel(SeekableByteChannel plain, StoredObjectChannel ciphertext, Supplier<ChatproException> unreadable) {
    this.plain = plain;
    this.ciphertext = ciphertext;
    this.unreadable = unreadable;
  }

  @Override
  public int read(ByteBuffer dst) {
    try {
      return plain.read(dst);
    } catch (IOException e) {
      throw ciphertext.failed() ? new ChatproException(ErrorCode.UNAVAILABLE, "the media store did not answer")
          : unreadable.get();
    }
  }

  @Override
  public long size() throws IOException {
    return plain.size();
  }

  @Override
  public long position() throws IOException {
    return plain.position();
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    plain.position(newPosition);
    return this;
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
    return plain.isOpen();
  }

  @Override
  public void close() throws IOException {
    plain.close();
  }

  /** Closes a channel nothing was read from. */
  static void closeQuietly(SeekableByteChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was read from it
    }
  }
}
