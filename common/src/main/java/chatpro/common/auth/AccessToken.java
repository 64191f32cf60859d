package chatpro.common.auth;

import java.time.Instant;
import java.util.List;

/** What a verified access token says about its bearer. */
public record AccessToken(String userId, String orgId, List<String> roles, String sessionId, Instant issuedAt,
    Instant expiresAt) {

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
