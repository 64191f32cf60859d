package chatpro.media.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.media.crypto.Variant;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InternalLinksTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
  private final UUID org = UUID.randomUUID();
  private final UUID media = UUID.randomUUID();

  @Test
  void aUrlIsAcceptedAsSignedUntilItExpiresAndNotChanged() {
    InternalLinks links = links(Clock.systemUTC());
    URI url = URI.create(links.content(org, media, Variant.ORIGINAL, Duration.ofMinutes(5)));
    assertTrue(url.toString().startsWith("http://127.0.0.1:1234/media/" + org + "/" + media + "/original?"));
    String expires = param(url, "expires");
    String signature = param(url, "signature");
    assertTrue(links.accepts(url.getPath(), expires, signature));
    assertFalse(links.accepts(url.getPath().replace("original", "thumbnail"), expires, signature));
    assertFalse(links.accepts("/media/" + org + "/" + UUID.randomUUID() + "/original", expires, signature));
    assertFalse(links.accepts(url.getPath(), Long.toString(Long.parseLong(expires) + 60), signature));
    assertFalse(links.accepts(url.getPath(), expires, signature.toUpperCase()));
    assertFalse(links.accepts(url.getPath(), "soon", signature));
    assertFalse(links.accepts(url.getPath(), null, signature));
    assertFalse(links(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6))).accepts(url.getPath(), expires,
        signature), "expired");
    InternalLinks otherKey = new InternalLinks("another key of thirty-two bytes!".getBytes(), Clock.systemUTC());
    assertFalse(otherKey.accepts(url.getPath(), expires, signature));
  }

  private static InternalLinks links(Clock clock) {
    InternalLinks links = new InternalLinks(KEY, clock);
    links.listeningAt("http://127.0.0.1:1234");
    return links;
  }

  private static String param(URI url, String name) {
    for (String pair : url.getQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return null;
  }
}
