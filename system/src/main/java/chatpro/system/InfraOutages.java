package chatpro.system;

import chatpro.devstack.EmbeddedPg;
import chatpro.devstack.KafkaBroker;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Takes the embedded PostgreSQL and Kafka broker of a dev stack down and brings them back in place (same data, same
 * port, same settings), as a crash and restart of that server would: for the fault tests and the bench's fault
 * scenario. The postmaster gets SIGQUIT, an immediate shutdown (every connection cut, no checkpoint, crash recovery
 * on the next start), and is started again with the command line it wrote to {@code postmaster.opts}; the broker gets
 * SIGKILL and is started again with the command line it ran with. What this class starts again stops with this JVM.
 * Linux only (it reads {@code /proc}).
 */
public final class InfraOutages implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final EmbeddedPg pg;
  private final KafkaBroker kafka;
  /** The first broker's command line and directory, read before it is first killed. */
  private List<String> brokerCommand;
  private Path brokerDir;
  private boolean pgDown;
  private boolean kafkaDown;
  /** The broker this class started again, if it did; the dev stack only knows the first one. */
  private Process restartedBroker;
  private boolean exitHook;

  public InfraOutages(EmbeddedPg pg, KafkaBroker kafka) {
    this.pg = pg;
    this.kafka = kafka;
  }

  /** An immediate shutdown of PostgreSQL: every connection is cut, nothing is flushed beyond what was committed. */
  public synchronized void stopPostgres() throws IOException {
    if (pgDown) {
      return;
    }
    long pid = postmasterPid();
    signal("QUIT", pid);
    awaitExit(pid, "PostgreSQL");
    pgDown = true;
  }

  /** Starts PostgreSQL again on the same port with the options of its last start; waits until it accepts. */
  public synchronized void startPostgres() throws IOException {
    if (!pgDown) {
      return;
    }
    Process postmaster = launch("PostgreSQL", lastPostmasterCommand(), pg.dir(), pg.dir().resolve("postgres.log"),
        "ready to accept connections", pg.port());
    stopWithThisJvm(postmaster.pid());
    pgDown = false;
  }

  /** SIGKILL to the broker, as a crash of its machine would be; waits until it is gone. */
  public synchronized void killKafka() throws IOException {
    if (kafkaDown) {
      return;
    }
    long pid = restartedBroker != null ? restartedBroker.pid() : kafka.pid();
    if (brokerCommand == null) {
      brokerCommand = commandLine(pid);
      brokerDir = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
    }
    Optional<ProcessHandle> broker = ProcessHandle.of(pid);
    if (broker.isPresent()) {
      broker.get().destroyForcibly();
      try {
        broker.get().onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException("Kafka broker pid " + pid + " did not die", e);
      }
    }
    restartedBroker = null;
    kafkaDown = true;
  }

  /** Starts the broker again with its old command line (same port, same log directory); waits until it serves. */
  public synchronized void startKafka() throws IOException {
    if (!kafkaDown) {
      return;
    }
    restartedBroker = launch("Kafka broker", brokerCommand, brokerDir, kafka.dir().resolve("kafka.log"),
        "Kafka Server started", kafka.port());
    if (!exitHook) {
      exitHook = true;
      Runtime.getRuntime().addShutdownHook(new Thread(this::endWithThisJvm, "chatpro-kafka-restarted-stop"));
    }
    kafkaDown = false;
  }

  public synchronized boolean postgresDown() {
    return pgDown;
  }

  public synchronized boolean kafkaDown() {
    return kafkaDown;
  }

  /**
   * Stops a broker started here (the stack stops only the first one). A postmaster started here is left to the
   * stack's own stop, which finds it by its data directory.
   */
  @Override
  public synchronized void close() {
    if (restartedBroker != null) {
      restartedBroker.destroy();
      try {
        restartedBroker.waitFor(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      restartedBroker.destroyForcibly();
    }
  }

  /** Starts a server, its output appended to its log, and waits until the log says it is ready and it accepts. */
  private static Process launch(String what, List<String> command, Path dir, Path log, String ready, int port)
      throws IOException {
    long from = Files.exists(log) ? Files.size(log) : 0;
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!(logHas(log, from, ready) && accepts(port))) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException(what + " did not start again; see " + log);
      }
      pause(100);
    }
    return process;
  }

  /**
   * At JVM exit, a broker started here may outlive a stack that was closed without this class (a test JVM's): it is
   * killed, and what it wrote after the stack deleted its temporary folder goes too.
   */
  private void endWithThisJvm() {
    Process broker;
    synchronized (this) {
      broker = restartedBroker;
    }
    if (broker == null) {
      return;
    }
    broker.destroyForcibly();
    try {
      broker.waitFor(10, TimeUnit.SECONDS);
      if (Files.isDirectory(kafka.dir()) && !Files.exists(kafka.dir().resolve("data").resolve("meta.properties"))) {
        try (var files = Files.walk(kafka.dir())) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        // the stack's temporary folder, if that was all that was left in it
        kafka.dir().getParent().toFile().delete();
      }
    } catch (IOException e) {
      // what is left is a few empty checkpoint files in a temporary folder
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Path pgData() {
    return pg.dir().resolve("data");
  }

  private long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(pgData().resolve("postmaster.pid")).get(0).trim());
  }

  /** {@code postmaster.opts}: the binary, then each argument in double quotes. */
  private List<String> lastPostmasterCommand() throws IOException {
    String opts = Files.readString(pgData().resolve("postmaster.opts"), StandardCharsets.UTF_8).strip();
    int space = opts.indexOf(' ');
    List<String> command = new ArrayList<>();
    if (runningAsRoot()) {
      // PostgreSQL refuses to run as root; as the stack's own start does, it runs in a user namespace of its own
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(space < 0 ? opts : opts.substring(0, space));
    java.util.regex.Matcher arg = java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"")
        .matcher(space < 0 ? "" : opts.substring(space));
    while (arg.find()) {
      command.add(arg.group(1).replace("\\\"", "\""));
    }
    return command;
  }

  private static boolean runningAsRoot() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .anyMatch(line -> line.startsWith("Uid:") && line.split("\\s+")[1].equals("0"));
  }

  private static void signal(String name, long pid) throws IOException {
    run(List.of("kill", "-" + name, Long.toString(pid)));
  }

  private static void awaitExit(long pid, String what) throws IOException {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()) {
      return;
    }
    try {
      process.get().onExit().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(what + " pid " + pid + " did not stop", e);
    }
  }

  /** A tiny shell that fast-stops the process (a postmaster) once this JVM is gone, as the stack's own does. */
  private static void stopWithThisJvm(long pid) throws IOException {
    new ProcessBuilder("/bin/sh", "-c",
        "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; kill -INT \"$2\" 2>/dev/null",
        "chatpro-pg-reaper", Long.toString(ProcessHandle.current().pid()), Long.toString(pid))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static List<String> commandLine(long pid) throws IOException {
    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
    List<String> args = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (args.isEmpty()) {
      throw new IOException("no command line for pid " + pid);
    }
    return args;
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (!p.waitFor(START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command.subList(command.size() - 1, command.size())) + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the log, from byte {@code from} on, holds the text. */
  static boolean logHas(Path log, long from, String text) {
    try (var in = Files.newInputStream(log)) {
      in.skipNBytes(from);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
