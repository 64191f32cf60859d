package chatpro.messaging.limits;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.UUID;

/**
 * What the limits cost a send, in CPU time of this thread (not wall time, so other load on the machine does not
 * count): one token taken from the sender's bucket among 50,000 people's, and one pass through the fair queue (offer,
 * then take in batches of 512) as SendBatcher does. Not a test; docs/performance.md, "Rate limits", gives the numbers
 * and how to run it.
 */
public final class LimitCost {
  private LimitCost() {}

  public static void main(String[] args) {
    String[] people = new String[50_000];
    for (int i = 0; i < people.length; i++) {
      people[i] = UUID.randomUUID().toString();
    }
    RateLimiter limiter = new RateLimiter(30, 10, Clock.systemUTC());
    FairQueue<String, Integer> queue = new FairQueue<>(64, 20_000);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 5; round++) {
      int n = 1_000_000;
      long started = cpu.getCurrentThreadCpuTime();
      long refused = 0;
      for (int i = 0; i < n; i++) {
        String who = people[(int) ((i * 2_654_435_761L) % people.length)];
        refused += limiter.tryTake(who) == 0 ? 0 : 1;
        queue.offer(who, i);
        if (queue.size() >= 512) {
          queue.take(512);
        }
      }
      long nanos = cpu.getCurrentThreadCpuTime() - started;
      System.out.printf("round %d: %.3f us of CPU per send (limit + fair queue), %d refused, %d buckets%n",
          round + 1, nanos / 1000.0 / n, refused, limiter.forgetIdle());
    }
  }
}
