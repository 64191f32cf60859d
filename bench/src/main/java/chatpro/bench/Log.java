package chatpro.bench;

/** Progress lines on stdout, stamped with seconds since the start of the run. */
final class Log {
  private static final long START = System.nanoTime();

  private Log() {}

  static synchronized void info(String message) {
    System.out.printf("[%7.1fs] %s%n", (System.nanoTime() - START) / 1e9, message);
    System.out.flush();
  }

  static synchronized void warn(String message) {
    System.out.printf("[%7.1fs] WARNING: %s%n", (System.nanoTime() - START) / 1e9, message);
    System.out.flush();
  }
}
