package chatpro.media.inspect;

import chatpro.media.inspect.PictureLayout.Piece;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Walks a PNG's chunks, checking each CRC: the size from IHDR, the orientation from eXIf, and the same PNG without
 * metadata. Only chunks that change how the picture looks are kept (an allow-list, so new text-like chunks are
 * dropped too); tEXt, zTXt, iTXt, eXIf, tIME and unknown ancillary chunks go. Bytes after IEND follow
 * {@link Trailing}.
 */
final class PngLayout {
  private static final int SIGNATURE = 8;
  private static final Set<String> KEPT = Set.of(
      "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs",
      "acTL", "fcTL", "fdAT"); // the last three animate an APNG and carry no metadata

  private PngLayout() {}

  static PictureLayout read(Bytes b, Limits limits) throws MediaRejected {
    List<Piece> kept = new ArrayList<>();
    kept.add(Piece.copy(0, SIGNATURE));
    int width = -1;
    int height = -1;
    int orientation = ExifOrientation.UPRIGHT;
    boolean sawData = false;
    int pos = SIGNATURE;
    while (true) {
      int len = checkedLength(b, pos);
      String type = type(b, pos + 4);
      if ((width < 0) != type.equals("IHDR") || type.equals("IHDR") && len != 13) {
        throw MediaRejected.unsupported("the PNG does not start with exactly one IHDR");
      }
      if (type.equals("IHDR")) {
        width = (int) b.u32be(pos + 8);
        height = (int) b.u32be(pos + 12);
        limits.checkPicture(width, height);
      } else if (type.equals("eXIf")) {
        orientation = ExifOrientation.read(b, pos + 8, len);
      }
      sawData |= type.equals("IDAT");
      if (KEPT.contains(type)) {
        kept.add(Piece.copy(pos, len + 12));
      } else if (Character.isUpperCase(type.charAt(0))) {
        throw MediaRejected.unsupported("the PNG has an unknown critical chunk");
      }
      pos += len + 12;
      if (type.equals("IEND")) {
        break;
      }
    }
    if (!sawData) {
      throw MediaRejected.unsupported("the PNG has no image data");
    }
    Trailing.check(b, pos);
    return new PictureLayout(width, height, orientation, kept);
  }

  /** The chunk's data length, once the whole chunk is known to exist and its CRC to match. */
  private static int checkedLength(Bytes b, int pos) throws MediaRejected {
    long len = b.u32be(pos);
    b.require(pos, len + 12);
    CRC32 crc = new CRC32();
    crc.update(b.slice(pos + 4, (int) len + 4));
    if (crc.getValue() != b.u32be(pos + 8 + (int) len)) {
      throw MediaRejected.unsupported("the PNG has a chunk with a wrong checksum");
    }
    return (int) len;
  }

  private static String type(Bytes b, int pos) throws MediaRejected {
    String type = b.ascii(pos, 4);
    for (int i = 0; i < 4; i++) {
      if (!Character.isLetter(type.charAt(i)) || type.charAt(i) > 'z') {
        throw MediaRejected.unsupported("the PNG has a chunk with an invalid type");
      }
    }
    return type;
  }
}
