package chatpro.media.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides what an uploaded file is from its bytes and turns it into what is stored, or refuses it. Plain blocking
 * code: the service calls it from a worker thread with the upload already streamed to a temporary file.
 *
 * <p>In order: the kind must be "image" or "voice" (else 400); the file must fit the kind's byte limit (else 413);
 * the magic number picks a candidate type, which must be of the asked kind and match the declared Content-Type
 * (else 415); then the format's own structure walk checks every length against the file, reads the declared picture
 * size (refusing pixel bombs with 413 before anything is decoded) or the voice note's length (413 past the limit,
 * 415 when it has none), and rejects markup hidden after the file's end (see {@link Trailing}). Pictures are stored
 * without metadata and upright with a thumbnail ({@link PictureInspection}); voice notes are stored as uploaded,
 * with a duration and a waveform ({@link Waveform}) and no tag of theirs read or returned.
 *
 * <p>Holds no state but its limits, so one instance serves every worker thread.
 */
public final class MediaInspector {
  private final Limits limits;
  private final PictureInspection pictures;

  public MediaInspector(Limits limits) {
    this.limits = limits;
    this.pictures = new PictureInspection(limits);
  }

  /**
   * Inspects one upload.
   *
   * @param kind                "image" or "voice", as the uploader asked
   * @param declaredContentType the request's Content-Type; null, blank or application/octet-stream claim nothing
   * @param file                the uploaded bytes; left in place (the caller deletes it)
   * @throws MediaRejected with the protocol's status and code when the upload is refused
   * @throws IOException   when the file system fails, never for bad input
   */
  public Inspected inspect(String kind, String declaredContentType, Path file) throws IOException, MediaRejected {
    if (!MediaType.IMAGE.equals(kind) && !MediaType.VOICE.equals(kind)) {
      throw MediaRejected.badRequest("kind must be image or voice");
    }
    long size = Files.size(file);
    if (size > limits.maxBytes(kind)) {
      throw MediaRejected.tooLarge("the upload is larger than " + limits.maxBytes(kind) + " bytes");
    }
    if (size == 0) {
      throw MediaRejected.unsupported("the upload is empty");
    }
    Bytes bytes = Bytes.map(file);
    MediaType type = MediaType.sniff(bytes);
    if (!type.kind.equals(kind)) {
      String wanted = kind.equals(MediaType.IMAGE) ? "picture" : "voice note";
      throw MediaRejected.unsupported("the bytes are not a " + wanted);
    }
    DeclaredType.check(declaredContentType, type);
    if (type.kind.equals(MediaType.IMAGE)) {
      return pictures.inspect(type, bytes, file);
    }
    Voice voice = switch (type) {
      case OGG_OPUS -> OggOpus.read(bytes, limits);
      case WEBM_OPUS -> WebmOpus.read(bytes, limits);
      case MP4_AAC -> Mp4Aac.read(bytes, limits);
      default -> Mp3Audio.read(bytes, limits);
    };
    return new Inspected(kind, type.mime, file, size, null, null, voice.durationMs(), voice.waveform(), null);
  }
}
