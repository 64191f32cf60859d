package chatpro.media.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** One stored picture or voice note: what was derived from its bytes, and where the bytes are. */
public record MediaRecord(UUID id, UUID orgId, UUID uploaderId, String kind, String mime, long size, Integer width,
                          Integer height, Long durationMs, int[] waveform, String objectKey, String thumbnailKey,
                          java.time.Instant claimedAt) {

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
