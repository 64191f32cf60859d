package chatpro.media.inspect;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an uploaded picture into what is stored: no metadata, upright, with a thumbnail.
 *
 * <p>An upright picture keeps its own encoding: its metadata is cut out byte for byte, so quality is untouched and
 * nothing is decoded at full size. A picture whose EXIF orientation turns or mirrors it is decoded, turned and
 * re-encoded (JPEG at quality 0.9, PNG losslessly), so every viewer shows it the right way up whether or not it
 * reads EXIF. No WebP encoder ships with ImageIO, so a turned WebP is stored as JPEG, or PNG when it has
 * transparency, and its answered mime says so.
 */
final class PictureInspection {
  private final Limits limits;

  PictureInspection(Limits limits) {
    this.limits = limits;
  }

  Inspected inspect(MediaType type, Bytes bytes, Path upload) throws IOException, MediaRejected {
    PictureLayout layout = switch (type) {
      case JPEG -> JpegLayout.read(bytes, limits);
      case PNG -> PngLayout.read(bytes, limits);
      default -> WebpLayout.read(bytes, limits);
    };
    List<Path> created = new ArrayList<>();
    try {
      Inspected result = store(type, bytes, upload, layout, created);
      created.clear();
      return result;
    } finally {
      for (Path path : created) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Writes the stored picture and its thumbnail, listing each file it creates so a refusal can remove them. */
  private Inspected store(MediaType type, Bytes bytes, Path upload, PictureLayout layout, List<Path> created)
      throws IOException, MediaRejected {
    Path clean = newFile(upload, extension(type), created);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(clean))) {
      layout.writeClean(bytes, out);
    }
    Path stored = clean;
    String mime = type.mime;
    BufferedImage forThumbnail;
    if (layout.orientation() == ExifOrientation.UPRIGHT) {
      int step = PictureCodec.thumbnailStep(Math.max(layout.width(), layout.height()));
      forThumbnail = PictureCodec.decode(clean, step);
    } else {
      BufferedImage upright = PictureCodec.upright(PictureCodec.decode(clean, 1), layout.orientation());
      MediaType storedType = type == MediaType.WEBP ? reencodedWebpType(upright) : type;
      stored = newFile(upload, extension(storedType), created);
      encode(upright, storedType, stored);
      mime = storedType.mime;
      forThumbnail = upright;
    }
    Path thumbnail = newFile(upload, ".jpg", created);
    PictureCodec.writeJpeg(PictureCodec.shrink(forThumbnail, PictureCodec.THUMBNAIL_SIDE), thumbnail,
        PictureCodec.THUMBNAIL_QUALITY);
    if (stored != clean) {
      Files.delete(clean);
      created.remove(clean);
    }
    boolean turned = ExifOrientation.swapsSides(layout.orientation());
    int width = turned ? layout.height() : layout.width();
    int height = turned ? layout.width() : layout.height();
    return new Inspected(MediaType.IMAGE, mime, stored, Files.size(stored), width, height, null, null, thumbnail);
  }

  private static MediaType reencodedWebpType(BufferedImage image) {
    return image.getColorModel().hasAlpha() ? MediaType.PNG : MediaType.JPEG;
  }

  private static void encode(BufferedImage image, MediaType type, Path file) throws IOException {
    if (type == MediaType.PNG) {
      PictureCodec.writePng(image, file);
    } else {
      PictureCodec.writeJpeg(image, file, PictureCodec.STORED_QUALITY);
    }
  }

  /** Outputs go beside the upload: the service already chose that directory for media in flight. */
  private static Path newFile(Path upload, String extension, List<Path> created) throws IOException {
    Path dir = upload.toAbsolutePath().getParent();
    Path file = Files.createTempFile(dir, "chatpro-media-", extension);
    created.add(file);
    return file;
  }

  private static String extension(MediaType type) {
    return switch (type) {
      case PNG -> ".png";
      case WEBP -> ".webp";
      default -> ".jpg";
    };
  }
}
