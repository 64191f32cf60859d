package chatpro.messaging.compliance;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Addresses;
import chatpro.common.error.ChatproException;
import chatpro.messaging.log.EventLog;
import chatpro.messaging.log.EventLog.Expired;
import chatpro.messaging.log.EventLog.ExpiryKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention sweep: for every org with {@code messageRetentionDays}, messages whose {@code at} is older lose their
 * content (text, edits, reactions' emoji, media), unless a legal hold covers them; then media-service is told which
 * media the expired messages carried ({@link MediaReleases}).
 *
 * <p>One sweeper at a time across replicas (a session advisory lock held for the sweep). Each batch is its own short
 * transaction that walks the org's unexpired messages by time (index {@code events_unexpired}), skips rows a live
 * edit or deletion holds, and touches no chat row, so sends never wait for it.
 */
public final class RetentionSweep {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
  /** Expiry is promised within an hour; a sweep every ten minutes leaves fifty for the sweep itself. */
  public static final Duration EVERY = Duration.ofMinutes(10);
  static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext('chatpro.retention.sweep'))";
  static final String UNLOCK = "SELECT pg_advisory_unlock(hashtext('chatpro.retention.sweep'))";

  /** How hard a sweep pushes: messages per transaction, and a breath between transactions for live traffic. */
  public record Pace(int batch, Duration pause) {
    public static final Pace DEFAULT = new Pace(500, Duration.ofMillis(10));
  }

  /** What a sweep took from one org. */
  public record Swept(UUID orgId, long messages, long reactions, long edits, long media) {
    Swept plus(Expired e) {
      return new Swept(orgId, messages + e.messages(), reactions + e.reactions(), edits + e.edits(),
          media + e.media());
    }

    public JsonObject toJson() {
      return new JsonObject().put("orgId", orgId.toString()).put("messages", messages).put("reactions", reactions)
          .put("edits", edits).put("media", media);
    }
  }

  /** A sweep's outcome: whether this replica ran it (another may have held the lock), and what it took. */
  public record Result(boolean ran, List<Swept> orgs, long mediaReleased) {
    static final Result SKIPPED = new Result(false, List.of(), 0);

    public JsonObject toJson() {
      JsonArray swept = new JsonArray();
      orgs.forEach(o -> swept.add(o.toJson()));
      return new JsonObject().put("ran", ran).put("orgs", swept).put("mediaReleased", mediaReleased);
    }
  }

  /** An org and how long it keeps messages. */
  record Policy(UUID orgId, int days) {}

  private final Vertx vertx;
  private final Pool pool;
  private final EventLog log;
  private final MediaReleases releases;
  private final Audit audit;
  private final Clock clock;
  private final Pace pace;
  private boolean running;

  public RetentionSweep(Vertx vertx, Pool pool, EventLog log, MediaReleases releases, Audit audit, Clock clock,
      Pace pace) {
    this.vertx = vertx;
    this.pool = pool;
    this.log = log;
    this.releases = releases;
    this.audit = audit;
    this.clock = clock;
    this.pace = pace;
  }

  /** For the periodic timer and the operator: starts a sweep unless this replica is sweeping already. */
  public boolean start() {
    if (running) {
      return false;
    }
    sweep()
        .onSuccess(r -> {
          if (r.ran() && (!r.orgs().isEmpty() || r.mediaReleased() > 0)) {
            LOG.info("retention sweep: {}", r.toJson().encode());
          }
        })
        .onFailure(e -> LOG.warn("retention sweep failed, the next one goes on: {}", e.toString()));
    return true;
  }

  /** One sweep of every org with a retention period, if no other replica is sweeping. */
  public Future<Result> sweep() {
    running = true;
    return pool.getConnection()
        .compose(lock -> tryLock(lock)
            .compose(got -> got ? sweepAll().eventually(() -> unlock(lock)) : Future.succeededFuture(Result.SKIPPED))
            .eventually(lock::close))
        .eventually(() -> {
          running = false;
          return Future.succeededFuture();
        });
  }

  private Future<Result> sweepAll() {
    Instant now = clock.instant();
    return policies(null, new ArrayList<>())
        .compose(policies -> sweepEach(policies, now))
        .compose(swept -> releases.drain().map(released -> new Result(true, swept, released)));
  }

  /** Every org with a retention period, from directory-service, a page at a time. */
  private Future<List<Policy>> policies(String after, List<Policy> found) {
    JsonObject ask = after == null ? new JsonObject() : new JsonObject().put("after", after);
    return vertx.eventBus().<JsonObject>request(Addresses.ORGS_WITH_RETENTION, ask)
        .recover(e -> Future.failedFuture(ChatproException.from(e)))
        .compose(reply -> {
          JsonObject page = reply.body();
          page.getJsonArray("orgs").forEach(o -> {
            JsonObject org = (JsonObject) o;
            found.add(new Policy(UUID.fromString(org.getString("orgId")), org.getInteger("messageRetentionDays")));
          });
          return page.getString("after") == null ? Future.succeededFuture(found) : policies(page.getString("after"),
              found);
        });
  }

  /** The orgs one after another; only orgs where something expired are answered (and recorded). */
  private Future<List<Swept>> sweepEach(List<Policy> policies, Instant now) {
    List<Swept> swept = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Policy policy : policies) {
      chain = chain
          .compose(v -> sweepOrg(policy, now))
          .compose(this::recorded)
          .map(s -> {
            if (s.messages() > 0) {
              swept.add(s);
            }
            return null;
          });
    }
    return chain.map(swept);
  }

  /**
   * One {@code retention.swept} entry per org and sweep that took something, with the counts. The batches committed
   * one by one before it; should the sweep die in between, the next sweep's entry counts only what it took itself.
   */
  private Future<Swept> recorded(Swept swept) {
    if (swept.messages() == 0) {
      return Future.succeededFuture(swept);
    }
    JsonObject counts = swept.toJson();
    counts.remove("orgId");
    AuditRecord entry = new AuditRecord(swept.orgId(), null, "retention.swept", "org", swept.orgId().toString(),
        counts);
    return pool.withTransaction(conn -> audit.record(conn, entry)).map(swept);
  }

  /** Batch after batch until nothing older than the org's cutoff is left to take. */
  Future<Swept> sweepOrg(Policy policy, Instant now) {
    Instant cutoff = now.minus(Duration.ofDays(policy.days()));
    Promise<Swept> done = Promise.promise();
    nextBatch(policy.orgId(), cutoff, now, ExpiryKey.START, new Swept(policy.orgId(), 0, 0, 0, 0), done);
    return done.future();
  }

  /** One short transaction; the next one is scheduled afresh (no chain of futures grows with the batches). */
  private void nextBatch(UUID org, Instant cutoff, Instant now, ExpiryKey after, Swept sofar, Promise<Swept> done) {
    pool.withTransaction(conn -> Holds.lockShared(conn, org)
            .compose(v -> log.expire(conn, org, cutoff, after, pace.batch(), now)))
        .onFailure(done::fail)
        .onSuccess(batch -> {
          Swept total = sofar.plus(batch);
          if (batch.last() == null) {
            done.complete(total);
          } else {
            vertx.setTimer(Math.max(1, pace.pause().toMillis()),
                t -> nextBatch(org, cutoff, now, batch.last(), total, done));
          }
        });
  }

  private static Future<Boolean> tryLock(SqlConnection conn) {
    return conn.query(TRY_LOCK).execute().map(rows -> rows.iterator().next().getBoolean(0));
  }

  private static Future<Void> unlock(SqlConnection conn) {
    return conn.query(UNLOCK).execute().mapEmpty();
  }
}
