package chatpro.media.inspect;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The rule for bytes after a file's own end (after JPEG EOI, PNG IEND, the RIFF size, the last audio structure).
 *
 * <p>Phones append real data there: Ultra HDR gain maps and motion-photo videos after a JPEG's EOI, Samsung's trailer,
 * tag blocks after audio. Refusing all of it would refuse ordinary photos, so trailing bytes are tolerated and, for
 * pictures, never stored. What a polyglot needs is refused (415): markup a browser or an XML parser would act on
 * (HTML, script, SVG, XML) or another document's signature (PDF, ZIP/JAR).
 */
final class Trailing {
  private static final List<byte[]> MARKERS = List.of(
      lower("<script"), lower("<html"), lower("<!doctype"), lower("<svg"), lower("<?xml"), lower("<body"),
      lower("<head"), lower("<iframe"), lower("<object"), lower("<embed"), lower("<meta"), lower("<style"),
      lower("<img"), lower("<link"), lower("<form"), lower("javascript:"), lower("%pdf-"), lower("pk\u0003\u0004"));

  private Trailing() {}

  /** Refuses the upload when the bytes from {@code end} to the file's end carry markup or another document. */
  static void check(Bytes b, int end) throws MediaRejected {
    if (containsMarker(b, end, b.size())) {
      throw MediaRejected.unsupported("the file carries markup or another document after its end");
    }
  }

  /** Whether any marker starts in [from, to), compared without case. */
  static boolean containsMarker(Bytes b, int from, int to) {
    for (int i = from; i < to; i++) {
      int c = lowerCase(b.at(i));
      if (c != '<' && c != 'j' && c != '%' && c != 'p') {
        continue;
      }
      for (byte[] marker : MARKERS) {
        if (matches(b, i, to, marker)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matches(Bytes b, int pos, int to, byte[] marker) {
    if (pos + marker.length > to) {
      return false;
    }
    for (int k = 0; k < marker.length; k++) {
      if (lowerCase(b.at(pos + k)) != marker[k]) {
        return false;
      }
    }
    return true;
  }

  private static int lowerCase(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  private static byte[] lower(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
