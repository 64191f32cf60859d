package chatpro.media.inspect;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * What a picture's structure walk found, before any pixel is decoded: its stored size, its EXIF orientation, and
 * the pieces that make the same picture without metadata (ranges of the upload and a few rewritten headers).
 */
record PictureLayout(int width, int height, int orientation, List<Piece> clean) {

  /** A range of the upload to copy as is, or bytes the walk rewrote. */
  record Piece(int pos, int len, byte[] literal) {
    static Piece copy(int pos, int len) {
      return new Piece(pos, len, null);
    }

    static Piece literal(byte[] bytes) {
      return new Piece(0, bytes.length, bytes);
    }
  }

  void writeClean(Bytes b, OutputStream out) throws IOException, MediaRejected {
    for (Piece piece : clean) {
      if (piece.literal() != null) {
        out.write(piece.literal());
      } else {
        b.writeTo(out, piece.pos(), piece.len());
      }
    }
  }
}
