package chatpro.messaging.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.messaging.compliance.ZipStream.FileEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class ZipStreamTest {

  @Test
  void whatIsTakenPartByPartIsAZipOfTheFilesWithTheirHashes() throws Exception {
    byte[] media = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(media);
    byte[] text = "{\"seq\":1}\n{\"seq\":2}\n".getBytes(StandardCharsets.UTF_8);
    ZipStream zip = new ZipStream();
    ByteArrayOutputStream uploaded = new ByteArrayOutputStream();
    int largestBuffer = 0;

    zip.begin("events.jsonl", true);
    zip.write(text);
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

    assertTrue(largestBuffer < 800 * 1024, "never more than a part and a step buffered: " + largestBuffer);
    byte[] whole = uploaded.toByteArray();
    assertEquals(zip.size(), whole.length);
    assertEquals(sha256(whole), zip.sha256());
    assertEquals(new FileEntry("events.jsonl", text.length, sha256(text)), events);
    assertEquals(new FileEntry("media/m1", media.length, sha256(media)), m1);
    try (ZipInputStream read = new ZipInputStream(new ByteArrayInputStream(whole))) {
      ZipEntry first = read.getNextEntry();
      assertEquals("events.jsonl", first.getName());
      assertArrayEquals(text, read.readAllBytes());
      assertEquals("media/m1", read.getNextEntry().getName());
      assertArrayEquals(media, read.readAllBytes());
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
