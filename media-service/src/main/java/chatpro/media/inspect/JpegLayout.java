package chatpro.media.inspect;

import chatpro.media.inspect.PictureLayout.Piece;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a JPEG's segments: the frame size from SOFn, the orientation from EXIF, and the same JPEG without metadata.
 *
 * <p>Kept: the JFIF header (its embedded thumbnail dropped: it can show the uncropped original), the ICC profile
 * (colours), Adobe APP14 (colour transform) and every segment the decoder needs. Dropped: every other APPn (EXIF with
 * GPS, XMP, IPTC, maker notes, MPF) and comments. Bytes after EOI follow {@link Trailing}.
 */
final class JpegLayout {
  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int APP0 = 0xE0;
  private static final int APP1 = 0xE1;
  private static final int APP2 = 0xE2;
  private static final int APP14 = 0xEE;
  private static final int COM = 0xFE;
  /** Progressive files use about ten scans; thousands only make a decoder spin. */
  private static final int MAX_SCANS = 256;

  private final Bytes b;
  private final Limits limits;
  private final List<Piece> kept = new ArrayList<>();
  private int width = -1;
  private int height = -1;
  private int orientation = ExifOrientation.UPRIGHT;
  private int scans;

  private JpegLayout(Bytes b, Limits limits) {
    this.b = b;
    this.limits = limits;
  }

  static PictureLayout read(Bytes b, Limits limits) throws MediaRejected {
    return new JpegLayout(b, limits).walk();
  }

  private PictureLayout walk() throws MediaRejected {
    kept.add(Piece.copy(0, 2));
    int pos = 2;
    while (true) {
      b.require(pos, 2);
      int marker = b.at(pos + 1);
      if (b.at(pos) != 0xFF || marker == 0x00 || marker == SOI) {
        throw MediaRejected.unsupported("the JPEG has a broken segment structure");
      }
      if (marker == 0xFF) {
        pos++; // fill byte before a marker
      } else if (marker == EOI) {
        kept.add(Piece.copy(pos, 2));
        return finish(pos + 2);
      } else if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
        kept.add(Piece.copy(pos, 2)); // TEM and RSTn stand alone, without a length
        pos += 2;
      } else {
        pos = segment(marker, pos);
      }
    }
  }

  /** Handles one segment with a length; answers where the next marker starts. */
  private int segment(int marker, int pos) throws MediaRejected {
    int len = b.u16be(pos + 2);
    if (len < 2) {
      throw MediaRejected.unsupported("the JPEG has a segment shorter than its header");
    }
    b.require(pos + 2, len);
    int end = pos + 2 + len;
    if (isFrameHeader(marker)) {
      frameHeader(pos, len);
    } else if (marker == SOS) {
      if (width < 0 || ++scans > MAX_SCANS) {
        throw MediaRejected.unsupported("the JPEG has a scan before its frame header or too many scans");
      }
      int dataEnd = entropyEnd(end);
      kept.add(Piece.copy(pos, dataEnd - pos));
      return dataEnd;
    } else if (marker == APP0) {
      keepJfifWithoutThumbnail(pos, len);
      return end;
    } else if (marker >= APP1 && marker <= 0xEF || marker == COM) {
      metadata(marker, pos, len);
      return end;
    }
    kept.add(Piece.copy(pos, end - pos));
    return end;
  }

  private void metadata(int marker, int pos, int len) {
    if (marker == APP1 && b.startsWith(pos + 4, "Exif\0\0") && orientation == ExifOrientation.UPRIGHT) {
      orientation = ExifOrientation.read(b, pos + 4, len - 2);
    } else if (marker == APP2 && b.startsWith(pos + 4, "ICC_PROFILE\0")
        || marker == APP14 && b.startsWith(pos + 4, "Adobe")) {
      kept.add(Piece.copy(pos, len + 2));
    }
  }

  private static boolean isFrameHeader(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private void frameHeader(int pos, int len) throws MediaRejected {
    if (width >= 0 || len < 8) {
      throw MediaRejected.unsupported("the JPEG has more than one frame header or a short one");
    }
    height = b.u16be(pos + 5);
    width = b.u16be(pos + 7);
    limits.checkPicture(width, height);
  }

  /** Keeps the 14-byte JFIF header with its thumbnail size set to 0×0, and drops JFXX and other APP0 blocks. */
  private void keepJfifWithoutThumbnail(int pos, int len) throws MediaRejected {
    if (len < 16 || !b.startsWith(pos + 4, "JFIF\0")) {
      return;
    }
    byte[] jfif = b.copy(pos, 18);
    jfif[2] = 0;
    jfif[3] = 16;
    jfif[16] = 0;
    jfif[17] = 0;
    kept.add(Piece.literal(jfif));
  }

  /** The entropy-coded data after a scan header runs to the next marker that is not a stuffed byte or RSTn. */
  private int entropyEnd(int from) throws MediaRejected {
    int n = b.size();
    for (int i = from; i + 1 < n; i++) {
      if (b.at(i) != 0xFF) {
        continue;
      }
      int next = b.at(i + 1);
      if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
        return i;
      }
    }
    throw MediaRejected.unsupported("the JPEG ends inside its image data");
  }

  private PictureLayout finish(int end) throws MediaRejected {
    if (scans == 0) {
      throw MediaRejected.unsupported("the JPEG has no image data");
    }
    Trailing.check(b, end);
    return new PictureLayout(width, height, orientation, kept);
  }
}
