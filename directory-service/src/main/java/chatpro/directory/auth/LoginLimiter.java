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
import java.util.List;
import java.util.Locale;

/**
 * Rate limits on failed logins, shared by every directory replica through PostgreSQL: at most 10 failures per
 * account and 100 per client address within 15 minutes; past that, logins answer 429 with Retry-After until the
 * oldest failure in the window ages out. Successful logins do not count. Failed sign-in code redemptions count
 * for the address the same way.
 *
 * <p>The limits hold under concurrency: a login <em>reserves</em> its failure before its password is checked (the
 * keys' counts are read and the reservation written under a transaction-scoped advisory lock per key, so no two
 * logins read the same count, all in one statement: one round trip, so a flood's reservations do not hold the
 * pool's connections long), and gives it back when the password was right or the check never happened. So of
 * any number of simultaneous wrong logins for one account at most 10 are checked; the rest answer 429 at once,
 * without costing any argon2 work.
 */
public final class LoginLimiter {
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final int PER_ACCOUNT = 10;
  static final int PER_ADDRESS = 100;
  /** Wrong current passwords one person may give when changing theirs (protocol.md "Rate limits"). */
  static final int PER_PASSWORD_CHANGE = 10;
  /** The whole reservation, one round trip: see the function's comment in {@code V11__login_reservation.sql}. */
  static final String RESERVE = "SELECT failures, refused, oldest FROM reserve_login_failure($1, $2, $3, $4)";
  /** A reservation given back: one row of each of its keys at its instant (identical rows are the same to a limit). */
  static final String RELEASE = "DELETE FROM login_failures WHERE ctid IN (SELECT DISTINCT ON (limit_key) ctid"
      + " FROM login_failures WHERE limit_key = ANY($1) AND at = $2)";
  static final String PURGE = "DELETE FROM login_failures WHERE at < $1";

  /**
   * The failures a login has reserved: kept if it fails, given back otherwise; {@code failures} is how many its keys
   * already had in the window (other logins' reservations included), how its argon2 check is ranked.
   */
  public record Reservation(List<String> keys, OffsetDateTime at, int failures) {}

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
    return "address:" + (address == null ? "unknown" : address);
  }

  /** Reserves a failure for the account and the address, or fails with 429 when either limit is reached. */
  public Future<Reservation> reserve(String org, String username, String address) {
    return reserve(List.of(new Limit(accountKey(org, username), PER_ACCOUNT),
        new Limit(addressKey(address), PER_ADDRESS)));
  }

  /** Reserves a failure for the client address alone (sign-in codes have no account to count). */
  public Future<Reservation> reserveAddress(String address) {
    return reserve(List.of(new Limit(addressKey(address), PER_ADDRESS)));
  }

  /** Reserves a wrong current password for the person changing theirs, or 429 past 10 in 15 minutes. */
  public Future<Reservation> reservePasswordChange(java.util.UUID userId) {
    return reserve(List.of(new Limit("password:" + userId, PER_PASSWORD_CHANGE)));
  }

  /** Gives a reservation back: the login succeeded, or it failed for another reason than a wrong secret. */
  public Future<Void> release(Reservation reservation) {
    return pool.preparedQuery(RELEASE)
        .execute(Tuple.of(reservation.keys().toArray(String[]::new), reservation.at()))
        .mapEmpty();
  }

  /**
   * Runs {@code attempt} with a failure reserved: a result of {@code null} or a 401 keeps it (a wrong secret), any
   * other outcome gives it back (the person was right, or nothing was checked: a busy server is not a guess).
   */
  public <T> Future<T> guarded(Future<Reservation> reserved, java.util.function.Supplier<Future<T>> attempt) {
    return guarded(reserved, attempt, ErrorCode.UNAUTHORIZED);
  }

  /** As {@link #guarded(Future, java.util.function.Supplier)}, for an attempt whose wrong secret fails with {@code wrong}. */
  public <T> Future<T> guarded(Future<Reservation> reserved, java.util.function.Supplier<Future<T>> attempt,
      ErrorCode wrong) {
    return guarded(reserved, reservation -> attempt.get(), wrong);
  }

  /** As {@link #guarded(Future, java.util.function.Supplier)}, for an attempt that needs its reservation. */
  public <T> Future<T> guarded(Future<Reservation> reserved,
      java.util.function.Function<Reservation, Future<T>> attempt, ErrorCode wrong) {
    return reserved.compose(reservation -> attempt.apply(reservation)
        .compose(result -> release(reservation).map(result))
        .recover(e -> ChatproException.from(e).code() == wrong ? Future.failedFuture(e)
            : release(reservation).otherwiseEmpty().compose(v -> Future.failedFuture(e))));
  }

  /** Drops failures older than the window; called periodically. */
  public Future<Void> purge() {
    return pool.preparedQuery(PURGE)
        .execute(Tuple.of(OffsetDateTime.ofInstant(clock.instant().minus(WINDOW), ZoneOffset.UTC))).mapEmpty();
  }

  private record Limit(String key, int max) {}

  /**
   * One statement (its own transaction): each key locked in turn and counted, every count under its limit, then a
   * row for each; else 429 until the oldest failure of the key at its limit ages out.
   */
  private Future<Reservation> reserve(List<Limit> limits) {
    Instant now = clock.instant();
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    OffsetDateTime since = OffsetDateTime.ofInstant(now.minus(WINDOW), ZoneOffset.UTC);
    String[] keys = limits.stream().map(Limit::key).toArray(String[]::new);
    Integer[] maxima = limits.stream().map(Limit::max).toArray(Integer[]::new);
    return pool.preparedQuery(RESERVE).execute(Tuple.of(keys, maxima, since, at))
        .map(rows -> rows.iterator().next())
        .compose(row -> row.getInteger("refused") == null
            ? Future.succeededFuture(new Reservation(List.of(keys), at, row.getInteger("failures")))
            : Future.failedFuture(refusal(row.getOffsetDateTime("oldest").toInstant(), now)));
  }

  /** 429 until the oldest failure counted at the limit ages out of the window. */
  private static ChatproException refusal(Instant oldest, Instant now) {
    long retryAfter = Math.max(1, Duration.between(now, oldest.plus(WINDOW)).toSeconds() + 1);
    return new ChatproException(ErrorCode.RATE_LIMITED, "too many failed logins, try again later", retryAfter);
  }
}
