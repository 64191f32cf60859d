package chatpro.devstack;

import java.nio.file.Path;

/** Holds a persistent stack until killed, so a test can kill -9 a launcher-like JVM. */
public final class StackHolder {

  private StackHolder() {
  }

  public static void main(String[] args) throws Exception {
    DevStack stack = DevStack.start(Path.of(args[0]));
    System.out.println("READY " + stack.kafka().pid() + " " + stack.s3().pid() + " " + stack.postgres().pid()
        + " " + stack.pgJdbcUrl());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
