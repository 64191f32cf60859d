package chatpro.common.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamingKeysTest {
  private static final int S = StreamingKeys.SEGMENT_BYTES;
  private static final byte[] CONTEXT = "chatpro.test:1".getBytes(StandardCharsets.UTF_8);
  private static Aead person;
  private static Aead someoneElse;

  @BeforeAll
  static void personKeys() throws GeneralSecurityException {
    AeadConfig.register();
    person = aead();
    someoneElse = aead();
  }

  @Test
  void thePlaintextSizeFollowsFromTheCiphertextSizeAtEverySegmentBoundary() throws Exception {
    StreamingAead key = StreamingKeys.fresh(person, CONTEXT).aead();
    int header = StreamingKeys.HEADER_BYTES;
    int tag = StreamingKeys.TAG_BYTES;
    int[] sizes = {0, 1, 4096, S - header - tag - 1, S - header - tag, S - header - tag + 1, 2 * (S - tag) - header,
        2 * (S - tag) - header + 1, 3 * S + 12_345};
    for (int size : sizes) {
      byte[] plain = new byte[size];
      new Random(size).nextBytes(plain);
      byte[] sealed = encrypt(key, plain);
      assertEquals(size, StreamingKeys.plaintextSize(sealed.length), "plaintext of " + size + " bytes");
      assertArrayEquals(plain, decrypt(key, sealed), "and it opens: " + size);
    }
  }

  @Test
  void aSizeNoCiphertextHasIsRefused() {
    assertEquals(-1, StreamingKeys.plaintextSize(0));
    assertEquals(-1, StreamingKeys.plaintextSize(StreamingKeys.HEADER_BYTES + StreamingKeys.TAG_BYTES - 1));
    assertEquals(-1, StreamingKeys.plaintextSize(S + StreamingKeys.TAG_BYTES), "a last segment with only a tag");
  }

  @Test
  void aKeysetUnwrapsOnlyWithItsOwnersKeyAndItsContext() throws Exception {
    StreamingKeys.ObjectKey key = StreamingKeys.fresh(person, CONTEXT);
    assertTrue(key.wrapped().contains("encryptedKeyset"), "stored wrapped only");
    byte[] sealed = encrypt(key.aead(), "hello".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8),
        decrypt(StreamingKeys.unwrap(person, key.wrapped(), CONTEXT), sealed));
    assertThrows(GeneralSecurityException.class, () -> StreamingKeys.unwrap(someoneElse, key.wrapped(), CONTEXT));
    assertThrows(GeneralSecurityException.class, () -> StreamingKeys.unwrap(person, key.wrapped(),
        "chatpro.test:2".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anExportFilesKeysetAndCiphertextAreBoundToItsOrgAndExport() throws Exception {
    UUID org = UUID.randomUUID();
    UUID export = UUID.randomUUID();
    StreamingKeys.ObjectKey key = ExportFileCipher.fresh(person, org, export);
    assertThrows(GeneralSecurityException.class,
        () -> ExportFileCipher.unwrap(person, key.wrapped(), org, UUID.randomUUID()), "another export");
    assertThrows(GeneralSecurityException.class,
        () -> ExportFileCipher.unwrap(person, key.wrapped(), UUID.randomUUID(), export), "another org");
    StreamingAead opened = ExportFileCipher.unwrap(person, key.wrapped(), org, export);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream sealing = key.aead().newEncryptingStream(out, ExportFileCipher.fileContext(org, export))) {
      sealing.write("zip".getBytes(StandardCharsets.UTF_8));
    }
    try (InputStream in = opened.newDecryptingStream(new ByteArrayInputStream(out.toByteArray()),
        ExportFileCipher.fileContext(org, UUID.randomUUID()))) {
      assertThrows(java.io.IOException.class, in::readAllBytes, "a file moved to another export does not open");
    }
  }

  private static byte[] encrypt(StreamingAead key, byte[] plain) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream sealing = key.newEncryptingStream(out, CONTEXT)) {
      sealing.write(plain);
    }
    return out.toByteArray();
  }

  private static byte[] decrypt(StreamingAead key, byte[] sealed) throws Exception {
    try (InputStream in = key.newDecryptingStream(new ByteArrayInputStream(sealed), CONTEXT)) {
      return in.readAllBytes();
    }
  }

  private static Aead aead() throws GeneralSecurityException {
    return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
  }
}
