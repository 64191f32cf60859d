package chatpro.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

class ChatproExceptionTest {
  @Test
  void aDatabaseGoingAwayIsUnavailableNotInternal() {
    for (String state : new String[] {"57P01", "57P02", "57P03", "08006", "08003", "53300"}) {
      PgException gone = new PgException("terminating connection", "FATAL", state, null);
      assertEquals(ErrorCode.UNAVAILABLE, ChatproException.from(gone).code(), state);
      assertEquals(ErrorCode.UNAVAILABLE, ChatproException.from(new RuntimeException("wrapped", gone)).code(), state);
    }
  }

  @Test
  void aRequestTheDatabaseRefusesStaysInternal() {
    PgException broken = new PgException("syntax error", "ERROR", "42601", null);
    assertEquals(ErrorCode.INTERNAL, ChatproException.from(broken).code());
    assertEquals(ErrorCode.INTERNAL, ChatproException.from(new IllegalStateException("a bug")).code());
  }

  @Test
  void aLostConnectionIsUnavailable() {
    assertEquals(ErrorCode.UNAVAILABLE,
        ChatproException.from(new java.io.IOException("Connection reset by peer")).code());
  }

  @Test
  void aDatabasePoolWithTooManyWaitingIsUnavailable() {
    // A reconnect storm's syncs can queue past a pool's bound: the device should come back shortly, not see a bug.
    assertEquals(ErrorCode.UNAVAILABLE, ChatproException.from(
        new io.vertx.core.http.ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 4096"))
        .code());
  }
}
