package chatpro.messaging.limits;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets per key (a person's id): {@code burst} actions at once, then {@code perSecond} more each second.
 * Memory only, one map lookup and a little arithmetic per action. Must be used from one thread (the verticle's
 * event loop); {@link #forgetIdle()} drops the buckets that have filled up again, which are the same as no bucket.
 */
public final class RateLimiter {
  private final int burst;
  private final double perMilli;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new HashMap<>();

  /** @param perSecond how many actions come back per second (a fraction for per-minute limits) */
  public RateLimiter(int burst, double perSecond, Clock clock) {
    if (burst < 1 || perSecond <= 0) {
      throw new IllegalArgumentException("burst must be at least 1 and the rate above 0");
    }
    this.burst = burst;
    this.perMilli = perSecond / 1000.0;
    this.clock = clock;
  }

  /** A limit of {@code perMinute} actions per minute, all of which may come at once. */
  public static RateLimiter perMinute(int perMinute, Clock clock) {
    return new RateLimiter(perMinute, perMinute / 60.0, clock);
  }

  /**
   * Takes one action's allowance for {@code key}: 0 when it may go ahead, otherwise the whole seconds (at least 1)
   * until it would; a refused action takes nothing.
   */
  public long tryTake(String key) {
    long now = clock.millis();
    Bucket b = buckets.get(key);
    if (b == null) {
      b = new Bucket(burst, now);
      buckets.put(key, b);
    }
    b.refill(now, burst, perMilli);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    double waitMillis = (1 - b.tokens) / perMilli;
    return Math.max(1, (long) Math.ceil(waitMillis / 1000.0));
  }

  /** Forgets the buckets that are full again; returns how many are left. */
  public int forgetIdle() {
    long now = clock.millis();
    buckets.values().removeIf(b -> {
      b.refill(now, burst, perMilli);
      return b.tokens >= burst;
    });
    return buckets.size();
  }

  /** The buckets held now (for tests and metrics). */
  public int size() {
    return buckets.size();
  }

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    void refill(long now, int burst, double perMilli) {
      if (now > at) {
        tokens = Math.min(burst, tokens + (now - at) * perMilli);
        at = now;
      }
    }
  }
}
