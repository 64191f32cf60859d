package chatpro.directory.auth;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Rate limits on failed logins, shared by every directory replica through PostgreSQL: at most 10 failures per
 * account and 100 per client address within 15 minutes; past that, logins answer 429 with Retry-After until the
 * oldest failure in the window ages out. Successful logins do not count. Failed sign-in code redemptions count
 * for the address the same way.
 */
public final class LoginLimiter {
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final int PER_ACCOUNT = 10;
  static final int PER_ADDRESS = 100;
  static final String WINDOW_STATS = "SELECT count(*) AS n, min(at) AS oldest FROM ("
      + " SELECT at FROM login_failures WHERE limit_key = $1 AND at > $2 ORDER BY at DESC LIMIT $3) recent";
  static final String RECORD = "INSERT INTO login_failures (limit_key, at) VALUES ($1, $3), ($2, $3)";
  static final String RECORD_ONE = "INSERT INTO login_failures (limit_key, at) VALUES ($1, $2)";
  static final String PURGE = "DELETE FROM login_failures WHERE at < $1";

  private final Pool pool;
  private final Clock clock;

  public LoginLimiter(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  static String accountKey(String org, String username) {
    return "account:" + org.toLowerCase(Locale.ROOT) + "/" + username.toLowerCase(Locale.ROOT);
  }

  static String addressKey(String address) {
    return "address:" + address;
  }

  /** Fails with 429 when either limit is reached. */
  public Future<Void> check(String org, String username, String address) {
    return check(accountKey(org, username), PER_ACCOUNT)
        .compose(v -> address == null ? Future.succeededFuture() : check(addressKey(address), PER_ADDRESS));
  }

  /** Fails with 429 when the client address has reached its limit (sign-in codes have no account to count). */
  public Future<Void> checkAddress(String address) {
    return check(addressKey(address == null ? "unknown" : address), PER_ADDRESS);
  }

  /** A failure counted for the client address only. */
  public Future<Void> recordAddressFailure(String address) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.preparedQuery(RECORD_ONE).execute(Tuple.of(addressKey(address == null ? "unknown" : address), now))
        .mapEmpty();
  }

  public Future<Void> recordFailure(String org, String username, String address) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.preparedQuery(RECORD)
        .execute(Tuple.of(accountKey(org, username), addressKey(address == null ? "unknown" : address), now))
        .mapEmpty();
  }

  /** Drops failures older than the window; called periodically. */
  public Future<Void> purge() {
    return pool.preparedQuery(PURGE)
        .execute(Tuple.of(OffsetDateTime.ofInstant(clock.instant().minus(WINDOW), ZoneOffset.UTC))).mapEmpty();
  }

  private Future<Void> check(String key, int limit) {
    Instant now = clock.instant();
    OffsetDateTime since = OffsetDateTime.ofInstant(now.minus(WINDOW), ZoneOffset.UTC);
    return pool.preparedQuery(WINDOW_STATS).execute(Tuple.of(key, since, limit)).compose(rows -> {
      var row = rows.iterator().next();
      if (row.getLong("n") < limit) {
        return Future.succeededFuture();
      }
      Instant oldest = row.getOffsetDateTime("oldest").toInstant();
      long retryAfter = Math.max(1, Duration.between(now, oldest.plus(WINDOW)).toSeconds() + 1);
      return Future.failedFuture(new ChatproException(ErrorCode.RATE_LIMITED,
          "too many failed logins, try again later", retryAfter));
    });
  }
}
