package chatpro.system;

import chatpro.infra.ParentWatch;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./chatpro dev --separate}: every service and gateway of a {@link LocalSystem} layout as a process of its own
 * (a child of the dev JVM that dies with it), with the settings and ports the layout gives it, so that one of them
 * can be killed with SIGKILL and started again while the rest runs on. Logs go to {@code logs/<name>.log}.
 */
final class ServiceProcesses implements AutoCloseable {
  private static final Map<String, String> MAIN_CLASSES = Map.of(
      "directory", "chatpro.directory.DirectoryMain",
      "messaging", "chatpro.messaging.MessageMain",
      "media", "chatpro.media.MediaMain",
      "presence", "chatpro.presence.PresenceMain");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final LocalSystem layout;
  private final Path logs;
  private final Map<String, Process> running = new LinkedHashMap<>();

  ServiceProcesses(LocalSystem layout, Path logs) throws IOException {
    this.layout = layout;
    this.logs = Files.createDirectories(logs);
  }

  /** As {@link LocalSystem#start()}: the first member alone, then the other services, then the gateways. */
  void startAll() throws Exception {
    List<String> services = layout.names().stream().filter(n -> !n.startsWith("gateway-")).toList();
    start(services.get(0));
    startTogether(services.subList(1, services.size()));
    startTogether(layout.names().stream().filter(n -> n.startsWith("gateway-")).toList());
  }

  private void startTogether(List<String> names) throws Exception {
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (String name : names) {
      starts.add(CompletableFuture.runAsync(() -> {
        try {
          start(name);
        } catch (Exception e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }));
    }
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get();
  }

  /** Starts one service or gateway (again) and waits until it serves: a service logs its start, a gateway is healthy. */
  void start(String name) throws Exception {
    synchronized (this) {
      Process old = running.get(name);
      if (old != null && old.isAlive()) {
        return;
      }
    }
    Map<String, String> settings = layout.settings(name);
    Path log = logs.resolve(name + ".log");
    long from = Files.exists(log) ? Files.size(log) : 0;
    ProcessBuilder builder = new ProcessBuilder(command(name))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(settings);
    Process process = builder.start();
    synchronized (this) {
      running.put(name, process);
    }
    if (name.startsWith("gateway-")) {
      DevMain.waitUntilHealthy(Integer.parseInt(settings.get("CHATPRO_HTTP_PORT")));
      return;
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!InfraOutages.logHas(log, from, name + " started in")) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not start within " + START_TIMEOUT.toSeconds() + " s; see " + log);
      }
      Thread.sleep(100);
    }
  }

  /** SIGKILL, as a crash would be: no goodbye to the cluster, no stop of anything in flight. */
  void kill(String name) throws Exception {
    if (!layout.names().contains(name)) {
      throw new IllegalArgumentException("no service or gateway named " + name);
    }
    Process process;
    synchronized (this) {
      process = running.remove(name);
    }
    if (process != null) {
      process.destroyForcibly();
      process.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  /** The process id of a running service or gateway, or -1. */
  synchronized long pid(String name) {
    Process p = running.get(name);
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  /** SIGTERM to the gateways, then to the services (each stops as ServiceRunner does); SIGKILL after 30 s. */
  @Override
  public void close() {
    stopAll(true);
    stopAll(false);
  }

  private void stopAll(boolean gateways) {
    List<Process> stopping = new ArrayList<>();
    synchronized (this) {
      running.entrySet().removeIf(e -> {
        if (e.getKey().startsWith("gateway-") == gateways) {
          e.getValue().destroy();
          stopping.add(e.getValue());
          return true;
        }
        return false;
      });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Process p : stopping) {
      try {
        if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** This JVM's java, memory and module flags and class path, under ParentWatch so the child ends with us. */
  private static List<String> command(String name) {
    String main = name.startsWith("gateway-") ? "chatpro.gateway.GatewayMain" : MAIN_CLASSES.get(name);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx512m"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-"))
        .forEach(cmd::add);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ParentWatch.class.getName());
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    cmd.add(main);
    return cmd;
  }
}
