package chatpro.media.inspect;

import static chatpro.media.inspect.Uploads.concat;
import static chatpro.media.inspect.Uploads.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads that are refused, and with which code: hostile, mislabelled, broken or too big. */
class RefusalTest {
  private static final String HTML = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";

  @TempDir
  Path dir;
  private Uploads uploads;
  private final MediaInspector inspector = new MediaInspector(Limits.defaults());

  @BeforeEach
  void setUp() {
    uploads = new Uploads(dir);
  }

  @Test
  void documentsAndMarkupAreUnsupported() {
    for (String text : new String[] {HTML, "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        "<?xml version=\"1.0\"?><note>hi</note>", "%PDF-1.4\n1 0 obj << >> endobj\n", "hello, this is not a photo"}) {
      assertUnsupported("image", null, ascii(text));
      assertUnsupported("voice", null, ascii(text));
    }
    assertUnsupported("image", null, concat(new byte[] {'P', 'K', 3, 4}, new byte[200]));
  }

  @Test
  void gifIsUnsupportedEvenWithHtmlAfterItsHeader() {
    assertUnsupported("image", "image/gif", concat(ascii("GIF89a"), new byte[] {1, 0, 1, 0, 0, 0, 0}, ascii(";")));
    assertUnsupported("image", null, concat(ascii("GIF89a/*"), ascii(HTML)));
  }

