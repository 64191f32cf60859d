package chatpro.media.inspect;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Decodes, turns upright, shrinks and encodes pictures with ImageIO. Callers have already checked the declared size
 * against the limits, so a decode here allocates at most what those limits allow.
 */
final class PictureCodec {
  static final int THUMBNAIL_SIDE = 320;
  static final float STORED_QUALITY = 0.9f;
  static final float THUMBNAIL_QUALITY = 0.8f;

  private PictureCodec() {}

  /**
   * Decodes every {@code step}-th pixel in each direction: a thumbnail of a big picture then needs a fraction of its
   * memory, since the readers subsample row by row.
   */
  static BufferedImage decode(Path file, int step) throws IOException, MediaRejected {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw MediaRejected.unsupported("the picture cannot be decoded");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(0, param);
      } catch (IOException | RuntimeException broken) {
        // The file is a local copy we just wrote, so a failure here is the decoder refusing the bytes; decoders
        // of untrusted input also fail with runtime exceptions (bad indexes) on corrupt data.
        throw MediaRejected.unsupported("the picture cannot be decoded");
      } finally {
        reader.dispose();
      }
    }
  }

  /** The subsampling step that still leaves at least twice the thumbnail size, for a smooth final shrink. */
  static int thumbnailStep(int longSide) {
    return Math.max(1, longSide / (2 * THUMBNAIL_SIDE));
  }

  /** Turns a picture the way its EXIF orientation (1..8) says a viewer should show it. */
  static BufferedImage upright(BufferedImage src, int orientation) {
    if (orientation == ExifOrientation.UPRIGHT) {
      return src;
    }
    int w = src.getWidth();
    int h = src.getHeight();
    AffineTransform t = switch (orientation) {
      case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);   // mirrored
      case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);  // upside down
      case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);   // mirrored upside down
      case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);    // mirrored, a quarter turn
      case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);   // a quarter turn clockwise
      case 7 -> new AffineTransform(0, -1, -1, 0, h, w);  // mirrored, three quarters
      default -> new AffineTransform(0, -1, 1, 0, 0, w);  // 8: a quarter turn anticlockwise
    };
    boolean turned = ExifOrientation.swapsSides(orientation);
    BufferedImage out = new BufferedImage(turned ? h : w, turned ? w : h, workingType(src));
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.drawImage(src, t, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Shrinks to at most {@code maxSide} on the long side, halving step by step so detail is averaged, not dropped. */
  static BufferedImage shrink(BufferedImage src, int maxSide) {
    double scale = Math.min(1.0, (double) maxSide / Math.max(src.getWidth(), src.getHeight()));
    int targetW = Math.max(1, (int) Math.round(src.getWidth() * scale));
    int targetH = Math.max(1, (int) Math.round(src.getHeight() * scale));
    BufferedImage current = src;
    int w = src.getWidth();
    int h = src.getHeight();
    do {
      w = Math.max(targetW, w / 2);
      h = Math.max(targetH, h / 2);
      current = opaqueCopy(current, w, h);
    } while (w != targetW || h != targetH);
    return current;
  }

  /** Writes a JPEG with no metadata but the JFIF header the encoder always adds. */
  static void writeJpeg(BufferedImage image, Path file, float quality) throws IOException {
    int type = image.getType();
    boolean encodable = type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_3BYTE_BGR
        || type == BufferedImage.TYPE_BYTE_GRAY;
    BufferedImage rgb = encodable ? image : opaqueCopy(image, image.getWidth(), image.getHeight());
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(rgb, null, null), param);
    } finally {
      writer.dispose();
    }
  }

  static void writePng(BufferedImage image, Path file) throws IOException {
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG encoder");
    }
  }

  /** Drawn on white, because JPEG has no transparency and black behind a logo looks broken. */
  private static BufferedImage opaqueCopy(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static int workingType(BufferedImage src) {
    if (src.getColorModel().hasAlpha()) {
      return BufferedImage.TYPE_INT_ARGB;
    }
    return src.getType() == BufferedImage.TYPE_BYTE_GRAY ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
  }
}
