package chatpro.messaging.compliance.audit;

import chatpro.common.audit.AuditEntry;
import chatpro.common.bus.Caller;
import chatpro.common.bus.Directory;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.messaging.compliance.audit.AuditStore.Job;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-bus API of the audit log, for the org's admins and compliance officers (their roles as the directory
 * holds them now): reading the chain, verifying it at once, or verifying it as a job whose progress any replica can
 * report.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  /** The CloudEvents type of a head on {@code chatpro.audit.v1}. */
  public static final String APPENDED = "audit.appended";
  static final List<String> READERS = List.of("admin", "compliance");
  /** A running job not updated for this long lost its replica: it is reported failed. */
  static final Duration STALE = Duration.ofMinutes(1);

  private final Pool pool;
  private final AuditStore store;
  private final ChainVerifier verifier;
  private final Directory directory;
  private final Clock clock;

  public AuditLog(Pool pool, AuditStore store, ChainVerifier verifier, Directory directory, Clock clock) {
    this.pool = pool;
    this.store = store;
    this.verifier = verifier;
    this.directory = directory;
    this.clock = clock;
  }

  /** {@code {caller, after?, before?, limit?, action?, actorId?, targetId?, from?, to?}} → {@code {entries}}. */
  public Future<JsonObject> list(JsonObject request) {
    Caller caller = Caller.from(request);
    AuditQuery query = AuditQuery.from(caller.orgUuid(), request);
    return allowed(caller)
        .compose(v -> store.find(pool, query))
        .map(AuditLog::entries);
  }

  /** {@code {caller}} → {@code {ok:true, entries, head}} or {@code {ok:false, brokenAt}}, streamed page by page. */
  public Future<JsonObject> verify(JsonObject request) {
    Caller caller = Caller.from(request);
    return allowed(caller)
        .compose(v -> verifier.verify(caller.orgUuid(), checked -> Future.succeededFuture()));
  }

  /** {@code {caller}} → a job {@code {id, status:"running", progress, checked, total}} that verifies in the background. */
  public Future<JsonObject> startVerification(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = UUID.randomUUID();
    return allowed(caller)
        .compose(v -> store.lastSeq(pool, caller.orgUuid()))
        .compose(total -> store.newJob(pool, id, caller.orgUuid(), caller.userUuid(), total, clock.instant())
            .map(total))
        .onSuccess(total -> run(id, caller.orgUuid()))
        .map(total -> job(new Job(id, "running", 0, total, null, clock.instant())));
  }

  /** {@code {caller, id}} → the job, with {@code result} once it is done; 404 for another org's or none. */
  public Future<JsonObject> verification(JsonObject request) {
    Caller caller = Caller.from(request);
    String id = request.getString("id");
    if (!Fields.isId(id)) {
      throw ChatproException.notFound("verification");
    }
    return allowed(caller)
        .compose(v -> store.job(pool, UUID.fromString(id), caller.orgUuid()))
        .map(found -> job(found.orElseThrow(() -> ChatproException.notFound("verification"))));
  }

  private void run(UUID id, UUID orgId) {
    verifier.verify(orgId, checked -> store.jobProgress(pool, id, checked, clock.instant()))
        .compose(result -> store.jobDone(pool, id, "done", checked(result), result, clock.instant()))
        .onFailure(e -> {
          LOG.warn("audit verification {} failed: {}", id, e.toString());
          store.jobDone(pool, id, "failed", 0, null, clock.instant());
        });
  }

  private static long checked(JsonObject result) {
    return result.getBoolean("ok") ? result.getLong("entries") : result.getLong("brokenAt") - 1;
  }

  private JsonObject job(Job job) {
    boolean lost = "running".equals(job.status()) && job.updatedAt().isBefore(clock.instant().minus(STALE));
    String status = lost ? "failed" : job.status();
    long progress = "done".equals(status) ? 100
        : job.total() == 0 ? 0 : Math.min(99, job.checked() * 100 / job.total());
    JsonObject json = new JsonObject().put("id", job.id().toString()).put("status", status).put("progress", progress)
        .put("checked", job.checked()).put("total", job.total());
    if (job.result() != null) {
      json.put("result", job.result());
    }
    return json;
  }

  private Future<Void> allowed(Caller caller) {
    return directory.requireAnyRole(caller, READERS, "only admins and compliance officers may read the audit log");
  }

  private static JsonObject entries(List<AuditEntry> entries) {
    JsonArray out = new JsonArray();
    entries.forEach(e -> out.add(e.toJson()));
    return new JsonObject().put("entries", out);
  }

}
