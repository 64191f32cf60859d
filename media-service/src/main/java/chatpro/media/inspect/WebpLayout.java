package chatpro.media.inspect;

import chatpro.media.inspect.PictureLayout.Piece;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks a WebP's RIFF chunks: the size from VP8X or the bitstream header, the orientation from EXIF, and the same
 * WebP without metadata: EXIF and XMP chunks removed, their VP8X flags cleared and the RIFF size fixed. The size of
 * every bitstream and animation frame is checked too, because a decoder allocates by those, not by the canvas.
 * Bytes after the RIFF size follow {@link Trailing}.
 */
final class WebpLayout {
  private static final int HEADER = 12;
  private static final int EXIF_FLAG = 0x08;
  private static final int XMP_FLAG = 0x04;
  private static final Set<String> KEPT = Set.of("VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP");

  private final Bytes b;
  private final Limits limits;
  private final List<Piece> kept = new ArrayList<>();
  private int width = -1;
  private int height = -1;
  private boolean canvas;
  private boolean sawImage;
  private int orientation = ExifOrientation.UPRIGHT;

  private WebpLayout(Bytes b, Limits limits) {
    this.b = b;
    this.limits = limits;
  }

  static PictureLayout read(Bytes b, Limits limits) throws MediaRejected {
    return new WebpLayout(b, limits).walk();
  }

  private PictureLayout walk() throws MediaRejected {
    long riffEnd = 8 + b.u32le(4);
    b.require(0, riffEnd);
    int pos = HEADER;
    while (pos < riffEnd) {
      String fourcc = b.ascii(pos, 4);
      long len = b.u32le(pos + 4);
      long next = pos + 8 + len + (len & 1);
      if (next > riffEnd || pos == HEADER && !fourcc.startsWith("VP8")) {
        throw MediaRejected.unsupported("the WebP has a broken chunk structure");
      }
      chunk(fourcc, pos, (int) len);
      int whole = (int) (next - pos);
      if (KEPT.contains(fourcc)) {
        kept.add(fourcc.equals("VP8X") ? withoutMetadataFlags(pos, whole) : Piece.copy(pos, whole));
      }
      pos = (int) next;
    }
    if (!sawImage) {
      throw MediaRejected.unsupported("the WebP has no image data");
    }
    Trailing.check(b, (int) riffEnd);
    kept.add(0, Piece.literal(riffHeader()));
    return new PictureLayout(width, height, orientation, kept);
  }

  private void chunk(String fourcc, int pos, int len) throws MediaRejected {
    int data = pos + 8;
    switch (fourcc) {
      case "VP8X" -> {
        requireLength(len, 10);
        canvas = true;
        size(b.u24le(data + 4) + 1, b.u24le(data + 7) + 1);
      }
      case "VP8 ", "VP8L" -> {
        bitstream(fourcc, data, len);
        sawImage = true;
      }
      case "ANMF" -> {
        animationFrame(data, len);
        sawImage = true;
      }
      case "EXIF" -> orientation = ExifOrientation.read(b, data, len);
      default -> { } // ALPH, ANIM and ICCP need no check; XMP and unknown chunks are dropped
    }
  }

  /** Checks a VP8 or VP8L bitstream's declared size; the first one sizes a simple (non-VP8X) file. */
  private void bitstream(String fourcc, int data, int len) throws MediaRejected {
    int w;
    int h;
    if (fourcc.equals("VP8 ")) {
      requireLength(len, 10);
      if (b.at(data + 3) != 0x9D || b.at(data + 4) != 0x01 || b.at(data + 5) != 0x2A) {
        throw MediaRejected.unsupported("the WebP has a VP8 frame without a start code");
      }
      w = b.u16le(data + 6) & 0x3FFF;
      h = b.u16le(data + 8) & 0x3FFF;
    } else {
      requireLength(len, 5);
      if (b.at(data) != 0x2F) {
        throw MediaRejected.unsupported("the WebP has a VP8L stream without its signature");
      }
      long bits = b.u32le(data + 1);
      w = (int) (bits & 0x3FFF) + 1;
      h = (int) (bits >> 14 & 0x3FFF) + 1;
    }
    limits.checkPicture(w, h);
    if (!canvas && width < 0) {
      width = w;
      height = h;
    }
  }

  /** An animation frame: its own size, then the bitstreams inside it (one level deep, walked in a loop). */
  private void animationFrame(int data, int len) throws MediaRejected {
    requireLength(len, 16);
    limits.checkPicture(b.u24le(data + 6) + 1L, b.u24le(data + 9) + 1L);
    int pos = data + 16;
    int end = data + len;
    while (pos + 8 <= end) {
      String fourcc = b.ascii(pos, 4);
      long sub = b.u32le(pos + 4);
      if (pos + 8 + sub > end) {
        throw MediaRejected.unsupported("the WebP has a broken animation frame");
      }
      if (fourcc.equals("VP8 ") || fourcc.equals("VP8L")) {
        bitstream(fourcc, pos + 8, (int) sub);
      }
      pos += 8 + (int) (sub + (sub & 1));
    }
  }

  private void size(int w, int h) throws MediaRejected {
    limits.checkPicture(w, h);
    width = w;
    height = h;
  }

  private static void requireLength(int len, int min) throws MediaRejected {
    if (len < min) {
      throw MediaRejected.unsupported("the WebP has a chunk too short for its header");
    }
  }

  private Piece withoutMetadataFlags(int pos, int len) throws MediaRejected {
    byte[] vp8x = b.copy(pos, len);
    vp8x[8] &= (byte) ~(EXIF_FLAG | XMP_FLAG);
    return Piece.literal(vp8x);
  }

  private byte[] riffHeader() {
    long body = 4;
    for (Piece piece : kept) {
      body += piece.len();
    }
    return ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 'R').put((byte) 'I').put((byte) 'F').put((byte) 'F').putInt((int) body)
        .put((byte) 'W').put((byte) 'E').put((byte) 'B').put((byte) 'P').array();
  }
}
