package chatpro.media.inspect;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Damaged files, made by overwriting, cutting and length-stuffing every fixture: each one is either accepted or
 * refused with a protocol code, never failing another way, and the whole run stays fast (no loop trusts a length).
 */
class MutationTest {
  private static final int ROUNDS = 150;

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({
      "image, photo-gps-orientation6.jpg", "image, plain.jpg", "image, text-chunk.png", "image, lossy.webp",
      "image, exif-gps.webp", "voice, voice.ogg", "voice, voice.webm", "voice, voice-live.webm",
      "voice, voice.m4a", "voice, voice-fragmented.m4a", "voice, voice.mp3"})
  void damagedFileIsAcceptedOrRefusedButNeverBreaksTheInspector(String kind, String fixture) {
    Uploads uploads = new Uploads(dir);
    byte[] original = uploads.bytes(fixture);
    MediaInspector inspector = new MediaInspector(Limits.defaults());
    Random random = new Random(fixture.hashCode());
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      for (int round = 0; round < ROUNDS; round++) {
        byte[] damaged = damage(original, random);
        Path upload = uploads.file(damaged);
        try {
          Inspected result = inspector.inspect(kind, null, upload);
          deleteOutputs(upload, result);
        } catch (MediaRejected expected) {
          // refused with a protocol code: fine
        } catch (Exception | Error other) {
          fail(fixture + " round " + round + " broke the inspector: " + other, other);
        }
        Files.deleteIfExists(upload);
      }
    });
  }

  /** One to eight changes: random bytes, 0xFF runs (huge lengths), zero runs, or a cut. */
  private static byte[] damage(byte[] original, Random random) {
    byte[] bytes = original.clone();
    int changes = 1 + random.nextInt(8);
    for (int i = 0; i < changes; i++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(4)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256);
        case 1 -> Arrays.fill(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(4)), (byte) 0xFF);
        case 2 -> Arrays.fill(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(4)), (byte) 0);
        default -> bytes = Arrays.copyOf(bytes, Math.max(1, at));
      }
    }
    return bytes;
  }

  private static void deleteOutputs(Path upload, Inspected result) throws Exception {
    if (!result.storedFile().equals(upload)) {
      Files.deleteIfExists(result.storedFile());
    }
    if (result.thumbnail() != null) {
      Files.deleteIfExists(result.thumbnail());
    }
  }
}
