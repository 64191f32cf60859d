package chatpro.devstack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on a data directory, released by the OS if the holder dies. */
final class DirLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirLock acquire(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ByteBuffer holder = ByteBuffer.allocate(64);
      channel.read(holder, 0);
      channel.close();
      String pid = new String(holder.array(), 0, holder.position(), StandardCharsets.UTF_8).trim();
      throw new IOException(file.getParent() + " is in use by another dev stack (pid " + pid + ")");
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
    return new DirLock(channel, lock);
  }

  /** Whether a live process (this one included) holds a lock on the file. */
  static boolean isHeld(Path file) {
    if (!file.toFile().exists()) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock probe = channel.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The OS releases it with the process anyway.
    }
  }
}
