package chatpro.bench;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The hard stop of a run (--max-seconds), and the blocking waits of the main thread, each bounded by it: whatever
 * the server does, every wait ends.
 */
final class Deadline {
  /** The hard stop was reached; the run ends with what it has. */
  static final class HardStop extends RuntimeException {
    HardStop(String what) {
      super("hard stop (--max-seconds) reached while " + what);
    }
  }

  private final long endNanos;

  Deadline(long seconds) {
    this.endNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
  }

  long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
  }

  boolean passed() {
    return System.nanoTime() - endNanos >= 0;
  }

  /** Waits for a future at most {@code timeoutMs} (and never past the hard stop). */
  <T> T await(Future<T> future, long timeoutMs, String what) {
    long limit = Math.min(timeoutMs, remainingMillis());
    try {
      return future.toCompletionStage().toCompletableFuture().get(limit, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (passed()) {
        throw new HardStop(what);
      }
      throw new IllegalStateException(what + ": no answer within " + timeoutMs / 1000 + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(what + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HardStop(what);
    }
  }

  /**
   * Polls {@code done} every {@code pollMs} until it holds or {@code timeoutMs} passes; {@code tick} runs each
   * round (progress lines, token refresh). Answers whether {@code done} held; past the hard stop it throws.
   */
  boolean until(BooleanSupplier done, long timeoutMs, long pollMs, Runnable tick, String what) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMs, remainingMillis() + 1000));
    while (true) {
      if (done.getAsBoolean()) {
        return true;
      }
      if (passed()) {
        throw new HardStop(what);
      }
      if (System.nanoTime() - end >= 0) {
        return false;
      }
      sleep(Math.min(pollMs, Math.max(1, remainingMillis())));
      if (tick != null) {
        tick.run();
      }
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HardStop("sleeping");
    }
  }
}
