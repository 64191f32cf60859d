package chatpro.directory.auth;

import chatpro.common.crypto.Hashes;
import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.directory.user.User;
import chatpro.directory.user.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * Login, refresh-token rotation with reuse detection, and logout. Every way a login can fail gives the same 401,
 * and an unknown user costs the same argon2 work as a wrong password.
 */
public final class Logins {
  static final String NEW_SESSION = "INSERT INTO sessions (family_id, user_id, org_id, device)"
      + " VALUES ($1, $2, $3, $4)";
  /** The longest device summary kept (the gateway makes them far shorter). */
  static final int DEVICE_MAX = 100;
  static final String NEW_REFRESH = "INSERT INTO refresh_tokens (token_hash, family_id, user_id, org_id, expires_at)"
      + " VALUES ($1, $2, $3, $4, $5)";
  static final String FIND_REFRESH = "SELECT r.family_id, r.user_id, r.org_id, r.expires_at, r.used_at,"
      + " s.revoked_at FROM refresh_tokens r JOIN sessions s ON s.family_id = r.family_id"
      + " WHERE r.token_hash = $1 FOR UPDATE OF r";
  static final String USE_REFRESH = "UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1";
  static final String USER = "SELECT id, org_id, username, display_name, title, department, location, roles, active,"
      + " version FROM users WHERE id = $1";
  /**
   * Taken before a login starts or is refreshed: a deactivation holds the row's update lock from its check until it
   * commits, so a login waits for it and then reads the user as it left them; no login starts that the
   * deactivation did not end. (Shared: logins of one person do not wait for each other.)
   */
  static final String LOCK_ACTIVE = "SELECT active FROM users WHERE id = $1 FOR SHARE";
  /** The same lock for a refresh, taken before its token's row, in the order every other writer takes them. */
  static final String LOCK_ACTIVE_OF_REFRESH = "SELECT u.active FROM users u"
      + " WHERE u.id = (SELECT user_id FROM refresh_tokens WHERE token_hash = $1) FOR SHARE OF u";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final PasswordWork passwords;
  private final UserRepository users;
  private final TokenIssuer tokens;
  private final Sessions sessions;
  private final LoginLimiter limiter;
  private final Duration refreshTtl;
  private final Clock clock;

  public Logins(Pool pool, PasswordWork passwords, UserRepository users, TokenIssuer tokens, Sessions sessions,
      LoginLimiter limiter, Duration refreshTtl, Clock clock) {
    this.pool = pool;
    this.passwords = passwords;
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
    this.limiter = limiter;
    this.refreshTtl = refreshTtl;
    this.clock = clock;
  }

  /** {@code {org, username, password, clientAddress}} → tokens and the user. */
  public Future<JsonObject> login(JsonObject request) {
    String org = request.getValue("org") instanceof String s && s.length() <= 100 ? s : "";
    String username = request.getValue("username") instanceof String s && s.length() <= 100 ? s : "";
    String password = request.getValue("password") instanceof String s && s.length() <= 1024 ? s : "";
    String address = request.getString("clientAddress");
    return limiter.guarded(limiter.reserve(org, username, address), reservation -> users.credentials(org, username)
        .compose(found -> check(password, found, address, reservation.failures()))
        .compose(user -> user != null ? startSession(user, device(request)) : Future.failedFuture(invalidLogin())),
        ErrorCode.UNAUTHORIZED);
  }

  /**
   * The user when the password is theirs and they are active, else null. Someone unknown, or without a password yet
   * (they sign in with a code first), is checked against a decoy hash: the same work, the same answer, and the same
   * place in the queue, which ranks a check by the failures counted for its address and the name typed, never by
   * whether that name exists.
   */
  private Future<User> check(String password, java.util.Optional<UserRepository.Credentials> found, String address,
      int failures) {
    String hash = found.map(UserRepository.Credentials::passwordHash).orElse(null);
    return passwords.verifyLogin(address, failures, password, hash)
        .map(ok -> ok && found.get().user().active() ? found.get().user() : null);
  }

