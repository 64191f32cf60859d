package chatpro.messaging.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  /** A clock that moves only when told. */
  static final class StepClock extends Clock {
    Instant now = Instant.parse("2026-12-01T08:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aBurstOfThirtyGoesThroughAndTheThirtyFirstWaitsOneSecond() {
    StepClock clock = new StepClock();
    RateLimiter limiter = new RateLimiter(30, 10, clock);
    for (int i = 0; i < 30; i++) {
      assertEquals(0, limiter.tryTake("alice"), "send " + (i + 1));
    }
    assertEquals(1, limiter.tryTake("alice"), "the 31st is refused, retry after 1 s");
    assertEquals(1, limiter.tryTake("alice"), "a refused send takes nothing, but gives nothing back either");
  }

  @Test
  void theAllowanceComesBackAtTheRate() {
    StepClock clock = new StepClock();
    RateLimiter limiter = new RateLimiter(30, 10, clock);
    for (int i = 0; i < 30; i++) {
      limiter.tryTake("alice");
    }
    clock.advance(Duration.ofMillis(99));
    assertEquals(1, limiter.tryTake("alice"));
    clock.advance(Duration.ofMillis(1));
    assertEquals(0, limiter.tryTake("alice"), "one send back after 100 ms");
    assertEquals(1, limiter.tryTake("alice"));
    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 10; i++) {
      assertEquals(0, limiter.tryTake("alice"), "ten back after a second: " + i);
    }
    assertEquals(1, limiter.tryTake("alice"));
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 30; i++) {
      assertEquals(0, limiter.tryTake("alice"), "never more than the burst: " + i);
    }
    assertEquals(1, limiter.tryTake("alice"));
  }

  @Test
  void eachPersonHasTheirOwnAllowance() {
    StepClock clock = new StepClock();
    RateLimiter limiter = new RateLimiter(2, 1, clock);
    limiter.tryTake("alice");
    limiter.tryTake("alice");
    assertEquals(1, limiter.tryTake("alice"));
    assertEquals(0, limiter.tryTake("bob"));
  }

  @Test
  void aPerMinuteLimitSaysHowManySecondsToWait() {
    StepClock clock = new StepClock();
    RateLimiter limiter = RateLimiter.perMinute(30, clock);
    for (int i = 0; i < 30; i++) {
      assertEquals(0, limiter.tryTake("alice"));
    }
    assertEquals(2, limiter.tryTake("alice"), "30 per minute: one more every 2 s");
    clock.advance(Duration.ofMillis(1500));
    assertEquals(1, limiter.tryTake("alice"), "half a second left rounds up to 1");
    clock.advance(Duration.ofMillis(500));
    assertEquals(0, limiter.tryTake("alice"));
  }

  @Test
  void bucketsThatFilledUpAgainAreForgotten() {
    StepClock clock = new StepClock();
    RateLimiter limiter = new RateLimiter(30, 10, clock);
    limiter.tryTake("alice");
    for (int i = 0; i < 30; i++) {
      limiter.tryTake("bob");
    }
    clock.advance(Duration.ofMillis(100));
    assertEquals(1, limiter.forgetIdle(), "alice is full again, bob is not");
    clock.advance(Duration.ofSeconds(3));
    assertEquals(0, limiter.forgetIdle());
    for (int i = 0; i < 30; i++) {
      assertEquals(0, limiter.tryTake("bob"), "a forgotten bucket starts full: " + i);
    }
  }
}
