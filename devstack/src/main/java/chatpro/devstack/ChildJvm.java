package chatpro.devstack;

import chatpro.infra.ParentWatch;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A child JVM from the infra-classpath artifacts, under ParentWatch so it dies with us, logging to a file. */
final class ChildJvm implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path log;
  private final long logStart;
  private long scanned;
  private String carry = "";

  private ChildJvm(String name, Process process, Path log, long logStart) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.logStart = logStart;
    this.scanned = logStart;
  }

  static ChildJvm launch(String name, String classpathResource, List<String> jvmFlags, String mainClass,
      List<String> args, Path workDir, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(classpath(classpathResource));
    cmd.add(ParentWatch.class.getName());
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    cmd.add(mainClass);
    cmd.addAll(args);
    Files.createDirectories(workDir);
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    Process process = new ProcessBuilder(cmd)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    return new ChildJvm(name, process, log, logStart);
  }

  /** Runs to completion; fails with the log tail unless it exits 0. */
  void awaitSuccess(Duration timeout) throws IOException {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw failure("did not finish within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IOException(name + " interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw failure("exited with " + process.exitValue());
    }
  }

  /** Polls until ready; on exit or timeout the child is stopped and the log tail goes into the error. */
  void awaitReady(Duration timeout, BooleanSupplier ready) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw failure("exited with " + process.exitValue() + " before it was ready");
      }
      if (ready.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        close();
        throw failure("not ready within " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        close();
        Thread.currentThread().interrupt();
        throw new IOException(name + " interrupted while starting", e);
      }
    }
  }

  /** Whether the output of this run so far contains the marker; reads only what was appended since the last call. */
  boolean logContains(String marker) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      if (length <= scanned) {
        return false;
      }
      byte[] bytes = new byte[(int) Math.min(length - scanned, 4 << 20)];
      file.seek(scanned);
      file.readFully(bytes);
      scanned += bytes.length;
      String text = carry + new String(bytes, StandardCharsets.UTF_8);
      if (text.contains(marker)) {
        return true;
      }
      carry = text.substring(Math.max(0, text.length() - marker.length()));
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private IOException failure(String what) {
    return new IOException(name + " " + what + "; log " + log + " ends with:\n" + tail(40));
  }

  private String tail(int lines) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(logStart, file.length() - 16_384);
      byte[] bytes = new byte[(int) (file.length() - from)];
      file.seek(from);
      file.readFully(bytes);
      List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** The resource's classpath (absolute paths into the local Maven repository) plus the infra jar itself. */
  private static String classpath(String resource) throws IOException {
    String listed;
    try (InputStream in = ChildJvm.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("resource " + resource + " missing: chatpro-infra-classpath is not on the classpath");
      }
      listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    for (String entry : listed.split(File.pathSeparator)) {
      if (!Files.exists(Path.of(entry))) {
        throw new IOException(entry + " (listed in " + resource + ") does not exist: rebuild infra-classpath"
            + " on this machine (mvn -f infra-classpath/pom.xml install)");
      }
    }
    return listed + File.pathSeparator + infraJar();
  }

  private static Path infraJar() throws IOException {
    try {
      return Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the chatpro-infra-classpath jar", e);
    }
  }
}
