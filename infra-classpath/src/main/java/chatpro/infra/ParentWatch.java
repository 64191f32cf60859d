package chatpro.infra;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/** Runs a main class and halts the JVM once the parent process is gone, so children never outlive a killed launcher. */
public final class ParentWatch {

  private static final long POLL_MILLIS = 500;

  private ParentWatch() {
  }

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("usage: ParentWatch <parentPid> <mainClass> [args...]");
      System.exit(2);
    }
    long parentPid = Long.parseLong(args[0]);
    Thread watcher = new Thread(() -> watch(parentPid), "parent-watch");
    watcher.setDaemon(true);
    watcher.start();

    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void watch(long parentPid) {
    while (true) {
      // halt, not exit: after a kill -9 of the parent there is nobody to wait for an orderly shutdown.
      if (ProcessHandle.of(parentPid).map(p -> !p.isAlive()).orElse(true)) {
        System.err.println("ParentWatch: parent " + parentPid + " is gone, halting");
        Runtime.getRuntime().halt(0);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
