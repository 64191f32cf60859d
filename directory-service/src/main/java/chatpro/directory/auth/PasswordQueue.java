package chatpro.directory.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * Decides which argon2 job runs next: highest priority first, first come first served within a priority; work
 * other than logins may hold at most {@code max(1, threads - 1)} threads, so a login always finds one free (with two
 * threads or more). At most {@code capacity} jobs wait; when full, a job of a higher priority takes the place of the
 * newest waiting job of the lowest priority, and a job that finds no such place is refused.
 *
 * <p>Pure bookkeeping, not thread-safe: {@link PasswordWork} calls it under its lock.
 */
final class PasswordQueue<T> {
  /** Job classes, most urgent first. */
  enum Priority {
    /** Someone waiting at a sign-in screen: login checks, sign-in code redemption, their own password change. */
    LOGIN,
    /** An admin's single action: creating a person, resetting a password, creating an organisation. */
    ACCOUNT,
    /** A row of a bulk import. */
    IMPORT
  }

  /** What an offer came to: accepted, and the waiting job it displaced (null if none), or refused. */
  record Offer<T>(boolean accepted, T displaced) {}

  /** A job handed to a thread. */
  record Taken<T>(Priority priority, T job) {}

  private final int threads;
  private final int capacity;
  private final int otherLimit;
  private final Map<Priority, Deque<T>> waiting = new EnumMap<>(Priority.class);
  private int waitingCount;
  private int running;
  private int runningOther;

  PasswordQueue(int threads, int capacity) {
    if (threads < 1 || capacity < 1) {
      throw new IllegalArgumentException("threads and capacity must be at least 1");
    }
    this.threads = threads;
    this.capacity = capacity;
    this.otherLimit = Math.max(1, threads - 1);
    for (Priority p : Priority.values()) {
      waiting.put(p, new ArrayDeque<>());
    }
  }

  /** How many threads work other than logins may hold at once. */
  int otherLimit() {
    return otherLimit;
  }

  int waiting() {
    return waitingCount;
  }

  int running() {
    return running;
  }

  Offer<T> offer(Priority priority, T job) {
    T displaced = null;
    if (waitingCount >= capacity) {
      Priority lowest = lowestWaitingBelow(priority);
      if (lowest == null) {
        return new Offer<>(false, null);
      }
      displaced = waiting.get(lowest).pollLast();
      waitingCount--;
    }
    waiting.get(priority).addLast(job);
    waitingCount++;
    return new Offer<>(true, displaced);
  }

  /** The job a free thread should run now, counted as running; null when none may run. */
  Taken<T> next() {
    if (running >= threads) {
      return null;
    }
    for (Priority p : Priority.values()) {
      Deque<T> queue = waiting.get(p);
      if (queue.isEmpty()) {
        continue;
      }
      if (p != Priority.LOGIN && runningOther >= otherLimit) {
        return null;
      }
      waitingCount--;
      running++;
      if (p != Priority.LOGIN) {
        runningOther++;
      }
      return new Taken<>(p, queue.pollFirst());
    }
    return null;
  }

  /** A job handed out by {@link #next()} has finished. */
  void finished(Priority priority) {
    running--;
    if (priority != Priority.LOGIN) {
      runningOther--;
    }
  }

  /** Takes any waiting job, limits aside (when stopping); null when none waits. */
  Taken<T> drain() {
    for (Priority p : Priority.values()) {
      T job = waiting.get(p).pollFirst();
      if (job != null) {
        waitingCount--;
        return new Taken<>(p, job);
      }
    }
    return null;
  }

  private Priority lowestWaitingBelow(Priority incoming) {
    Priority[] all = Priority.values();
    for (int i = all.length - 1; i > incoming.ordinal(); i--) {
      if (!waiting.get(all[i]).isEmpty()) {
        return all[i];
      }
    }
    return null;
  }
}
