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
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Throwable> shed = new CompletableFuture<>();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> work.submit(PasswordWork.Kind.IMPORT, () -> {
      started.countDown();
      return release.await(10, TimeUnit.SECONDS);
    }));
    assertTrue(started.await(10, TimeUnit.SECONDS), "the only thread is busy");
    context.runOnContext(v -> {
      Future<Object> waiting = work.submit(PasswordWork.Kind.IMPORT, () -> "waits");
      Future<Object> login = work.submit(PasswordWork.Kind.LOGIN, () -> "displaces the waiting row");
      Future<Object> refused = work.submit(PasswordWork.Kind.IMPORT, () -> "no room");
      waiting.onFailure(displaced -> refused.onFailure(shed::complete));
    });
    try {
      // The thread stays busy until both answers are in, so nothing can run in between.
      ChatproException e = ChatproException.from(shed.get(10, TimeUnit.SECONDS));
      assertEquals(ErrorCode.RATE_LIMITED, e.code());
      assertEquals(1, e.retryAfterSeconds());
    } finally {
      release.countDown();
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
}
