package chatpro.directory.auth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which argon2 job runs next: highest priority first; within a priority, the job that stands best first, and
 * first come first served among equals. A job's standing is the failed logins the limiter counted for its client
 * address and account when it came, plus the other jobs its address has waiting now: lower is better, so a person
 * with no failures behind them goes before a flood from addresses that keep failing or send many at once. Work
 * other than logins may hold at most {@code max(1, threads - 1)} threads, so a login always finds one free (with two
 * threads or more). At most {@code capacity} jobs wait; when full, a job takes the place of the newest waiting job of
 * a lower priority, or of its own priority but worse standing, and a job that finds no such place is refused. Once
 * half the capacity waits, one client address may hold at most {@code ADDRESS_SHARE} waiting jobs, so no one address
 * fills the queue.
 *
 * <p>Pure bookkeeping, not thread-safe: {@link PasswordWork} calls it under its lock. Choosing looks at every
 * waiting job of a priority, a few hundred comparisons against tens of milliseconds of hashing.
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
   * Where a job's sign-in comes from: the client address (null: none, never held to a share or counted with
   * others) and the failed logins the limiter counted for that address and the account in the window, other
   * sign-ins' checks still under way included.
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

  private record Waiting<T>(T job, Standing standing) {}

  private final int threads;
  private final int capacity;
  private final int otherLimit;
  private final int sharedFrom;
  /** Per priority, the waiting jobs in arrival order. */
  private final Map<Priority, List<Waiting<T>>> waiting = new EnumMap<>(Priority.class);
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
      waiting.put(p, new ArrayList<>());
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
      displaced = removeNewestBelow(priority, standing.failures() + (address == null ? 0 : waitingFrom(address)));
      if (displaced == null) {
        return new Offer<>(Outcome.FULL, null);
      }
    }
    waiting.get(priority).add(new Waiting<>(job, standing));
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

  /** A waiting job's standing now: its failures and the other jobs its address has waiting. */
  private int standing(Waiting<T> w) {
    String address = w.standing().address();
    return w.standing().failures() + (address == null ? 0 : waitingFrom(address) - 1);
  }

  /** The best-standing, oldest job of a priority that has one. */
  private Waiting<T> removeFirst(Priority priority) {
    List<Waiting<T>> lane = waiting.get(priority);
    int best = 0;
    for (int i = 1; i < lane.size(); i++) {
      if (standing(lane.get(i)) < standing(lane.get(best))) {
        best = i;
      }
    }
    return forget(lane.remove(best));
  }

  /**
   * Makes room for a job: removes the newest waiting job of the lowest priority below {@code incoming}, else the
   * newest of the worst standing in {@code incoming}'s own priority if that stands worse than {@code standing};
   * null when there is none.
   */
  private Waiting<T> removeNewestBelow(Priority incoming, int standing) {
    Priority[] all = Priority.values();
    for (int i = all.length - 1; i >= incoming.ordinal(); i--) {
      List<Waiting<T>> lane = waiting.get(all[i]);
      if (lane.isEmpty()) {
        continue;
      }
      int worst = lane.size() - 1;
      for (int j = worst - 1; j >= 0; j--) {
        if (standing(lane.get(j)) > standing(lane.get(worst))) {
          worst = j;
        }
      }
      if (all[i] == incoming && standing(lane.get(worst)) <= standing) {
        return null;
      }
      return forget(lane.remove(worst));
    }
    return null;
  }

  private Waiting<T> forget(Waiting<T> w) {
    waitingCount--;
    if (w.standing().address() != null) {
      waitingPerAddress.computeIfPresent(w.standing().address(), (a, n) -> n > 1 ? n - 1 : null);
    }
    return w;
  }
}
