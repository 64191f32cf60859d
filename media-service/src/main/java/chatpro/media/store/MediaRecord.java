package chatpro.media.store;

import chatpro.media.crypto.Variant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One stored picture or voice note: what was derived from its bytes, where the bytes are, and the keysets they are
 * encrypted with (wrapped by the uploader's key, see {@code MediaCipher}; null for an object stored before media
 * were encrypted, which is read as it is).
 */
public record MediaRecord(UUID id, UUID orgId, UUID uploaderId, String kind, String mime, long size, Integer width,
                          Integer height, Long durationMs, int[] waveform, String objectKey, String thumbnailKey,
                          String objectKeyset, String thumbnailKeyset, java.time.Instant claimedAt) {

  /** The object key of one variant (null: a voice note has no thumbnail). */
  public String key(Variant variant) {
    return variant == Variant.THUMBNAIL ? thumbnailKey : objectKey;
  }

  /** The wrapped keyset of one variant (null: stored before media were encrypted). */
  public String keyset(Variant variant) {
    return variant == Variant.THUMBNAIL ? thumbnailKeyset : objectKeyset;
  }

  /** The upload answer: {@code {"id","kind","mime","size","width"?,"height"?,"durationMs"?,"waveform"?}}. */
  public JsonObject toJson() {
    return describe().put("kind", kind);
  }

  /** The {@code media} of a message event: {@code {"id","mime","size","width"?,"height"?,"durationMs"?,"waveform"?}}. */
  public JsonObject describe() {
    JsonObject json = new JsonObject().put("id", id.toString()).put("mime", mime).put("size", size);
    if (width != null) {
      json.put("width", width).put("height", height);
    }
    if (durationMs != null) {
      json.put("durationMs", durationMs);
    }
    if (waveform != null) {
      JsonArray levels = new JsonArray();
      for (int level : waveform) {
        levels.add(level);
      }
      json.put("waveform", levels);
    }
    return json;
  }

  /** The file name offered on download: the id and the type's usual extension, never a name a client chose. */
  public String fileName(boolean thumbnail) {
    if (thumbnail) {
      return id + "-thumbnail.jpg";
    }
    String extension = switch (mime) {
      case "image/jpeg" -> "jpg";
      case "image/png" -> "png";
      case "image/webp" -> "webp";
      case "audio/ogg" -> "ogg";
      case "audio/webm" -> "webm";
      case "audio/mp4" -> "m4a";
      case "audio/mpeg" -> "mp3";
      default -> "bin";
    };
    return id + "." + extension;
  }
}
