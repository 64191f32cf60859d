package chatpro.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The load generator's entry point. It speaks only the public protocol (HTTP API and /ws), always stops by itself
 * (bounded message counts, bounded waits, a hard stop at --max-seconds) and closes its sockets before exiting.
 * Exit codes: 0 done and correct, 1 failed, 2 bad command line, 3 hard stop, 4 done but deliveries were lost,
 * duplicated or out of order.
 */
public final class Bench {
  private final Options options;

  private Bench(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    if (Options.wantsHelp(args)) {
      System.out.println(Options.USAGE);
      System.exit(0);
    }
    Options options;
    try {
      options = Options.parse(args, System.getenv());
    } catch (Options.UsageException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println();
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    for (long pid : options.serverPids) {
      if (!ProcStats.exists(pid)) {
        System.err.println("bench: --server-pid " + pid + " is not a running process (no /proc/" + pid + "/stat)");
        System.exit(2);
      }
    }
    System.exit(new Bench(options).execute());
  }

  private int execute() {
    Deadline deadline = new Deadline(options.maxSeconds);
    startWatchdog(options.maxSeconds + 45L);
    JsonObject report = new JsonObject()
        .put("tool", "chatpro-bench")
        .put("scenario", options.scenario.label())
        .put("options", new JsonObject(options.describe()))
        .put("machine", new JsonObject(Machine.describe()))
        .put("startedAt", Instant.now().toString());
    Log.info("scenario " + options.scenario.label() + " against " + options.targets.stream()
        .map(Options.Target::url).toList() + " (hard stop after " + options.maxSeconds + " s)");
    int code = 0;
    Harness h = null;
    try {
      h = new Harness(options, deadline, ledgerCapacity());
      report.put("runTag", h.run.tag);
      JsonObject results = switch (options.scenario) {
        case DIRECT -> new MessagingScenario(h, false).run();
        case GROUP -> new MessagingScenario(h, true).run();
        case IDLE -> new IdleScenario(h).run();
        case RECONNECT -> new ReconnectScenario(h).run();
        case ONBOARDING -> new OnboardingScenario(h).run();
        case LOGIN_FLOOD -> new LoginFloodScenario(h).run();
        case RETENTION -> new RetentionScenario(h).run();
        case EXPORT, SAR -> new ExportScenario(h).run();
        case FAULTS -> new FaultsScenario(h).run();
      };
      report.put("results", results);
      JsonObject c = results.getJsonObject("correctness");
      if (c != null && (c.getLong("lost", 0L) > 0 || c.getLong("duplicated", 0L) > 0
          || c.getLong("outOfOrder", 0L) > 0)) {
        code = 4;
      }
    } catch (Deadline.HardStop e) {
      Log.warn(e.getMessage());
      report.put("aborted", true).put("abortReason", e.getMessage());
      code = 3;
    } catch (RuntimeException e) {
      Log.warn("run failed: " + e);
      report.put("aborted", true).put("abortReason", String.valueOf(e.getMessage()));
      code = 1;
    } finally {
      if (h != null) {
        if (!report.containsKey("results")) {
          report.put("results", partial(h));
        }
        report.put("org", h.provisioner.slug());
        Log.info("closing " + h.sockets.size() + " sockets");
        h.close();
      }
    }
    report.put("endedAt", Instant.now().toString());
    report.put("resultFile", options.out.toAbsolutePath().toString());
    try {
      Path parent = options.out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(options.out, report.encodePrettily() + "\n");
    } catch (IOException e) {
      Log.warn("could not write " + options.out + ": " + e.getMessage());
      code = code == 0 ? 1 : code;
    }
    System.out.println();
    Report.summary(report).forEach(System.out::println);
    return code;
  }

  /** What was counted before a failure or hard stop. */
  private static JsonObject partial(Harness h) {
    Stats st = h.run.stats;
    return new JsonObject().put("partial", true)
        .put("messages", new JsonObject().put("sent", st.sent.sum()).put("acked", st.acked.sum())
            .put("failed", st.sendFailed.sum()).put("unsent", st.unsent.sum()))
        .put("eventsReceived", st.events.sum()).put("duplicates", st.duplicates.sum())
        .put("outOfOrder", st.outOfOrder.sum())
        .put("errorsByCode", Stats.snapshot(st.errorsByCode))
        .put("closesByCode", Stats.snapshot(st.closesByCode));
  }

  private int ledgerCapacity() {
    return switch (options.scenario) {
      case DIRECT, GROUP, FAULTS -> (int) Math.round(options.rate * options.durationSeconds) + 16;
      case RETENTION -> (int) Math.round(options.rate * (2 * options.durationSeconds
          + RetentionScenario.WARM_UP_SECONDS)) + 16;
      case IDLE, ONBOARDING, EXPORT, SAR, LOGIN_FLOOD -> 1;
      case RECONNECT -> {
        int people = Math.min(options.users, Math.max(2, options.connections));
        long chats = ReconnectScenario.layout(people, options.groupSize).size();
        yield (int) Math.min(Integer.MAX_VALUE - 16, chats * (options.backlogPerChat + options.missedPerChat) + 16);
      }
    };
  }

  /** The last resort: if the main thread is stuck past the hard stop, the process ends anyway. */
  private static void startWatchdog(long seconds) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(seconds * 1000);
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("bench: still running " + seconds + " s after start; exiting");
      Runtime.getRuntime().halt(3);
    }, "bench-watchdog");
    t.setDaemon(true);
    t.start();
  }
}
