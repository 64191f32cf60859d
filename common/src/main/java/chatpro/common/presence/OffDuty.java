package chatpro.common.presence;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

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

  /** The Hazelcast executor that runs {@link Seen} on every member. */
  public static final String SEEN_EXECUTOR = "chatpro.presence.off-duty-seen";
  /** How long a member may take to hold a change before presence-service answers anyway (and logs it). */
  public static final long SEEN_WAIT_MS = 1_000;

  private OffDuty() {}

  /**
   * Run on every member of the cluster after presence-service wrote a person's entry: answers true once the views
   * of that member ({@link OffDutyView}s started on it: its gateway's or message-service's) hold the written value
   * ({@code until} epoch millis, or null for on duty), false after {@link #SEEN_WAIT_MS}. Only the member running
   * the task is looked at, so views of other clusters in the same JVM (earlier test systems) never hold it up; a
   * member with no view answers at once.
   */
  public static final class Seen implements Callable<Boolean>, Serializable, HazelcastInstanceAware {
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
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SEEN_WAIT_MS);
      return OffDutyView.awaitOn(OffDutyView.memberOf(member), userId, until, deadline);
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
