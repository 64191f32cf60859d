package chatpro.common.bus;

import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.UUID;

/**
 * What sealing a caller costs the gateway and checking it costs a service, per request, in CPU time of this thread
 * (other load on the machine does not count). Not a test; docs/performance.md, "Sealed callers", gives the numbers
 * and how to run it.
 */
public final class SealCost {
  private SealCost() {}

  public static void main(String[] args) {
    CallerSeals seals = new CallerSeals(UUID.randomUUID().toString() + UUID.randomUUID());
    Caller caller = new Caller(UUID.randomUUID().toString(), UUID.randomUUID().toString(), List.of("member"),
        UUID.randomUUID().toString());
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int round = 0; round < 5; round++) {
      int n = 1_000_000;
      long started = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        sink += seals.seal(caller).toJson().size();
      }
      long sealed = cpu.getCurrentThreadCpuTime();
      JsonObject request = new JsonObject().put("caller", seals.seal(caller).toJson());
      for (int i = 0; i < n; i++) {
        seals.checkCaller(request);
      }
      long checked = cpu.getCurrentThreadCpuTime();
      System.out.printf("round %d: seal %.3f us, check %.3f us of CPU per request%n", round + 1,
          (sealed - started) / 1000.0 / n, (checked - sealed) / 1000.0 / n);
    }
    System.out.println(sink > 0 ? "" : "?");
  }
}
