package chatpro.common.presence;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;

/**
 * Who is off duty now, as presence-service publishes it to every cluster member: a Hazelcast ReplicatedMap from user
 * id to the epoch milliseconds of their {@code offDutyUntil} ({@link #UNKNOWN_UNTIL} when no return time is known).
 * A user is in the map exactly while off duty. Reads are local to each member and do not block; only
 * presence-service writes it.
 */
public final class OffDuty {
  /** The ReplicatedMap's name. */
  public static final String MAP = "chatpro.presence.off-duty";
  /** The value of a user who is off duty with no known return time. */
  public static final long UNKNOWN_UNTIL = -1L;

  /** The executor that runs {@link Seen} on every member. */
  public static final String SEEN_EXECUTOR = "chatpro.presence.off-duty-seen";
  /** How long presence-service waits for every member's copy before answering anyway. */
  public static final long SEEN_WAIT_MS = 2_000;

  private OffDuty() {}

  /**
   * Run on every member after presence-service wrote a person's entry: answers once the member's own copy of the map
   * and this JVM's {@link OffDutyView}s hold the written value ({@code until} epoch millis, or null for on duty), or
   * false after {@link #SEEN_WAIT_MS}.
   */
  public static final class Seen implements java.util.concurrent.Callable<Boolean>, java.io.Serializable,
      com.hazelcast.core.HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private final String userId;
    private final Long until;
    private transient HazelcastInstance member;

    public Seen(String userId, Long until) {
      this.userId = userId;
      this.until = until;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
      this.member = hazelcast;
    }

    @Override
    public Boolean call() throws InterruptedException {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(SEEN_WAIT_MS);
      if (!OffDutyView.awaitEverywhere(userId, until, deadline)) {
        return false;
      }
      // The member's own copy, for readers without a view; it is written before its listeners hear of it.
      ReplicatedMap<String, Long> copy = map(member);
      while (!java.util.Objects.equals(copy.get(userId), until)) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(1);
      }
      return true;
    }
  }

  public static ReplicatedMap<String, Long> map(HazelcastInstance hazelcast) {
    return hazelcast.getReplicatedMap(MAP);
  }

  /**
   * The map's value for the user: null while on duty, else epoch millis of offDutyUntil or UNKNOWN_UNTIL. Each read
   * of the map costs a configuration lookup: on a hot path read {@link OffDutyView} instead.
   */
  public static Long untilMillis(HazelcastInstance hazelcast, String userId) {
    return map(hazelcast).get(userId);
  }
}
