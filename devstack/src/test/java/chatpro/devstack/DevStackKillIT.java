package chatpro.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a kill -9 of the JVM holding the stack, nothing keeps running and the next start succeeds. */
class DevStackKillIT {

  @TempDir
  Path dir;

  @Test
  void killedHolderLeavesNothingBehind() throws Exception {
    // The reaper shell stops PostgreSQL; ParentWatch stops the child JVMs.
    Holder first = Holder.start(dir);
    first.process.destroyForcibly().waitFor();
    assertGone(first.kafkaPid);
    assertGone(first.s3Pid);
    assertGone(first.pgPid);

    // Reaper killed too (as with kill -9 of a process group): the postmaster survives, the next start stops it.
    Holder second = Holder.start(dir);
    second.process.children()
        .filter(h -> h.info().command().map(c -> !c.endsWith("java")).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
    second.process.destroyForcibly().waitFor();
    assertGone(second.kafkaPid);
    assertGone(second.s3Pid);
    assertTrue(ProcessHandle.of(second.pgPid).map(ProcessHandle::isAlive).orElse(false),
        "postmaster should have been orphaned");

    try (DevStack stack = DevStack.start(dir)) {
      assertFalse(ProcessHandle.of(second.pgPid).map(ProcessHandle::isAlive).orElse(false));
      try (Connection c = DevStackRestartIT.jdbc(stack); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
    }
  }

  private static void assertGone(long pid) throws Exception {
    ProcessHandle h = ProcessHandle.of(pid).orElse(null);
    if (h != null) {
      h.onExit().get(5, TimeUnit.SECONDS);
    }
  }

  private static final class Holder {
    final Process process;
    final long kafkaPid;
    final long s3Pid;
    final long pgPid;

    private Holder(Process process, String[] ready) {
      this.process = process;
      this.kafkaPid = Long.parseLong(ready[1]);
      this.s3Pid = Long.parseLong(ready[2]);
      this.pgPid = Long.parseLong(ready[3]);
    }

    static Holder start(Path dir) throws Exception {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), StackHolder.class.getName(), dir.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("READY ")) {
          return new Holder(p, line.split(" "));
        }
      }
      throw new AssertionError("stack holder exited with " + p.waitFor());
    }
  }
}
