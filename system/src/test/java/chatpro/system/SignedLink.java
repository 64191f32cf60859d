package chatpro.system;

import chatpro.common.bus.MediaLink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A media link in the form docs/protocol.md gives it
 * ({@code /api/v1/media/{id}/content?org=…[&thumbnail=true]&expires=…&signature=…}), taken apart so a test can
 * change one piece of it the way a curious client would.
 */
record SignedLink(String mediaId, Map<String, String> query) {
  static final String PREFIX = "/api/v1/media/";
  static final String SUFFIX = "/content";

  /** A link as {@code GET /api/v1/media/{id}/url} answers it. */
  static SignedLink parse(String url) {
    int q = url.indexOf('?');
    String path = url.substring(0, q);
    if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
      throw new IllegalArgumentException("not a media link on the gateway's origin: " + url);
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : url.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      query.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return new SignedLink(path.substring(PREFIX.length(), path.length() - SUFFIX.length()), query);
  }

  /** The link a signer made, written the way the gateway writes it. */
  static SignedLink of(MediaLink link) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("org", link.orgId());
    if (link.thumbnail()) {
      query.put("thumbnail", "true");
    }
    query.put("expires", Long.toString(link.expires()));
    query.put("signature", link.signature());
    return new SignedLink(link.mediaId(), query);
  }

  /** The same link with one query parameter set to another value, or left out when {@code value} is null. */
  SignedLink with(String name, String value) {
    Map<String, String> changed = new LinkedHashMap<>(query);
    if (value == null) {
      changed.remove(name);
    } else {
      changed.put(name, value);
    }
    return new SignedLink(mediaId, changed);
  }

  SignedLink forMedia(String otherMediaId) {
    return new SignedLink(otherMediaId, query);
  }

  String path() {
    return PREFIX + mediaId + SUFFIX + "?" + query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&"));
  }
}
