package chatpro.messaging.limits;

import chatpro.common.bus.Caller;
import chatpro.common.config.ChatproConfig.RateConfig;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * What one person may do how fast: sends (WebSocket and REST together: both reach message-service) and chat
 * creation. Kept in this replica's memory, so a send costs a map lookup, not a database round trip.
 */
public final class PersonLimits {
  /** How often buckets that filled up again are forgotten. */
  public static final long FORGET_EVERY_MS = 60_000;

  private final RateLimiter sends;
  private final RateLimiter chats;

  public PersonLimits(RateConfig rates, Clock clock) {
    this.sends = new RateLimiter(rates.sendBurst(), rates.sendPerSecond(), clock);
    this.chats = RateLimiter.perMinute(rates.chatsPerMinute(), clock);
  }

  /** Succeeds when the caller may send now, else fails with {@code rate_limited} and the seconds to wait. */
  public Future<Void> send(Caller caller) {
    return allowed(sends, caller, "too many messages, slow down");
  }

  /** Succeeds when the caller may create a chat now, else fails with {@code rate_limited}. */
  public Future<Void> createChat(Caller caller) {
    return allowed(chats, caller, "too many new chats, wait a moment");
  }

  /** Drops the state of people who have been quiet long enough to have their whole allowance back. */
  public void forgetIdle() {
    sends.forgetIdle();
    chats.forgetIdle();
  }

  private static Future<Void> allowed(RateLimiter limiter, Caller caller, String message) {
    long wait = limiter.tryTake(caller.userId());
    return wait == 0 ? Future.succeededFuture()
        : Future.failedFuture(new ChatproException(ErrorCode.RATE_LIMITED, message, wait));
  }
}