  /** {@code {refreshToken}} → new tokens; a token used twice ends its whole login. */
  public Future<JsonObject> refresh(JsonObject request) {
    String token = request.getValue("refreshToken") instanceof String s && s.length() < 200 ? s : "";
    byte[] hash = Hashes.sha256(token);
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_ACTIVE_OF_REFRESH).execute(Tuple.of(hash))
        .compose(locked -> conn.preparedQuery(FIND_REFRESH).execute(Tuple.of(hash)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ChatproException.unauthorized());
          }
          var row = rows.iterator().next();
          UUID family = row.getUUID("family_id");
          if (row.getValue("used_at") != null) {
            // A refresh token used twice was copied: end the whole login, the thief's copy included.
            return sessions.endOne(conn, family).map(ended -> new Refresh(null, ended));
          }
          boolean expired = row.getOffsetDateTime("expires_at").toInstant().isBefore(clock.instant());
          if (row.getValue("revoked_at") != null || expired) {
            return Future.failedFuture(ChatproException.unauthorized());
          }
          return conn.preparedQuery(USE_REFRESH).execute(Tuple.of(hash))
              .compose(v -> conn.preparedQuery(USER).execute(Tuple.of(row.getUUID("user_id"))))
              .compose(users -> {
                User user = User.from(users.iterator().next());
                if (!user.active()) {
                  return Future.failedFuture(ChatproException.unauthorized());
                }
                return issue(conn, user, family).map(tokens -> new Refresh(tokens, null));
              });
        }))
        .compose(result -> {
          if (result.reused() != null) {
            sessions.announce(result.reused());
            return Future.failedFuture(ChatproException.unauthorized());
          }
          return Future.succeededFuture(result.tokens());
        });
  }

  /** What a refresh came to: new tokens, or a reused token's ended login. */
  private record Refresh(JsonObject tokens, Sessions.Ended reused) {}

  /** {@code {caller, all}} ends the caller's login, or every login of theirs, on every gateway node at once. */
  public Future<JsonObject> logout(JsonObject request) {
    Caller caller = Caller.from(request);
    boolean all = Boolean.TRUE.equals(request.getValue("all"));
    return pool.withTransaction(conn -> all
            ? sessions.endAll(conn, caller.userUuid(), null)
            : sessions.endOne(conn, UUID.fromString(caller.sessionId())))
        .onSuccess(sessions::announce)
        .map(e -> new JsonObject());
  }

  private Future<JsonObject> startSession(User user, String device) {
    return pool.withTransaction(conn -> startSession(conn, user, device));
  }

  /** The device a login request names (the gateway's summary of its User-Agent), or null. */
  public static String device(JsonObject request) {
    return request.getValue("device") instanceof String d && !d.isBlank() && d.length() <= DEVICE_MAX ? d : null;
  }

  /** Starts a login in the caller's transaction: the login answer ({@code accessToken, refreshToken, ...}). */
  public Future<JsonObject> startSession(SqlConnection conn, User user, String device) {
    UUID family = UUID.randomUUID();
    return conn.preparedQuery(LOCK_ACTIVE).execute(Tuple.of(UUID.fromString(user.id())))
        .compose(rows -> stillActive(rows) ? conn.preparedQuery(NEW_SESSION)
            .execute(Tuple.of(family, UUID.fromString(user.id()), UUID.fromString(user.orgId()), device))
            : Future.failedFuture(invalidLogin()))
        .compose(v -> issue(conn, user, family));
  }

  /** The user as the lock found them: a deactivation that committed while this login checked the password wins. */
  private static boolean stillActive(io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows) {
    return rows.size() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("active"));
  }

  private Future<JsonObject> issue(SqlConnection conn, User user, UUID family) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    OffsetDateTime expires = OffsetDateTime.ofInstant(clock.instant().plus(refreshTtl), ZoneOffset.UTC);
    return conn.preparedQuery(NEW_REFRESH)
        .execute(Tuple.of(Hashes.sha256(refresh), family, UUID.fromString(user.id()), UUID.fromString(user.orgId()), expires))
        .map(v -> new JsonObject()
            .put("accessToken", tokens.issue(user, family.toString()))
            .put("refreshToken", refresh)
            .put("expiresIn", tokens.ttlSeconds())
            .put("user", user.toJson()));
  }

  private static ChatproException invalidLogin() {
    return new ChatproException(ErrorCode.UNAUTHORIZED, "wrong organisation, username or password");
  }
}
