package chatpro.media.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Voice notes that are accepted: their type, duration and waveform. Every fixture is 2.000 s made the same way: one
 * second of loud tone and noise, then one second of silence.
 */
class VoiceInspectionTest {
  private static final long MADE_MS = 2000;

  @TempDir
  Path dir;
  private Uploads uploads;
  private final MediaInspector inspector = new MediaInspector(Limits.defaults());

  @BeforeEach
  void setUp() {
    uploads = new Uploads(dir);
  }

  @ParameterizedTest
  @CsvSource({
      "voice.ogg, audio/ogg",
      "voice.webm, audio/webm",
      "voice-live.webm, audio/webm",
      "voice.m4a, audio/mp4",
      "voice-fragmented.m4a, audio/mp4",
      "voice.mp3, audio/mpeg"})
  void voiceNoteHasItsTypeAndDuration(String fixture, String mime) throws Exception {
    Path upload = uploads.fixture(fixture);

    Inspected result = inspector.inspect("voice", null, upload);

    assertEquals("voice", result.kind());
    assertEquals(mime, result.mime());
    assertEquals(MADE_MS, result.durationMs(), 100, fixture + " lasts " + result.durationMs() + " ms");
    assertEquals(upload, result.storedFile(), "voice is stored as uploaded");
    assertNull(result.width());
    assertNull(result.thumbnail());
  }

  @ParameterizedTest
  @CsvSource({"voice.ogg", "voice.webm", "voice-live.webm", "voice.m4a", "voice-fragmented.m4a", "voice.mp3"})
  void waveformIsLoudWhereTheRecordingIsLoud(String fixture) throws Exception {
    int[] waveform = inspector.inspect("voice", null, uploads.fixture(fixture)).waveform();

    assertEquals(Waveform.LEVELS, waveform.length);
    assertTrue(Arrays.stream(waveform).allMatch(level -> level >= 0 && level <= 100), Arrays.toString(waveform));
    assertEquals(100, Arrays.stream(waveform).max().orElseThrow());
    double loud = Arrays.stream(waveform, 4, 28).average().orElseThrow();
    double quiet = Arrays.stream(waveform, 38, 60).average().orElseThrow();
    assertTrue(loud > 2 * quiet + 20, fixture + ": " + Arrays.toString(waveform));
  }

  @Test
  void declaredAliasesMatchTheirTypes() throws Exception {
    assertEquals("audio/ogg", inspector.inspect("voice", "audio/opus", uploads.fixture("voice.ogg")).mime());
    assertEquals("audio/mp4", inspector.inspect("voice", "audio/x-m4a", uploads.fixture("voice.m4a")).mime());
    assertEquals("audio/webm",
        inspector.inspect("voice", "audio/webm;codecs=opus", uploads.fixture("voice.webm")).mime());
  }

  @Test
  void webmClusterOfUnknownSizeIsRead() throws Exception {
    // Browsers recording live may not know a cluster's size; EBML writes that as all ones (here in two bytes).
    byte[] live = uploads.bytes("voice-live.webm");
    int cluster = indexOf(live, new byte[] {0x1F, 0x43, (byte) 0xB6, 0x75});
    assertEquals(0x40, live[cluster + 4] & 0xC0, "the fixture's cluster size is a two-byte number");
    live[cluster + 4] = 0x7F;
    live[cluster + 5] = (byte) 0xFF;

    Inspected result = inspector.inspect("voice", "audio/webm", uploads.file(live));

    assertEquals(MADE_MS, result.durationMs(), 100);
  }

  @Test
  void mp3WithoutId3TagIsRecognisedByItsFrames() throws Exception {
    byte[] mp3 = uploads.bytes("voice.mp3");
    int tagSize = (mp3[6] & 0x7F) << 21 | (mp3[7] & 0x7F) << 14 | (mp3[8] & 0x7F) << 7 | mp3[9] & 0x7F;
    byte[] framesOnly = Arrays.copyOfRange(mp3, 10 + tagSize, mp3.length);

    Inspected result = inspector.inspect("voice", "audio/mpeg", uploads.file(framesOnly));

    assertEquals("audio/mpeg", result.mime());
    assertEquals(MADE_MS, result.durationMs(), 100);
  }

  @Test
  void voiceLongerThanTheLimitIsTooLarge() {
    Limits oneSecond = new Limits(Limits.MIB, Limits.MIB, 1_000_000, 1000, 1000);
    MediaInspector strict = new MediaInspector(oneSecond);
    for (String fixture : new String[] {"voice.ogg", "voice.webm", "voice.m4a", "voice.mp3"}) {
      MediaRejected rejected = Uploads.refused(strict, "voice", null, uploads.fixture(fixture));
      assertEquals(413, rejected.status(), fixture);
      assertEquals("payload_too_large", rejected.code());
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
