package chatpro.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/** Runs asynchronous tasks over a list with at most {@code parallelism} in flight, keeping every outcome. */
final class Parallel<T, R> {
  record Outcome<R>(R value, Throwable error) {
    boolean ok() {
      return error == null;
    }
  }

  private final List<T> items;
  private final Function<T, Future<R>> task;
  private final AtomicInteger progress;
  private final AtomicReferenceArray<Outcome<R>> results;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final Promise<List<Outcome<R>>> all = Promise.promise();

  private Parallel(List<T> items, Function<T, Future<R>> task, AtomicInteger progress) {
    this.items = items;
    this.task = task;
    this.progress = progress;
    this.results = new AtomicReferenceArray<>(items.size());
  }

  /** {@code progress}, when given, counts finished tasks (for progress lines). */
  static <T, R> Future<List<Outcome<R>>> run(List<T> items, int parallelism, Function<T, Future<R>> task,
      AtomicInteger progress) {
    Parallel<T, R> p = new Parallel<>(items, task, progress);
    if (items.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    for (int w = 0; w < Math.min(parallelism, items.size()); w++) {
      p.work();
    }
    return p.all.future();
  }

  /** Starts tasks until one is still running; tasks that finish at once are taken in a loop, not by recursion. */
  private void work() {
    while (true) {
      int i = next.getAndIncrement();
      if (i >= items.size()) {
        return;
      }
      Future<R> f;
      try {
        f = task.apply(items.get(i));
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      if (f.isComplete()) {
        finish(i, f);
        continue;
      }
      f.onComplete(r -> {
        finish(i, r);
        work();
      });
      return;
    }
  }

  private void finish(int i, AsyncResult<R> r) {
    results.set(i, new Outcome<>(r.succeeded() ? r.result() : null, r.succeeded() ? null : r.cause()));
    if (progress != null) {
      progress.incrementAndGet();
    }
    if (finished.incrementAndGet() == items.size()) {
      List<Outcome<R>> list = new ArrayList<>(items.size());
      for (int k = 0; k < items.size(); k++) {
        list.add(results.get(k));
      }
      all.complete(list);
    }
  }
}
