package chatpro.gateway.http;

import chatpro.common.bus.MediaLink;
import chatpro.common.error.ChatproException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How a signed media link looks on this origin, so pages with {@code default-src 'self'} can load it:
 * {@code /api/v1/media/{id}/content?org=<orgId>[&thumbnail=true]&expires=<epoch seconds>&signature=<hex>}.
 * The gateway only writes and reads this form; media-service signs and checks what it carries.
 */
final class ContentLinks {
  static final String ROUTE = "/api/v1/media/:id/content";

  private ContentLinks() {}

  /** The answer of {@code GET /api/v1/media/{id}/url}: {@code {"url","expiresAt"}}. */
  static Reply answer(MediaLink link) {
    return Reply.ok(new JsonObject().put("url", path(link)).put("expiresAt", chatpro.common.time.Times.format(link.expiresAt())));
  }

  static String path(MediaLink link) {
    return "/api/v1/media/" + encode(link.mediaId()) + "/content?org=" + encode(link.orgId())
        + (link.thumbnail() ? "&thumbnail=true" : "")
        + "&expires=" + link.expires()
        + "&signature=" + encode(link.signature());
  }

  /** The link a request presents; one whose expiry is not even a number is as unknown as any other bad link. */
  static MediaLink parse(RoutingContext ctx) {
    String expires = ctx.request().getParam("expires");
    long epochSeconds;
    try {
      epochSeconds = Long.parseLong(expires == null ? "" : expires);
    } catch (NumberFormatException e) {
      throw ChatproException.notFound("media");
    }
    return new MediaLink(ctx.request().getParam("org"), ctx.pathParam("id"), thumbnail(ctx), epochSeconds,
        ctx.request().getParam("signature"));
  }

  /** {@code ?thumbnail=true} asks for the thumbnail, on the signed link as on {@code /url}. */
  static boolean thumbnail(RoutingContext ctx) {
    return "true".equalsIgnoreCase(ctx.request().getParam("thumbnail"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
