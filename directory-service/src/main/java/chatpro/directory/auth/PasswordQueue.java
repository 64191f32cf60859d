package chatpro.directory.auth;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which argon2 job runs next: highest priority first; within a priority, the job whose sign-in stands best
 * (fewest failed logins counted for its client address and account) first, and first come first served among
 * equals. Work other than logins may hold at most {@code max(1, threads - 1)} threads, so a login always finds one
 * free (with two threads or more). At most {@code capacity} jobs wait; when full, a job takes the place of the
 * newest waiting job of a lower priority, or of its own priority but worse standing, and a job that finds no such
 * place is refused. Once half the capacity waits, one client address may hold at most {@code addressShare} waiting
 * jobs: so a flood from addresses that keep failing never stands between a clean sign-in and its hash, and no one
 * address fills the queue.
 *
 * <p>Pure bookkeeping, not thread-safe: {@link PasswordWork} calls it under its lock.
 */
final class PasswordQueue<T> {
  /** Waiting jobs one address may hold once the queue is half full. */
  static final int ADDRESS_SHARE = 4;

  /** Job classes, most urgent first. */
  enum Priority {
    /** Someone waiting at a sign-in screen: login checks, sign-in code redemption, their own password change. */
    LOGIN,
    /** An admin's single action: creating a person, resetting a password, creating an organisation. */
    ACCOUNT,
    /** A row of a bulk import. */
    IMPORT
  }

  /**
   * How a job's sign-in stands: the client address it came from (null: none, never held to a share) and the failed
   * logins the limiter counted for that address and the account in the window, other sign-ins' checks still under
   * way included. Fewer goes first.
   */
  record Standing(String address, int failures) {
    /** Work that is no sign-in from an address (an admin's action, an import row, a signed-in person's change). */
    static final Standing NONE = new Standing(null, 0);

    Standing {
      failures = Math.max(0, failures);
    }
  }

  /** Why an offer was refused, if it was. */
  enum Outcome {
    ACCEPTED,
    /** Every place is taken by work as urgent and standing as well. */
    FULL,
    /** Its address already holds its share of a half-full queue. */
    ADDRESS_SHARE
  }

  /** What an offer came to: its outcome, and the waiting job it displaced (null if none). */
  record Offer<T>(Outcome outcome, T displaced) {
    boolean accepted() {
      return outcome == Outcome.ACCEPTED;
    }
  }

  /** A job handed to a thread. */
  record Taken<T>(Priority priority, T job) {}

  private record Waiting<T>(T job, String address) {}

  private final int threads;
  private final int capacity;
  private final int otherLimit;
  private final int sharedFrom;
  /** Per priority, waiting jobs by their standing's failures, each in arrival order. */
  private final Map<Priority, TreeMap<Integer, ArrayDeque<Waiting<T>>>> waiting = new EnumMap<>(Priority.class);
  private final Map<String, Integer> waitingPerAddress = new HashMap<>();
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
    this.sharedFrom = Math.max(1, capacity / 2);
    for (Priority p : Priority.values()) {
      waiting.put(p, new TreeMap<>());
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

  /** Waiting jobs of one client address. */
  int waitingFrom(String address) {
    return waitingPerAddress.getOrDefault(address, 0);
  }

  Offer<T> offer(Priority priority, T job) {
    return offer(priority, Standing.NONE, job);
  }

  Offer<T> offer(Priority priority, Standing standing, T job) {
    String address = standing.address();
    if (address != null && waitingCount >= sharedFrom && waitingFrom(address) >= ADDRESS_SHARE) {
      return new Offer<>(Outcome.ADDRESS_SHARE, null);
    }
    Waiting<T> displaced = null;
    if (waitingCount >= capacity) {
      displaced = removeNewestBelow(priority, standing.failures());
      if (displaced == null) {
        return new Offer<>(Outcome.FULL, null);
      }
    }
    waiting.get(priority).computeIfAbsent(standing.failures(), f -> new ArrayDeque<>())
        .addLast(new Waiting<>(job, address));
    waitingCount++;
    if (address != null) {
      waitingPerAddress.merge(address, 1, Integer::sum);
    }
    return new Offer<>(Outcome.ACCEPTED, displaced == null ? null : displaced.job());
  }

  /** The job a free thread should run now, counted as running; null when none may run. */
  Taken<T> next() {
    if (running >= threads) {
      return null;
    }
    for (Priority p : Priority.values()) {
      if (waiting.get(p).isEmpty()) {
        continue;
      }
      if (p != Priority.LOGIN && runningOther >= otherLimit) {
        return null;
      }
      running++;
      if (p != Priority.LOGIN) {
        runningOther++;
      }
      return new Taken<>(p, removeFirst(p).job());
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
      if (!waiting.get(p).isEmpty()) {
        return new Taken<>(p, removeFirst(p).job());
      }
    }
    return null;
  }

  /** The best-standing, oldest job of a priority that has one. */
  private Waiting<T> removeFirst(Priority priority) {
    TreeMap<Integer, ArrayDeque<Waiting<T>>> lane = waiting.get(priority);
    Map.Entry<Integer, ArrayDeque<Waiting<T>>> best = lane.firstEntry();
    Waiting<T> w = best.getValue().pollFirst();
    if (best.getValue().isEmpty()) {
      lane.remove(best.getKey());
    }
    return forget(w);
  }

  /**
   * Makes room for a job: removes the newest waiting job of the lowest priority below {@code incoming}, else the
   * newest of the worst standing in {@code incoming}'s own priority if that stands worse than {@code failures};
   * null when there is none.
   */
  private Waiting<T> removeNewestBelow(Priority incoming, int failures) {
    Priority[] all = Priority.values();
    for (int i = all.length - 1; i >= incoming.ordinal(); i--) {
      TreeMap<Integer, ArrayDeque<Waiting<T>>> lane = waiting.get(all[i]);
      if (lane.isEmpty()) {
        continue;
      }
      Map.Entry<Integer, ArrayDeque<Waiting<T>>> worst = lane.lastEntry();
      if (all[i] == incoming && worst.getKey() <= failures) {
        return null;
      }
      Waiting<T> w = worst.getValue().pollLast();
      if (worst.getValue().isEmpty()) {
        lane.remove(worst.getKey());
      }
      return forget(w);
    }
    return null;
  }

  private Waiting<T> forget(Waiting<T> w) {
    waitingCount--;
    if (w.address() != null) {
      waitingPerAddress.computeIfPresent(w.address(), (a, n) -> n > 1 ? n - 1 : null);
    }
    return w;
  }
}
