package chatpro.media.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.crypto.ExportFileCipher;
import chatpro.common.error.ChatproException;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExportFileKeysTest {
  private static Aead owner;

  @BeforeAll
  static void ownerKey() throws Exception {
    AeadConfig.register();
    owner = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  @Test
  void aFilesKeysetFitsInTheUserMetadataS3Keeps() throws Exception {
    String wrapped = ExportFileCipher.fresh(owner, UUID.randomUUID(), UUID.randomUUID()).wrapped();
    assertTrue(wrapped.length() <= ExportFileKeys.MAX_KEYSET_CHARS, "a wrapped keyset: " + wrapped.length());
    int total = 0;
    for (Map.Entry<String, String> e : ExportFileKeys.metadata(UUID.randomUUID(), "x".repeat(
        ExportFileKeys.MAX_KEYSET_CHARS)).entrySet()) {
      total += ("x-amz-meta-" + e.getKey()).getBytes(StandardCharsets.UTF_8).length
          + e.getValue().getBytes(StandardCharsets.UTF_8).length;
      assertTrue(e.getValue().chars().allMatch(c -> c > 32 && c < 127), "a header value of one line: " + e.getKey());
    }
    assertTrue(total < 2048, "the largest keyset allowed stays under S3's 2 KB: " + total);
  }

  @Test
  void theOrgAndExportAreReadFromTheFilesKey() {
    UUID org = UUID.randomUUID();
    UUID export = UUID.randomUUID();
    String key = ExportFiles.PREFIX + org + "/" + export + ".zip";
    assertTrue(ExportFiles.KEY.matcher(key).matches());
    assertEquals(org, ExportFileKeys.org(key));
    assertEquals(export, ExportFileKeys.export(key));
  }

  @Test
  void aStoredSizeNoCiphertextHasIsUnreadable() throws Exception {
    StreamingAead keyset = ExportFileCipher.fresh(owner, UUID.randomUUID(), UUID.randomUUID()).aead();
    assertEquals(123, ExportFileKeys.plaintextSize(null, 123), "a file stored before encryption: as stored");
    assertEquals(0, ExportFileKeys.plaintextSize(keyset, 56), "an empty file: a header and one tag");
    assertThrows(ChatproException.class, () -> ExportFileKeys.plaintextSize(keyset, 10));
  }
}
