package chatpro.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** CPU time and resident memory of processes, from /proc (Linux). */
public final class ProcStats {
  /** One reading: CPU seconds (user + system) and RSS bytes; -1 when unreadable. */
  public record Sample(long pid, double cpuSeconds, long rssBytes) {}

  private final long ticksPerSecond;

  public ProcStats() {
    this.ticksPerSecond = clockTicks();
  }

  public long ticksPerSecond() {
    return ticksPerSecond;
  }

  public Sample read(long pid) {
    double cpu = -1;
    long rss = -1;
    try {
      long ticks = cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
      cpu = ticks < 0 ? -1 : (double) ticks / ticksPerSecond;
    } catch (IOException | RuntimeException e) {
      // the process is gone or /proc is not there: reported as -1
    }
    try {
      rss = rssBytes(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException | RuntimeException e) {
      // as above
    }
    return new Sample(pid, cpu, rss);
  }

  /**
   * Each process with all its descendants, as one sample: a dev instance's JVM with the child JVMs it starts (Kafka,
   * the services with {@code --separate}), a postmaster with its backends. CPU is, over every live process of the
   * tree, its own time and that of its children that ended; RSS is the sum (pages processes share, such as
   * PostgreSQL's shared buffers, count once per process). A process inside an earlier root's tree is counted there
   * only.
   */
  public Map<Long, Sample> read(List<Long> pids) {
    return trees(pids, scan(), ticksPerSecond);
  }

  /** {@link #read(List)} over a snapshot of the process table. */
  static Map<Long, Sample> trees(List<Long> roots, Map<Long, ProcLine> all, long ticksPerSecond) {
    Map<Long, List<Long>> children = new java.util.HashMap<>();
    all.values().forEach(l -> children.computeIfAbsent(l.parent(), k -> new java.util.ArrayList<>()).add(l.pid()));
    Map<Long, Sample> out = new LinkedHashMap<>();
    java.util.Set<Long> counted = new java.util.HashSet<>();
    for (long root : roots) {
      if (!all.containsKey(root)) {
        out.put(root, new Sample(root, -1, -1));
        continue;
      }
      long ticks = 0;
      long rss = 0;
      java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>(List.of(root));
      while (!todo.isEmpty()) {
        long pid = todo.poll();
        ProcLine line = all.get(pid);
        if (line == null || !counted.add(pid)) {
          continue;
        }
        ticks += line.ticks() + line.childTicks();
        rss += Math.max(0, line.rssBytes());
        todo.addAll(children.getOrDefault(pid, List.of()));
      }
      out.put(root, new Sample(root, (double) ticks / ticksPerSecond, rss));
    }
    return out;
  }

  /** One process as /proc shows it. */
  record ProcLine(long pid, long parent, long ticks, long childTicks, long rssBytes) {}

  /** Every process readable now. */
  private static Map<Long, ProcLine> scan() {
    Map<Long, ProcLine> all = new java.util.HashMap<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(dir.resolve("stat"));
          long rss = rssFromStat(stat);
          all.put(Long.parseLong(name), new ProcLine(Long.parseLong(name), parent(stat), cpuTicks(stat),
              childTicks(stat), rss));
        } catch (IOException | RuntimeException e) {
          // ended meanwhile
        }
      }
    } catch (IOException e) {
      // no /proc: nothing to read
    }
    return all;
  }

  /** RSS from a /proc/PID/stat line (field 24, in pages of 4 KiB). */
  static long rssFromStat(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
    return Long.parseLong(f[21]) * 4096;
  }

  /** The data folder's dev instance JVM (its lock file names it) and its PostgreSQL postmaster, those running. */
  public static List<Long> devInstance(Path dataDir) {
    List<Long> pids = new java.util.ArrayList<>();
    // the dev stack's lock file holds its JVM's pid; the postmaster's pid file holds the postmaster's (pg_ctl starts
    // it detached, so it is no descendant of the JVM)
    for (String file : List.of("devstack.lock", "postmaster.pid")) {
      try (var files = Files.walk(dataDir, 4)) {
        files.filter(f -> f.getFileName().toString().equals(file)).findFirst().ifPresent(f -> {
          try {
            pids.add(Long.parseLong(Files.readAllLines(f).get(0).trim()));
          } catch (IOException | RuntimeException e) {
            // not running, or stopping
          }
        });
      } catch (IOException e) {
        // not a dev instance's folder
      }
    }
    return pids.stream().distinct().filter(ProcStats::exists).toList();
  }

  public static boolean exists(long pid) {
    return Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /**
   * utime + stime (fields 14 and 15) of a /proc/PID/stat line. The command name (field 2) may hold spaces and
   * parentheses, so fields are counted from the last ')'.
   */
  static long cpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return -1;
    }
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    // f[0] is field 3 (state); utime is field 14 -> f[11], stime field 15 -> f[12]
    if (f.length < 13) {
      return -1;
    }
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * CPU seconds of a process and all its descendants (PostgreSQL: the postmaster and its backends, whose CPU the
   * postmaster's own reading leaves out while they live), including those that ended; -1 when unreadable.
   */
  public double treeCpuSeconds(long pid) {
    return read(List.of(pid)).get(pid).cpuSeconds();
  }

  /** Field 4 (ppid) of a /proc/PID/stat line. */
  static long parent(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
    return Long.parseLong(f[1]);
  }

  /** cutime + cstime (fields 16 and 17): children that ended and were waited for. */
  static long childTicks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
    return Long.parseLong(f[13]) + Long.parseLong(f[14]);
  }

  /** VmRSS of a /proc/PID/status text, in bytes; -1 when absent. */
  static long rssBytes(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] p = line.substring(6).trim().split("\\s+");
        long v = Long.parseLong(p[0]);
        return p.length > 1 && p[1].equalsIgnoreCase("kB") ? v * 1024 : v;
      }
    }
    return -1;
  }

  /** {@code getconf CLK_TCK}; 100 (the Linux value everywhere in practice) when it cannot be asked. */
  static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        long v = Long.parseLong(out);
        if (v > 0) {
          return v;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through to the usual value
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }

  /** This process's own CPU seconds, to show whether the generator itself was short of CPU. */
  public Sample self() {
    return read(ProcessHandle.current().pid());
  }
}
