package chatpro.media.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures that are accepted: what is stored, the size reported, the thumbnail. */
class PictureInspectionTest {
  private static final int APP1 = 0xE1;
  private static final int GPS_IFD = 0x8825;

  @TempDir
  Path dir;
  private Uploads uploads;
  private final MediaInspector inspector = new MediaInspector(Limits.defaults());

  @BeforeEach
  void setUp() {
    uploads = new Uploads(dir);
  }

  @Test
  void jpegWithGpsIsStoredWithoutExif() throws Exception {
    byte[] original = uploads.bytes("photo-gps-orientation6.jpg");
    assertTrue(Uploads.exifIfd0Tags(original).contains(GPS_IFD), "the fixture must carry GPS to prove anything");

    Inspected result = inspector.inspect("image", "image/jpeg", uploads.fixture("photo-gps-orientation6.jpg"));

    byte[] stored = Files.readAllBytes(result.storedFile());
    List<Integer> markers = Uploads.jpegMarkersBeforeScan(stored);
    assertFalse(markers.contains(APP1), "no APP1 (EXIF or XMP) segment may remain: " + markers);
    assertFalse(markers.contains(0xFE), "no comment segment may remain");
    assertTrue(Uploads.exifIfd0Tags(stored).isEmpty());
    assertFalse(Uploads.contains(stored, "Exif\0\0"));
    assertFalse(Uploads.contains(stored, "Test Person"));
    assertFalse(Uploads.contains(stored, "secret comment"));
    assertEquals(stored.length, result.size());
  }

  @Test
  void orientationSixIsReportedAndStoredUpright() throws Exception {
    // The fixture stores 80×40 pixels with a red square top-left and says "turn a quarter clockwise".
    Inspected result = inspector.inspect("image", null, uploads.fixture("photo-gps-orientation6.jpg"));

    assertEquals("image/jpeg", result.mime());
    assertEquals(40, result.width());
    assertEquals(80, result.height());
    BufferedImage stored = ImageIO.read(result.storedFile().toFile());
    assertEquals(40, stored.getWidth());
    assertEquals(80, stored.getHeight());
    assertTrue(isRed(stored.getRGB(32, 8)), "the red square turns to the top right");
    assertFalse(isRed(stored.getRGB(8, 8)));
    BufferedImage thumbnail = ImageIO.read(result.thumbnail().toFile());
    assertTrue(isRed(thumbnail.getRGB(thumbnail.getWidth() - 5, 5)), "the thumbnail is upright too");
  }

  @Test
  void uprightJpegKeepsItsPixelsByteForByte() throws Exception {
    byte[] original = uploads.bytes("plain.jpg");

    Inspected result = inspector.inspect("image", "image/jpg", uploads.fixture("plain.jpg"));

    assertEquals("image/jpeg", result.mime());
    assertEquals(64, result.width());
    assertEquals(48, result.height());
    assertNull(result.durationMs());
    assertNull(result.waveform());
    byte[] stored = Files.readAllBytes(result.storedFile());
    int scan = indexOfScan(original);
    assertArrayEquals(java.util.Arrays.copyOfRange(original, scan, original.length),
        java.util.Arrays.copyOfRange(stored, indexOfScan(stored), stored.length), "the image data is not re-encoded");
  }

  @Test
  void pngTextChunksAreDropped() throws Exception {
    byte[] original = uploads.bytes("text-chunk.png");
    assertTrue(Uploads.contains(original, "tEXt") || Uploads.contains(original, "iTXt"));

    Inspected result = inspector.inspect("image", "image/png", uploads.fixture("text-chunk.png"));

    byte[] stored = Files.readAllBytes(result.storedFile());
    assertEquals("image/png", result.mime());
    assertFalse(Uploads.contains(stored, "tEXt"));
    assertFalse(Uploads.contains(stored, "iTXt"));
    assertFalse(Uploads.contains(stored, "zTXt"));
    assertFalse(Uploads.contains(stored, "secret text"));
    BufferedImage decoded = ImageIO.read(result.storedFile().toFile());
    assertEquals(40, decoded.getWidth());
    assertEquals(30, decoded.getHeight());
    assertEquals(40, result.width());
  }

