package chatpro.messaging.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.crypto.ExportFileCipher;
import chatpro.common.crypto.StreamingKeys;
import chatpro.messaging.compliance.ZipStream.FileEntry;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZipStreamTest {
  private static final UUID ORG = UUID.randomUUID();
  private static final UUID EXPORT = UUID.randomUUID();
  private static final byte[] TEXT = "{\"seq\":1,\"text\":\"ZipMarker\"}\n{\"seq\":2}\n".getBytes(StandardCharsets.UTF_8);
  private static Aead owner;

  @BeforeAll
  static void ownerKey() throws Exception {
    AeadConfig.register();
    owner = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  @Test
  void whatIsTakenPartByPartIsTheZipEncryptedAndItsHashesAreThePlaintexts() throws Exception {
    byte[] media = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(media);
    StreamingKeys.ObjectKey key = ExportFileCipher.fresh(owner, ORG, EXPORT);
    ZipStream zip = new ZipStream();
    zip.encryptWith(key.aead(), ExportFileCipher.fileContext(ORG, EXPORT));
    ByteArrayOutputStream uploaded = new ByteArrayOutputStream();
    int largestBuffer = 0;

    zip.begin("events.jsonl", true);
    zip.write(TEXT);
    FileEntry events = zip.end();
    zip.begin("media/m1", false);
    ByteArrayInputStream in = new ByteArrayInputStream(media);
    while (zip.copy(in, 256 * 1024) >= 0) {
      largestBuffer = Math.max(largestBuffer, zip.buffered());
      while (zip.buffered() >= 512 * 1024) {
        uploaded.write(zip.take(512 * 1024));
      }
    }
    FileEntry m1 = zip.end();
    zip.finish();
    uploaded.write(zip.take(Integer.MAX_VALUE));

    assertTrue(largestBuffer < 512 * 1024 + StreamingKeys.SEGMENT_BYTES,
        "never more than a part and a segment buffered: " + largestBuffer);
    byte[] stored = uploaded.toByteArray();
    assertEquals(-1, indexOf(stored, new byte[] {'P', 'K', 3, 4}), "no zip header in what is stored");
    assertEquals(-1, indexOf(stored, "ZipMarker".getBytes(StandardCharsets.UTF_8)), "no text either");
    assertEquals(zip.size(), StreamingKeys.plaintextSize(stored.length), "the stored size tells the zip's");

    byte[] whole = decrypt(ExportFileCipher.unwrap(owner, key.wrapped(), ORG, EXPORT), stored);
    assertEquals(zip.size(), whole.length, "the size reported is the plaintext zip's");
    assertEquals(sha256(whole), zip.sha256(), "and so is the SHA-256");
    assertEquals(new FileEntry("events.jsonl", TEXT.length, sha256(TEXT)), events);
    assertEquals(new FileEntry("media/m1", media.length, sha256(media)), m1);
    try (ZipInputStream read = new ZipInputStream(new ByteArrayInputStream(whole))) {
      ZipEntry first = read.getNextEntry();
      assertEquals("events.jsonl", first.getName());
      assertArrayEquals(TEXT, read.readAllBytes());
      assertEquals("media/m1", read.getNextEntry().getName());
      assertArrayEquals(media, read.readAllBytes());
    }
  }

  @Test
  void aFlippedByteOfTheStoredFileFailsItsDecryptionRatherThanGivingOtherBytes() throws Exception {
    StreamingKeys.ObjectKey key = ExportFileCipher.fresh(owner, ORG, EXPORT);
    byte[] stored = smallZip(key);
    StreamingAead opened = ExportFileCipher.unwrap(owner, key.wrapped(), ORG, EXPORT);
    decrypt(opened, stored);
    for (int at : new int[] {0, 60, stored.length / 2, stored.length - 1}) {
      byte[] changed = stored.clone();
      changed[at] ^= 1;
      assertThrows(IOException.class, () -> decrypt(opened, changed), "a byte flipped at " + at);
    }
  }

  @Test
  void aZipWithoutItsKeyWritesNothing() throws Exception {
    ZipStream zip = new ZipStream();
    assertThrows(IllegalStateException.class, () -> {
      zip.begin("events.jsonl", true);
      zip.write(TEXT);
      zip.end();
    });
    assertEquals(0, zip.buffered());
  }

  private static byte[] smallZip(StreamingKeys.ObjectKey key) throws Exception {
    ZipStream zip = new ZipStream();
    zip.encryptWith(key.aead(), ExportFileCipher.fileContext(ORG, EXPORT));
    zip.begin("events.jsonl", true);
    zip.write(TEXT);
    zip.end();
    zip.finish();
    return zip.take(Integer.MAX_VALUE);
  }

  private static byte[] decrypt(StreamingAead key, byte[] stored) throws Exception {
    try (InputStream in = key.newDecryptingStream(new ByteArrayInputStream(stored),
        ExportFileCipher.fileContext(ORG, EXPORT))) {
      return in.readAllBytes();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).indexOf(new String(needle, StandardCharsets.ISO_8859_1));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
