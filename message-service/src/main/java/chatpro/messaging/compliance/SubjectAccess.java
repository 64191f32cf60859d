package chatpro.messaging.compliance;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Caller;
import chatpro.common.bus.Directory;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.common.json.Fields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Subject-access exports (GDPR Art. 15; protocol.md "Subject access"): a person asks for everything ChatPro holds
 * about them and downloads it; a compliance officer may make one for anyone of their org, which the officer downloads
 * (with the investigation exports, through the same routes). Both are audited as {@code sar.created}, and every
 * download as {@code export.downloaded}. The job is {@link SarRun}, queued with the investigation exports.
 *
 * <p>A person's own are theirs alone: anyone else's id is a 404. Asking again while one is still being made answers
 * that one; past {@link #PER_DAY} asks a day the next waits (429), since each one reads their whole history.
 */
public final class SubjectAccess {
  static final String REFUSAL = "only compliance officers may export another person's data";
  static final int PER_DAY = 5;
  static final int LIST_LIMIT = 50;

  private final Pool pool;
  private final Directory directory;
  private final ExportRepository exports;
  private final Exports investigations;
  private final ExportWorker worker;
  private final Audit audit;
  private final Clock clock;

  public SubjectAccess(Pool pool, Directory directory, ExportRepository exports, Exports investigations,
      ExportWorker worker, Audit audit, Clock clock) {
    this.pool = pool;
    this.directory = directory;
    this.exports = exports;
    this.investigations = investigations;
    this.worker = worker;
    this.audit = audit;
    this.clock = clock;
  }

  /** {@code {caller}} → {@code {id, status:"pending"}}: the caller's own, or the one still being made. */
  public Future<JsonObject> createOwn(JsonObject request) {
    Caller caller = Caller.from(request);
    return exports.ownSars(pool, caller.userUuid(), caller.orgUuid(), clock.instant(), 1)
        .compose(latest -> {
          if (!latest.isEmpty() && isUnfinished(latest.get(0))) {
            return Future.succeededFuture(latest.get(0));
          }
          return requireDailyRoom(caller)
              .compose(v -> insert(caller, caller.userUuid(), null));
        })
        .map(SubjectAccess::pending);
  }

  /** Compliance: {@code {caller, userId, reason?}} → {@code {id, status:"pending"}}. */
  public Future<JsonObject> createFor(JsonObject request) {
    Caller caller = Caller.from(request);
    String id = request.getString("userId");
    if (!Fields.isId(id)) {
      return Future.failedFuture(ChatproException.notFound("user"));
    }
    String reason = Fields.optionalString(request, "reason", 1, 500);
    return directory.user(caller, id)
        .compose(user -> directory.requireAnyRole(caller, Exports.COMPLIANCE, REFUSAL).map(user))
        .compose(user -> user.getBoolean("erased", false)
            ? Future.failedFuture(ChatproException.conflict("this person was erased: nothing of theirs is left"))
            : Future.succeededFuture())
        .compose(v -> investigations.requireRoom(caller))
        .compose(v -> insert(caller, UUID.fromString(id), reason))
        .map(SubjectAccess::pending);
  }

  /** {@code {caller}} → {@code {exports:[...]}}: the caller's own, newest first. */
  public Future<JsonObject> listOwn(JsonObject request) {
    Caller caller = Caller.from(request);
    return exports.ownSars(pool, caller.userUuid(), caller.orgUuid(), clock.instant(), LIST_LIMIT)
        .map(found -> {
          JsonArray list = new JsonArray();
          found.forEach(e -> list.add(e.toJson()));
          return new JsonObject().put("exports", list);
        });
  }

  /** {@code {caller, exportId}} → the status of one of the caller's own. */
  public Future<JsonObject> getOwn(JsonObject request) {
    return own(request).map(Export::toJson);
  }

  /** {@code {caller, exportId}} → where the gateway streams the ready zip from; audited as a download. */
  public Future<JsonObject> downloadOwn(JsonObject request) {
    Caller caller = Caller.from(request);
    return own(request)
        .compose(Exports::requireReady)
        .compose(export -> investigations.link(export)
            .compose(link -> investigations.recordDownload(caller, export).map(link)));
  }

  private Future<Export> own(JsonObject request) {
    Caller caller = Caller.from(request);
    String id = request.getString("exportId");
    if (!Fields.isId(id)) {
      return Future.failedFuture(ChatproException.notFound("export"));
    }
    return exports.ownSar(pool, UUID.fromString(id), caller.orgUuid(), caller.userUuid(), clock.instant())
        .compose(found -> found == null ? Future.failedFuture(ChatproException.notFound("export"))
            : Future.succeededFuture(found));
  }

  private Future<Void> requireDailyRoom(Caller caller) {
    return exports.madeSince(pool, caller.userUuid(), clock.instant().minus(Duration.ofDays(1)))
        .compose(n -> n < PER_DAY ? Future.succeededFuture()
            : Future.failedFuture(new ChatproException(ErrorCode.RATE_LIMITED,
                "at most " + PER_DAY + " copies of your data a day", 3600)));
  }

  /** The export and its {@code sar.created} entry, in one transaction; the worker is woken after. */
  private Future<Export> insert(Caller caller, UUID subject, String reason) {
    Export export = new Export(UUID.randomUUID(), caller.orgUuid(), caller.userUuid(), ExportRequest.SAR, subject,
        null, null, reason, Export.PENDING, 0, null, null, null, null, clock.instant(), null);
    JsonObject details = new JsonObject().put("exportId", export.id().toString())
        .put("requestedBy", subject.equals(caller.userUuid()) ? "self" : "compliance");
    AuditRecord record = new AuditRecord(caller.orgUuid(), caller.userUuid(), "sar.created", "user",
        subject.toString(), details);
    return pool.withTransaction(conn -> exports.insert(conn, export)
            .compose(v -> audit.record(conn, record)))
        .onSuccess(v -> worker.wake())
        .map(export);
  }

  private static boolean isUnfinished(Export e) {
    return Export.PENDING.equals(e.status()) || Export.RUNNING.equals(e.status());
  }

  private static JsonObject pending(Export e) {
    return new JsonObject().put("id", e.id().toString()).put("status", Export.PENDING);
  }
}
