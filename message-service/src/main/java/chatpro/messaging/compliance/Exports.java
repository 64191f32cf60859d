package chatpro.messaging.compliance;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.bus.Directory;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.common.json.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Investigation exports as compliance officers ask for them: make one, see how far it is, list their own, and
 * download it. Every request is checked against the caller's roles as the directory holds them now (a token's may
 * be minutes old): anyone without the compliance role gets 403. An export is its maker's alone: for anyone else,
 * of this org or another, it does not exist (404), and neither does it once it has expired.
 *
 * <p>Making one is audited as {@code export.created} in the transaction that makes it, and handing out its file as
 * {@code export.downloaded} (before the link is answered: no audit record, no download). The details hold the
 * scope, the target's id and the range, never the reason, which is free text and may name people: the chain can
 * never be rewritten.
 */
public final class Exports {
  static final List<String> COMPLIANCE = List.of("compliance");
  static final String REFUSAL = "only compliance officers may export conversations";
  /** Exports one officer may have waiting or running; past that the next waits for them (429). */
  static final int MAX_UNFINISHED = 5;
  static final int LIST_LIMIT = 200;

  private final Vertx vertx;
  private final Pool pool;
  private final Directory directory;
  private final ExportRepository exports;
  private final ExportWorker worker;
  private final Audit audit;
  private final Clock clock;

  public Exports(Vertx vertx, Pool pool, Directory directory, ExportRepository exports, ExportWorker worker,
      Audit audit, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.directory = directory;
    this.exports = exports;
    this.worker = worker;
    this.audit = audit;
    this.clock = clock;
  }

  /** {@code {caller, export:{scope, targetId, from?, to?, reason}}} → {@code {id, status:"pending"}}. */
  public Future<JsonObject> create(JsonObject request) {
    Caller caller = Caller.from(request);
    return directory.requireAnyRole(caller, COMPLIANCE, REFUSAL)
        .map(v -> ExportRequest.from(request.getValue("export")))
        .compose(asked -> requireTarget(caller, asked).map(asked))
        .compose(asked -> requireRoom(caller).map(asked))
        .compose(asked -> insert(caller, asked))
        .onSuccess(made -> worker.wake())
        .map(made -> new JsonObject().put("id", made.id().toString()).put("status", Export.PENDING));
  }

  /** {@code {caller, exportId}} → the export's status. */
  public Future<JsonObject> get(JsonObject request) {
    Caller caller = Caller.from(request);
    return directory.requireAnyRole(caller, COMPLIANCE, REFUSAL)
        .compose(v -> own(caller, request))
        .map(Export::toJson);
  }

  /** {@code {caller}} → {@code {exports:[...]}}, newest first. */
  public Future<JsonObject> list(JsonObject request) {
    Caller caller = Caller.from(request);
    return directory.requireAnyRole(caller, COMPLIANCE, REFUSAL)
        .compose(v -> exports.list(pool, caller.userUuid(), caller.orgUuid(), clock.instant(), LIST_LIMIT))
        .map(found -> {
          JsonArray list = new JsonArray();
          found.forEach(e -> list.add(e.toJson()));
          return new JsonObject().put("exports", list);
        });
  }

  /**
   * {@code {caller, exportId}} → {@code {url, mime, fileName, size, disposition}}: where the gateway streams the
   * ready zip from. An export not ready yet is a 409.
   */
  public Future<JsonObject> download(JsonObject request) {
    Caller caller = Caller.from(request);
    return directory.requireAnyRole(caller, COMPLIANCE, REFUSAL)
        .compose(v -> own(caller, request))
        .compose(Exports::requireReady)
        .compose(export -> link(export)
            .compose(link -> recordDownload(caller, export).map(link)));
  }

  Future<Void> recordDownload(Caller caller, Export export) {
    AuditRecord record = new AuditRecord(caller.orgUuid(), caller.userUuid(), "export.downloaded", "export",
        export.id().toString(), details(export).put("size", export.size()));
    return pool.withTransaction(conn -> audit.record(conn, record));
  }

  /** What an audit entry says of an export: ids and times only. */
  private static JsonObject details(Export export) {
    JsonObject details = new JsonObject().put("scope", export.scope()).put("subjectId", export.targetId().toString());
    if (export.from() != null) {
      details.put("from", chatpro.common.time.Times.format(export.from()));
    }
    if (export.to() != null) {
      details.put("to", chatpro.common.time.Times.format(export.to()));
    }
    return details;
  }

  Future<JsonObject> link(Export export) {
    JsonObject ask = new JsonObject().put("key", export.objectKey()).put("fileName", export.fileName());
    return vertx.eventBus().<JsonObject>request(Addresses.EXPORT_FILE_LINK, ask)
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(ChatproException.from(e)));
  }

  static Future<Export> requireReady(Export export) {
    return Export.READY.equals(export.status()) ? Future.succeededFuture(export)
        : Future.failedFuture(ChatproException.conflict("the export is not ready"));
  }

  private Future<Export> own(Caller caller, JsonObject request) {
    String id = request.getString("exportId");
    if (!Fields.isId(id)) {
      return Future.failedFuture(ChatproException.notFound("export"));
    }
    return exports.own(pool, UUID.fromString(id), caller.orgUuid(), caller.userUuid(), clock.instant())
        .compose(found -> found == null ? Future.failedFuture(ChatproException.notFound("export"))
            : Future.succeededFuture(found));
  }

  /** The person or chat must be one of the caller's org; unknown and foreign ones are the same 400. */
  private Future<Void> requireTarget(Caller caller, ExportRequest asked) {
    Future<Boolean> known = ExportRequest.CHAT.equals(asked.scope())
        ? ExportScope.chatInOrg(pool, asked.targetId(), caller.orgUuid())
        : directory.users(caller, List.of(asked.targetId().toString())).map(users -> !users.isEmpty());
    return known.compose(ok -> ok ? Future.succeededFuture()
        : Future.failedFuture(ChatproException.badRequest("targetId must be a person or chat of your organisation")));
  }

  Future<Void> requireRoom(Caller caller) {
    return exports.unfinished(pool, caller.userUuid()).compose(n -> n < MAX_UNFINISHED ? Future.succeededFuture()
        : Future.failedFuture(new ChatproException(ErrorCode.RATE_LIMITED,
            "at most " + MAX_UNFINISHED + " exports may wait at a time", 60)));
  }

  private Future<Export> insert(Caller caller, ExportRequest asked) {
    Export export = new Export(UUID.randomUUID(), caller.orgUuid(), caller.userUuid(), asked.scope(),
        asked.targetId(), asked.from(), asked.to(), asked.reason(), Export.PENDING, 0, null, null, null, null,
        clock.instant(), null);
    AuditRecord record = new AuditRecord(caller.orgUuid(), caller.userUuid(), "export.created", "export",
        export.id().toString(), details(export));
    return pool.withTransaction(conn -> exports.insert(conn, export)
            .compose(v -> audit.record(conn, record)))
        .map(export);
  }
}
