package chatpro.gateway.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Set;

/**
 * The client's address for per-address limits: the connection's peer, unless that peer is a trusted proxy, in which
 * case the right-most address in {@code X-Forwarded-For} that is not itself a trusted proxy.
 */
public final class ClientAddress {
  private final Set<String> trustedProxies;

  public ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = Set.copyOf(trustedProxies);
  }

  public String of(HttpServerRequest request) {
    String peer = request.remoteAddress().hostAddress();
    if (!trustedProxies.contains(peer)) {
      return peer;
    }
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop.length() > 64 ? hop.substring(0, 64) : hop;
      }
    }
    return peer;
  }
}
