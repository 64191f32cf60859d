package chatpro.directory.auth;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.directory.auth.PasswordQueue.Priority;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory's own argon2 threads: a fixed pool (one per core unless set) fed by a bounded priority queue, so a
 * 5,000-row import or a burst of new accounts never stands between a person and their login. Results come back on
 * the Vert.x context that asked, as Futures. Logins are served by their standing (see {@link PasswordQueue}): a
 * person with no failed logins behind them goes before a flood from addresses that keep failing. A full queue, or an
 * address past its share of a half-full one, sheds work with 429 {@code rate_limited}, Retry-After 1.
 */
public final class PasswordWork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordWork.class);

  /** How urgent a job is; see {@link PasswordQueue.Priority}. */
  public enum Kind {
    LOGIN(Priority.LOGIN), ACCOUNT(Priority.ACCOUNT), IMPORT(Priority.IMPORT);

    final Priority priority;

    Kind(Priority priority) {
      this.priority = priority;
    }
  }

  /**
   * How long a login's check may wait for a thread: past this the gateway is about to answer the person 503 (its
   * requests wait 15 s), so the check is dropped unhashed rather than spending a core on an answer no one reads.
   */
  static final long LOGIN_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(12);

  private final Vertx vertx;
  private final long loginWaitNanos;
  private final PasswordQueue<Job<?>> queue;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  /**
   * @param threadCount argon2 threads; 0 for one per available processor
   * @param capacity jobs that may wait before work is shed
   */
  public PasswordWork(Vertx vertx, int threadCount, int capacity) {
    this(vertx, threadCount, capacity, LOGIN_WAIT_NANOS);
  }

  PasswordWork(Vertx vertx, int threadCount, int capacity, long loginWaitNanos) {
    this.vertx = vertx;
    this.loginWaitNanos = loginWaitNanos;
    int size = threadCount > 0 ? threadCount : Runtime.getRuntime().availableProcessors();
    this.queue = new PasswordQueue<>(size, capacity);
    for (int i = 0; i < size; i++) {
      Thread t = new Thread(this::work, "chatpro-argon2-" + (i + 1));
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    LOG.info("password hashing on {} threads ({} at most for imports and accounts), {} may wait", size,
        queue.otherLimit(), capacity);
  }

  public int threads() {
    return threads.size();
  }

  /** The argon2id hash of a password. */
  public Future<String> hash(Kind kind, String password) {
    return submit(kind, () -> Passwords.hash(password));
  }

  /** Whether the password matches the hash; a null hash costs the same as a real one and answers false. */
  public Future<Boolean> verify(Kind kind, String password, String hash) {
    return submit(kind, () -> Passwords.verify(password, hash));
  }

  /**
   * A login's check, served by how its sign-in stands: {@code failures} counted for its client {@code address} and
   * account (fewer first), and its address held to its share of a busy queue.
   */
  Future<Boolean> verifyLogin(String address, int failures, String password, String hash) {
    return submit(Kind.LOGIN, new PasswordQueue.Standing(address, failures), () -> Passwords.verify(password, hash));
  }

  /** Runs {@code work} on an argon2 thread; the Future completes on the caller's context. */
  public <T> Future<T> submit(Kind kind, Callable<T> work) {
    return submit(kind, PasswordQueue.Standing.NONE, work);
  }

  private <T> Future<T> submit(Kind kind, PasswordQueue.Standing standing, Callable<T> work) {
    Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
    long expiresAt = kind == Kind.LOGIN ? System.nanoTime() + loginWaitNanos : 0;
    Job<T> job = new Job<>(work, Promise.promise(), context, expiresAt);
    PasswordQueue.Offer<Job<?>> offer;
    lock.lock();
    try {
      if (closed) {
        return Future.failedFuture(new ChatproException(ErrorCode.UNAVAILABLE, "the directory is stopping"));
      }
      offer = queue.offer(kind.priority, standing, job);
      if (offer.accepted()) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
    if (!offer.accepted()) {
      return Future.failedFuture(offer.outcome() == PasswordQueue.Outcome.ADDRESS_SHARE ? addressBusy() : busy());
    }
    if (offer.displaced() != null) {
      offer.displaced().fail(busy());
    }
    return job.promise.future();
  }

  private void work() {
    while (true) {
      PasswordQueue.Taken<Job<?>> taken = null;
      lock.lock();
      try {
        while (!closed && (taken = queue.next()) == null) {
          changed.awaitUninterruptibly();
        }
        if (closed) {
          return;
        }
      } finally {
        lock.unlock();
      }
      try {
        Job<?> job = taken.job();
        if (job.expired(System.nanoTime())) {
          job.fail(busy());
        } else {
          job.run();
        }
      } finally {
        lock.lock();
        try {
          queue.finished(taken.priority());
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Stops the threads; jobs still waiting fail with 503. */
  @Override
  public void close() {
    List<Job<?>> left = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      PasswordQueue.Taken<Job<?>> t;
      while ((t = queue.drain()) != null) {
        left.add(t.job());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    left.forEach(j -> j.fail(new ChatproException(ErrorCode.UNAVAILABLE, "the directory is stopping")));
  }

  private static ChatproException busy() {
    return new ChatproException(ErrorCode.RATE_LIMITED, "the server is busy, try again in a moment", 1);
  }

  private static ChatproException addressBusy() {
    return new ChatproException(ErrorCode.RATE_LIMITED, "too many sign-ins from this address are waiting, try again"
        + " in a moment", 1);
  }

  /** One piece of work, where its answer goes, and when waiting stops being worth it (nanoTime; 0: never). */
  private record Job<T>(Callable<T> work, Promise<T> promise, Context context, long expiresAt) {
    boolean expired(long now) {
      return expiresAt != 0 && now - expiresAt > 0;
    }

    void run() {
      try {
        T result = work.call();
        context.runOnContext(v -> promise.complete(result));
      } catch (Throwable e) {
        context.runOnContext(v -> promise.fail(e));
      }
    }

    void fail(Throwable e) {
      context.runOnContext(v -> promise.fail(e));
    }
  }
}
