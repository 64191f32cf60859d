package chatpro.media.inspect;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Test uploads staged as the service would: fixtures copied into a temporary directory, or bytes made by a test. */
final class Uploads {
  private final Path dir;
  private int count;

  Uploads(Path dir) {
    this.dir = dir;
  }

  /** A copy of a fixture under src/test/resources/media. */
  Path fixture(String name) {
    try (InputStream in = Uploads.class.getResourceAsStream("/media/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      Path file = dir.resolve("upload-" + (++count) + "-" + name);
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] bytes(String name) {
    try {
      return Files.readAllBytes(fixture(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path file(byte[] bytes) {
    try {
      return Files.write(dir.resolve("upload-" + (++count)), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The inspector's refusal of these bytes, failing the test when it accepts them. */
  static MediaRejected refused(MediaInspector inspector, String kind, String declared, Path file) {
    return assertThrows(MediaRejected.class, () -> inspector.inspect(kind, declared, file));
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /** The JPEG markers before the first scan, to check what metadata segments a stored file still has. */
  static List<Integer> jpegMarkersBeforeScan(byte[] jpeg) {
    List<Integer> markers = new ArrayList<>();
    int pos = 2;
    while (pos + 4 <= jpeg.length) {
      int marker = jpeg[pos + 1] & 0xFF;
      markers.add(marker);
      if (marker == 0xDA) {
        break;
      }
      pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | jpeg[pos + 3] & 0xFF);
    }
    return markers;
  }

  /** The tags in IFD0 of the first APP1 Exif segment, read independently of the code under test; empty if none. */
  static List<Integer> exifIfd0Tags(byte[] jpeg) {
    List<Integer> tags = new ArrayList<>();
    int pos = 2;
    while (pos + 4 <= jpeg.length && (jpeg[pos + 1] & 0xFF) != 0xDA) {
      int len = (jpeg[pos + 2] & 0xFF) << 8 | jpeg[pos + 3] & 0xFF;
      boolean exif = (jpeg[pos + 1] & 0xFF) == 0xE1
          && new String(jpeg, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("Exif");
      if (exif) {
        java.nio.ByteBuffer tiff = java.nio.ByteBuffer.wrap(jpeg, pos + 10, len - 8).slice();
        tiff.order(tiff.get(0) == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        int ifd = tiff.getInt(4);
        int entries = tiff.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < entries; i++) {
          tags.add(tiff.getShort(ifd + 2 + i * 12) & 0xFFFF);
        }
        return tags;
      }
      pos += 2 + len;
    }
    return tags;
  }

  static boolean contains(byte[] haystack, String ascii) {
    byte[] needle = ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
