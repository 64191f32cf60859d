package chatpro.gateway;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The Origin check of the WebSocket upgrade (cross-site WebSocket hijacking). A request without Origin is not from a
 * browser page and passes; a browser's Origin must be listed, or by default be the gateway's own origin.
 */
final class Origins {
  private final List<String> allowed;

  Origins(List<String> allowed) {
    this.allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
  }

  boolean allows(String origin, String authority) {
    if (origin == null) {
      return true;
    }
    String o = origin.toLowerCase(Locale.ROOT);
    if (!allowed.isEmpty()) {
      return allowed.contains(o) || allowed.contains("*");
    }
    try {
      URI uri = URI.create(o);
      String host = uri.getHost();
      int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
      return authority != null && (host + ":" + port).equals(normalise(authority, uri.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String normalise(String authority, String scheme) {
    String a = authority.toLowerCase(Locale.ROOT);
    if (a.lastIndexOf(':') > a.lastIndexOf(']')) {
      return a;
    }
    return a + ":" + ("https".equals(scheme) ? 443 : 80);
  }
}