  @Test
  void jpegHeaderFollowedByHtmlIsUnsupported() {
    assertUnsupported("image", "image/jpeg", concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},
        ascii(HTML)));
  }

  @Test
  void jpegWithHtmlAfterEndOfImageIsUnsupported() {
    byte[] jpeg = uploads.bytes("plain.jpg");
    assertUnsupported("image", "image/jpeg", concat(jpeg, ascii(HTML)));
    assertUnsupported("image", "image/jpeg", concat(jpeg, new byte[40], ascii("<SCRIPT src=//x>")));
  }

  @Test
  void pngWithHtmlAfterIendIsUnsupported() {
    assertUnsupported("image", "image/png", concat(uploads.bytes("text-chunk.png"), ascii(HTML)));
  }

  @Test
  void audioWithHtmlAfterItsEndIsUnsupported() {
    assertUnsupported("voice", null, concat(uploads.bytes("voice.ogg"), ascii(HTML)));
    assertUnsupported("voice", null, concat(uploads.bytes("voice.mp3"), ascii(HTML)));
  }

  @Test
  void dataAfterJpegEndIsToleratedButNotStored() throws Exception {
    // Phones append gain maps and videos after EOI; they are not markup, so the photo is kept without them.
    byte[] jpeg = uploads.bytes("plain.jpg");
    Inspected result = inspector.inspect("image", null, uploads.file(concat(jpeg, jpeg)));

    byte[] stored = Files.readAllBytes(result.storedFile());
    assertEquals(1, countSoi(stored));
    assertEquals(0xD9, stored[stored.length - 1] & 0xFF);
  }

  @Test
  void pixelBombIsRefusedBeforeDecoding() throws Exception {
    Path bomb = uploads.file(png(50_000, 50_000));

    MediaRejected rejected = refused(inspector, "image", "image/png", bomb);

    assertEquals(413, rejected.status());
    assertEquals("payload_too_large", rejected.code());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "nothing was written for a refused picture");
    }
  }

  @Test
  void pictureOverThePixelLimitIsTooLargeEvenWithinTheSideLimit() {
    assertEquals(413, refused(inspector, "image", null, uploads.file(png(10_000, 10_000))).status());
  }

  @Test
  void jpegDeclaringAHugeFrameIsTooLarge() {
    byte[] jpeg = uploads.bytes("plain.jpg");
    int sof = VoiceInspectionTest.indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
    jpeg[sof + 5] = (byte) 0xEA; // height 60,000
    jpeg[sof + 6] = 0x60;
    assertEquals(413, refused(inspector, "image", null, uploads.file(jpeg)).status());
  }

  @Test
  void webpDeclaringAHugeCanvasOrFrameIsTooLarge() {
    byte[] extended = uploads.bytes("exif-gps.webp");
    int vp8x = VoiceInspectionTest.indexOf(extended, ascii("VP8X"));
    extended[vp8x + 12] = (byte) 0xFF; // canvas width - 1, 24 bits: 16,777,216
    extended[vp8x + 13] = (byte) 0xFF;
    extended[vp8x + 14] = (byte) 0xFF;
    assertEquals(413, refused(inspector, "image", null, uploads.file(extended)).status());

    byte[] simple = uploads.bytes("lossy.webp");
    int vp8 = VoiceInspectionTest.indexOf(simple, ascii("VP8 "));
    simple[vp8 + 14] = (byte) 0x80; // bitstream width 16,000
    simple[vp8 + 15] = 0x3E;
    assertEquals(413, refused(inspector, "image", null, uploads.file(simple)).status());
  }

  @Test
  void declaredTypeThatDiffersFromTheBytesIsUnsupported() {
    assertUnsupported("image", "image/png", uploads.bytes("plain.jpg"));
    assertUnsupported("image", "image/gif", uploads.bytes("plain.jpg"));
    assertUnsupported("voice", "audio/mpeg", uploads.bytes("voice.ogg"));
  }

  @Test
  void bytesOfTheOtherKindAreUnsupported() {
    assertUnsupported("image", null, uploads.bytes("voice.mp3"));
    assertUnsupported("image", "audio/mpeg", uploads.bytes("voice.mp3"));
    assertUnsupported("voice", null, uploads.bytes("plain.jpg"));
  }

  @Test
  void truncatedFilesAreUnsupported() {
    for (String fixture : new String[] {"plain.jpg", "text-chunk.png", "lossy.webp", "voice.ogg", "voice.m4a",
        "voice.webm"}) {
      byte[] whole = uploads.bytes(fixture);
      String kind = fixture.startsWith("voice") ? "voice" : "image";
      assertUnsupported(kind, null, Arrays.copyOf(whole, whole.length / 2));
    }
    assertUnsupported("voice", null, Arrays.copyOf(uploads.bytes("voice.mp3"), 300));
  }

  @Test
  void randomAndEmptyBytesAreUnsupported() {
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    assertUnsupported("image", null, noise);
    assertUnsupported("voice", null, noise);
    assertUnsupported("image", null, new byte[0]);
  }

  @Test
  void corruptPngChecksumIsUnsupported() {
    byte[] png = uploads.bytes("text-chunk.png");
    png[png.length - 20] ^= 0x55; // inside the last IDAT
    assertUnsupported("image", null, png);
  }

  @Test
  void craftedLengthsAreCheckedNotTrusted() {
    byte[] m4a = uploads.bytes("voice.m4a");
    int stsz = VoiceInspectionTest.indexOf(m4a, ascii("stsz"));
    m4a[stsz + 12] = 0x7F; // sample count 0x7Fxxxxxx in a small box
    assertUnsupported("voice", null, m4a);

    byte[] webm = uploads.bytes("voice.webm");
    int tracks = lastBefore(webm, new byte[] {0x16, 0x54, (byte) 0xAE, 0x6B}, // the element, not its SeekHead entry
        VoiceInspectionTest.indexOf(webm, ascii("A_OPUS")));
    webm[tracks + 4] = 0x08; // an 8-byte size ...
    Arrays.fill(webm, tracks + 5, tracks + 12, (byte) 0x7F); // ... far past the file's end
    assertUnsupported("voice", null, webm);
  }

  @Test
  void otherCodecsInTheAcceptedContainersAreUnsupported() {
    byte[] notOpus = uploads.bytes("voice.ogg");
    notOpus[VoiceInspectionTest.indexOf(notOpus, ascii("OpusHead")) + 7] = 'X';
    assertUnsupported("voice", null, notOpus);

    byte[] matroska = uploads.bytes("voice.webm");
    int codec = VoiceInspectionTest.indexOf(matroska, ascii("A_OPUS"));
    System.arraycopy(ascii("A_FLAC"), 0, matroska, codec, 6);
    assertUnsupported("voice", null, matroska);
  }

  @Test
  void uploadOverTheByteLimitIsTooLarge() {
    MediaInspector small = new MediaInspector(new Limits(1000, 1000, 40_000_000, 12_000, 60_000));
    MediaRejected rejected = refused(small, "image", null, uploads.fixture("plain.jpg"));
    assertEquals(413, rejected.status());
    assertEquals("payload_too_large", rejected.code());
  }

  @Test
  void unknownKindIsABadRequest() {
    MediaRejected rejected = refused(inspector, "video", null, uploads.fixture("plain.jpg"));
    assertEquals(400, rejected.status());
    assertEquals("bad_request", rejected.code());
  }

  private void assertUnsupported(String kind, String declared, byte[] bytes) {
    MediaRejected rejected = refused(inspector, kind, declared, uploads.file(bytes));
    assertEquals(415, rejected.status(), rejected.getMessage());
    assertEquals("unsupported_media_type", rejected.code());
  }

  /** A PNG with a valid IHDR for any size and one tiny IDAT: what a pixel bomb looks like to a header reader. */
  static byte[] png(int width, int height) {
    byte[] ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).array();
    return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
        chunk("IHDR", ihdr), chunk("IDAT", new byte[] {0x78, (byte) 0x9C, 3, 0, 0, 0, 0, 1}),
        chunk("IEND", new byte[0]));
  }

  private static byte[] chunk(String type, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(ascii(type));
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(ascii(type)).put(data)
        .putInt((int) crc.getValue()).array();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static int lastBefore(byte[] haystack, byte[] needle, int before) {
    int found = -1;
    for (int at = VoiceInspectionTest.indexOf(haystack, needle); at >= 0 && at < before; ) {
      found = at;
      int next = VoiceInspectionTest.indexOf(Arrays.copyOfRange(haystack, at + 1, haystack.length), needle);
      at = next < 0 ? -1 : at + 1 + next;
    }
    return found;
  }

  private static int countSoi(byte[] jpeg) {
    int count = 0;
    for (int i = 0; i + 2 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xD8 && (jpeg[i + 2] & 0xFF) == 0xFF) {
        count++;
      }
    }
    return count;
  }
}
