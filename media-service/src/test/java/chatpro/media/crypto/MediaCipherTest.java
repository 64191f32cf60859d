package chatpro.media.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chatpro.common.crypto.StreamingKeys;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaCipherTest {
  private static final UUID ORG = UUID.randomUUID();
  private static final UUID MEDIA = UUID.randomUUID();
  private static Aead person;

  @TempDir
  Path dir;

  @BeforeAll
  static void personKey() throws GeneralSecurityException {
    AeadConfig.register();
    person = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  @Test
  void anObjectOfSeveralSegmentsOpensWholeAndFromAnyPosition() throws Exception {
    byte[] plain = random(3 * MediaCipher.SEGMENT_BYTES + 12_345);
    Path sealed = seal(plain, Variant.ORIGINAL);
    assertFalse(Arrays.equals(plain, Arrays.copyOf(Files.readAllBytes(sealed), plain.length)));
    try (SeekableByteChannel opened = open(sealed, Variant.ORIGINAL)) {
      assertArrayEquals(plain, read(opened, 0, plain.length));
      assertEquals(plain.length, opened.size(), "known once read from");
      for (long at : new long[] {0, 1, MediaCipher.SEGMENT_BYTES - 100, MediaCipher.SEGMENT_BYTES + 7,
          plain.length - 10}) {
        assertArrayEquals(Arrays.copyOfRange(plain, (int) at, (int) at + 10), read(opened, at, 10), "at " + at);
      }
    }
  }

  @Test
  void theSameBytesTwiceAreStoredDifferently() throws Exception {
    byte[] plain = random(5000);
    assertFalse(Arrays.equals(Files.readAllBytes(seal(plain, Variant.ORIGINAL)),
        Files.readAllBytes(seal(plain, Variant.ORIGINAL))));
  }

  @Test
  void aChangedByteFailsItsSegmentAndNothingOfItIsRead() throws Exception {
    byte[] plain = random(2 * MediaCipher.SEGMENT_BYTES);
    Path sealed = seal(plain, Variant.ORIGINAL);
    byte[] stored = Files.readAllBytes(sealed);
    stored[MediaCipher.SEGMENT_BYTES + 500] ^= 1;
    Files.write(sealed, stored);
    try (SeekableByteChannel opened = open(sealed, Variant.ORIGINAL)) {
      assertArrayEquals(Arrays.copyOf(plain, 1000), read(opened, 0, 1000), "the first segment is untouched");
      assertThrows(IOException.class, () -> read(opened, MediaCipher.SEGMENT_BYTES + 10, 10));
    }
  }

  @Test
  void aKeysetOrAnObjectMovedToAnotherMediaOrVariantDoesNotOpen() throws Exception {
    StreamingKeys.ObjectKey key = MediaCipher.fresh(person, ORG, MEDIA, Variant.ORIGINAL);
    assertThrows(GeneralSecurityException.class,
        () -> MediaCipher.unwrap(person, key.wrapped(), ORG, UUID.randomUUID(), Variant.ORIGINAL));
    assertThrows(GeneralSecurityException.class,
        () -> MediaCipher.unwrap(person, key.wrapped(), ORG, MEDIA, Variant.THUMBNAIL));
    Path plain = Files.write(dir.resolve("plain"), random(100));
    Path sealed = dir.resolve("moved");
    MediaCipher.encrypt(key.aead(), ORG, MEDIA, Variant.ORIGINAL, plain, sealed);
    try (SeekableByteChannel asThumbnail = MediaCipher.decrypting(key.aead(), ORG, MEDIA, Variant.THUMBNAIL,
        Files.newByteChannel(sealed, StandardOpenOption.READ))) {
      assertThrows(IOException.class, () -> read(asThumbnail, 0, 100));
    }
  }

  private Path seal(byte[] plain, Variant variant) throws Exception {
    Path in = Files.write(Files.createTempFile(dir, "plain", ""), plain);
    Path out = Files.createTempFile(dir, "sealed", "");
    StreamingKeys.ObjectKey key = MediaCipher.fresh(person, ORG, MEDIA, variant);
    MediaCipher.encrypt(key.aead(), ORG, MEDIA, variant, in, out);
    Files.writeString(dir.resolve(out.getFileName() + ".key"), key.wrapped());
    return out;
  }

  private SeekableByteChannel open(Path sealed, Variant variant) throws Exception {
    String wrapped = Files.readString(dir.resolve(sealed.getFileName() + ".key"));
    return MediaCipher.decrypting(MediaCipher.unwrap(person, wrapped, ORG, MEDIA, variant), ORG, MEDIA, variant,
        Files.newByteChannel(sealed, StandardOpenOption.READ));
  }

  private static byte[] read(SeekableByteChannel channel, long at, int length) throws IOException {
    channel.position(at);
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        break;
      }
    }
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
