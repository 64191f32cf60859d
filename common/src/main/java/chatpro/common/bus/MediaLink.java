package chatpro.common.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A link to a media object (or its thumbnail) that needs no header: media-service signs it ({@code MEDIA_LINK}) and
 * checks it ({@code MEDIA_LINK_OPEN}); the gateway only carries it to and from a path on its own origin. The fields
 * are kept exactly as the link carried them, so a changed character fails the signature.
 *
 * @param expires the end of its validity, in epoch seconds
 * @param signature lowercase hex HMAC-SHA256 over the other fields
 */
public record MediaLink(String orgId, String mediaId, boolean thumbnail, long expires, String signature) {

  public static MediaLink from(JsonObject json) {
    return new MediaLink(json.getString("orgId"), json.getString("mediaId"), json.getBoolean("thumbnail", false),
        json.getLong("expires", 0L), json.getString("signature"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("orgId", orgId).put("mediaId", mediaId).put("thumbnail", thumbnail)
        .put("expires", expires).put("signature", signature);
  }

  public Instant expiresAt() {
    return Instant.ofEpochSecond(expires);
  }
}
