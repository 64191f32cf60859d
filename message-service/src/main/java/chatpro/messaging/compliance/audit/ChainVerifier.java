package chatpro.messaging.compliance.audit;

import chatpro.common.audit.AuditEntry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Checks an org's chain from its first entry, a page of {@link #PAGE} at a time by keyset (memory stays one page
 * whatever the chain's length), hashing on a worker thread. Position n must hold the entry with seq n whose
 * {@code prevHash} is the hash at n - 1 (the genesis hash at 1) and whose stored hash is what its stored fields
 * hash to; the first position where any of that fails is {@code brokenAt}.
 */
public final class ChainVerifier {
  static final int PAGE = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private final AuditStore store;

  public ChainVerifier(Vertx vertx, Pool pool, AuditStore store) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
  }

  /** Where a check stands: the next position, the hash before it, the last seq read, and a break if found. */
  record Check(long next, String head, long lastSeq, Long brokenAt) {
    static final Check START = new Check(1, AuditEntry.GENESIS, Long.MIN_VALUE, null);

    JsonObject answer() {
      return brokenAt != null ? new JsonObject().put("ok", false).put("brokenAt", brokenAt)
          : new JsonObject().put("ok", true).put("entries", next - 1).put("head", head);
    }
  }

  /**
   * {@code {"ok":true,"entries","head"}} or {@code {"ok":false,"brokenAt"}}.
   * @param progress told the number of entries checked after each page; its future paces the next page
   */
  public Future<JsonObject> verify(UUID orgId, LongFunction<Future<Void>> progress) {
    Promise<Check> done = Promise.promise();
    step(orgId, Check.START, progress, done);
    return done.future().map(Check::answer);
  }

  /**
   * One page, then the next from its own callback: each page's futures complete on their own, so a chain of a
   * million entries never nests a thousand completions on one stack.
   */
  private void step(UUID orgId, Check state, LongFunction<Future<Void>> progress, Promise<Check> done) {
    store.page(pool, orgId, state.lastSeq(), PAGE)
        .compose(page -> vertx.executeBlocking(() -> check(state, page), false)
            .compose(after -> progress.apply(after.next() - 1)
                .map(v -> after.brokenAt() != null || page.size() < PAGE ? new Step(after, true)
                    : new Step(after, false))))
        .onSuccess(step -> {
          if (step.last()) {
            done.complete(step.check());
          } else {
            step(orgId, step.check(), progress, done);
          }
        })
        .onFailure(done::fail);
  }

  /** A page checked, and whether it was the last one to read. */
  private record Step(Check check, boolean last) {}

  /** The state after one page (pure: unit-tested). */
  static Check check(Check state, List<AuditEntry> page) {
    long expected = state.next();
    String prev = state.head();
    long last = state.lastSeq();
    for (AuditEntry e : page) {
      if (e.seq() != expected || !prev.equals(e.prevHash()) || !hashesTo(e)) {
        return new Check(expected, prev, e.seq(), expected);
      }
      prev = e.hash();
      last = e.seq();
      expected++;
    }
    return new Check(expected, prev, last, null);
  }

  /** Whether the stored hash is right; stored content with no canonical form (a fraction put in by hand) is not. */
  private static boolean hashesTo(AuditEntry e) {
    try {
      return e.computeHash().equals(e.hash());
    } catch (IllegalArgumentException notCanonical) {
      return false;
    }
  }
}