  @Test
  void webpExifAndXmpAreRemovedWithoutReencoding() throws Exception {
    byte[] original = uploads.bytes("exif-gps.webp");
    assertTrue(Uploads.contains(original, "EXIF") && Uploads.contains(original, "XMP "));

    Inspected result = inspector.inspect("image", "image/webp", uploads.fixture("exif-gps.webp"));

    byte[] stored = Files.readAllBytes(result.storedFile());
    assertEquals("image/webp", result.mime());
    assertFalse(Uploads.contains(stored, "EXIF"));
    assertFalse(Uploads.contains(stored, "XMP "));
    assertFalse(Uploads.contains(stored, "Test Person"));
    int riffSize = java.nio.ByteBuffer.wrap(stored, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    assertEquals(stored.length - 8, riffSize, "the RIFF size matches the new length");
    assertEquals(0, stored[20] & 0x0C, "the VP8X EXIF and XMP flags are cleared");
    assertEquals(60, result.width());
    assertEquals(40, result.height());
    assertDecodable(result.storedFile(), 60, 40);
  }

  @Test
  void plainWebpIsAcceptedWithItsSize() throws Exception {
    Inspected result = inspector.inspect("image", "application/octet-stream", uploads.fixture("lossy.webp"));

    assertEquals("image/webp", result.mime());
    assertEquals(60, result.width());
    assertEquals(40, result.height());
    assertDecodable(result.thumbnail(), 60, 40);
  }

  @Test
  void turnedWebpIsStoredUprightAsJpeg() throws Exception {
    // 80×40 pixels, red square top-left, EXIF orientation 8: a quarter turn anticlockwise shows it bottom left.
    Inspected result = inspector.inspect("image", null, uploads.fixture("orientation8.webp"));

    assertEquals("image/jpeg", result.mime());
    assertEquals(40, result.width());
    assertEquals(80, result.height());
    BufferedImage stored = ImageIO.read(result.storedFile().toFile());
    assertTrue(isRed(stored.getRGB(8, 72)), "the red square turns to the bottom left");
    assertFalse(isRed(stored.getRGB(8, 8)));
  }

  @Test
  void thumbnailIsAtMost320OnTheLongSideAndKeepsTheAspect() throws Exception {
    Path upload = uploads.file(png(1600, 1000));

    Inspected result = inspector.inspect("image", "image/png", upload);

    assertEquals(1600, result.width());
    assertEquals(1000, result.height());
    assertNotNull(result.thumbnail());
    byte[] thumbnail = Files.readAllBytes(result.thumbnail());
    assertEquals(0xFF, thumbnail[0] & 0xFF, "the thumbnail is a JPEG");
    assertEquals(0xD8, thumbnail[1] & 0xFF);
    assertTrue(Uploads.exifIfd0Tags(thumbnail).isEmpty());
    assertDecodable(result.thumbnail(), 320, 200);
  }

  @Test
  void smallPictureThumbnailIsNotEnlarged() throws Exception {
    Inspected result = inspector.inspect("image", null, uploads.fixture("plain.jpg"));

    assertDecodable(result.thumbnail(), 64, 48);
  }

  private static void assertDecodable(Path file, int width, int height) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, "decodable");
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
  }

  private static boolean isRed(int rgb) {
    Color c = new Color(rgb);
    return c.getRed() > 180 && c.getBlue() < 90 && c.getGreen() < 90;
  }

  private static int indexOfScan(byte[] jpeg) {
    for (int i = 0; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) {
        return i;
      }
    }
    return -1;
  }

  static byte[] png(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.DARK_GRAY);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
