package chatpro.directory.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The argon2 pool's threads hand results back to the Vert.x context that asked, and shed work when full. */
class PasswordWorkTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void resultsComeBackOnTheCallersContext() throws Exception {
    PasswordWork work = new PasswordWork(vertx, 2, 10);
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Boolean> sameContext = new CompletableFuture<>();
    context.runOnContext(v -> work.submit(PasswordWork.Kind.LOGIN, () -> Thread.currentThread().getName())
        .onComplete(r -> sameContext.complete(r.succeeded() && r.result().startsWith("chatpro-argon2-")
            && Vertx.currentContext() == context)));
    assertTrue(sameContext.get(10, TimeUnit.SECONDS));
    work.close();
  }

  @Test
  void aFullQueueAnswers429WithRetryAfterOneSecond() throws Exception {
    PasswordWork work = new PasswordWork(vertx, 1, 1);
    CompletableFuture<Throwable> shed = new CompletableFuture<>();
    Context context = vertx.getOrCreateContext();
    CountDownLatch release = occupy(work, context, PasswordWork.Kind.IMPORT);
    context.runOnContext(v -> {
      Future<Object> waiting = work.submit(PasswordWork.Kind.IMPORT, () -> "waits");
      Future<Object> login = work.submit(PasswordWork.Kind.LOGIN, () -> "displaces the waiting row");
      Future<Object> refused = work.submit(PasswordWork.Kind.IMPORT, () -> "no room");
      waiting.onFailure(displaced -> refused.onFailure(shed::complete));
    });
    try {
      // The thread stays busy until both answers are in, so nothing can run in between.
      assertRetryInOneSecond(shed.get(10, TimeUnit.SECONDS));
    } finally {
      release.countDown();
      work.close();
    }
  }

  @Test
  void anAddressPastItsShareOfABusyQueueAnswers429WithRetryAfterOneSecond() throws Exception {
    PasswordWork work = new PasswordWork(vertx, 1, 2 * PasswordQueue.ADDRESS_SHARE);
    CompletableFuture<Throwable> shed = new CompletableFuture<>();
    Context context = vertx.getOrCreateContext();
    CountDownLatch release = occupy(work, context, PasswordWork.Kind.LOGIN);
    context.runOnContext(v -> {
      for (int i = 0; i < PasswordQueue.ADDRESS_SHARE; i++) {
        work.verifyLogin("192.0.2.7", i, "wrong " + i, null);
      }
      work.verifyLogin("192.0.2.7", PasswordQueue.ADDRESS_SHARE, "one more", null).onFailure(shed::complete);
    });
    try {
      assertRetryInOneSecond(shed.get(10, TimeUnit.SECONDS));
    } finally {
      release.countDown();
      work.close();
    }
  }

  @Test
  void aLoginCheckThatWaitedPastTheGatewaysPatienceIsDroppedUnhashed() throws Exception {
    PasswordWork work = new PasswordWork(vertx, 1, 10, TimeUnit.MILLISECONDS.toNanos(50));
    Context context = vertx.getOrCreateContext();
    CountDownLatch release = occupy(work, context, PasswordWork.Kind.IMPORT);
    java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
    CompletableFuture<Throwable> dropped = new CompletableFuture<>();
    CompletableFuture<Object> account = new CompletableFuture<>();
    context.runOnContext(v -> {
      work.submit(PasswordWork.Kind.LOGIN, () -> ran.getAndSet(true)).onFailure(dropped::complete);
      work.submit(PasswordWork.Kind.ACCOUNT, () -> "an admin's action waits as long as it takes")
          .onComplete(r -> account.complete(r.succeeded() ? r.result() : r.cause()));
    });
    Thread.sleep(200);
    release.countDown();
    try {
      assertRetryInOneSecond(dropped.get(10, TimeUnit.SECONDS));
      assertTrue(!ran.get(), "the check was not run");
      assertEquals("an admin's action waits as long as it takes", account.get(10, TimeUnit.SECONDS));
    } finally {
      work.close();
    }
  }

  @Test
  void closingFailsWhatStillWaits() throws Exception {
    PasswordWork work = new PasswordWork(vertx, 1, 10);
    CountDownLatch release = new CountDownLatch(1);
    Promise<Throwable> failed = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      work.submit(PasswordWork.Kind.IMPORT, () -> release.await(10, TimeUnit.SECONDS));
      work.submit(PasswordWork.Kind.IMPORT, () -> "never runs").onFailure(failed::complete);
      work.close();
      release.countDown();
    });
    Throwable e = failed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(ErrorCode.UNAVAILABLE, ChatproException.from(e).code());
  }

  /** Holds a one-thread pool's thread with a job of {@code kind} until the latch it answers is counted down. */
  private static CountDownLatch occupy(PasswordWork work, Context context, PasswordWork.Kind kind)
      throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    context.runOnContext(v -> work.submit(kind, () -> {
      started.countDown();
      return release.await(10, TimeUnit.SECONDS);
    }));
    assertTrue(started.await(10, TimeUnit.SECONDS), "the only thread is busy");
    return release;
  }

  private static void assertRetryInOneSecond(Throwable shed) {
    ChatproException e = ChatproException.from(shed);
    assertEquals(ErrorCode.RATE_LIMITED, e.code());
    assertEquals(1, e.retryAfterSeconds());
  }
}
