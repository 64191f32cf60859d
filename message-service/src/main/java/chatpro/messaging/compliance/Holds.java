package chatpro.messaging.compliance;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Caller;
import chatpro.common.bus.Directory;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.common.time.Times;
import chatpro.messaging.log.Event;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Legal holds: compliance officers place them on a person or a chat, list and lift them. While one covers a message
 * (its sender's or its chat's), retention keeps the message and edits or deletions keep the original content
 * ({@code held_originals}); {@link #requireNoHoldOn} is the check erasure makes.
 *
 * <p>Placing and lifting take the org's hold lock exclusively; whatever acts on what a hold covers (an edit, a
 * deletion, a retention batch) takes it shared while it decides, so a hold is in force for every change that commits
 * after it, and none is judged against a hold half-placed.
 */
public final class Holds {
  public static final int MAX_REASON = 500;
  static final List<String> ROLES = List.of("compliance");
  static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('chatpro.holds.' || $1::uuid::text))";
  static final String LOCK_SHARED = "SELECT pg_advisory_xact_lock_shared(hashtext('chatpro.holds.' ||"
      + " $1::uuid::text))";
  static final String INSERT = "INSERT INTO holds (id, org_id, scope, target_id, reason, placed_by, placed_at)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7)";
  static final String ACTIVE = "SELECT id, scope, target_id, reason, placed_by, placed_at FROM holds"
      + " WHERE org_id = $1 AND lifted_at IS NULL ORDER BY placed_at, id LIMIT 10000";
  static final String LIFT = "UPDATE holds SET lifted_at = $3, lifted_by = $4 WHERE id = $1 AND org_id = $2"
      + " AND lifted_at IS NULL RETURNING scope, target_id";
  static final String CHAT_OF_ORG = "SELECT 1 FROM chats WHERE id = $1 AND org_id = $2";
  /** Does an active hold cover a message of this sender in this chat? */
  static final String COVERS = "SELECT 1 FROM holds WHERE org_id = $1 AND lifted_at IS NULL"
      + " AND (scope = 'user' AND target_id = $2 OR scope = 'chat' AND target_id = $3) LIMIT 1";
  /**
   * A hold on the person, or on a chat holding a message of theirs. The chat holds are few; each is checked by its
   * chat's log.
   */
  static final String ON_PERSON = "SELECT 1 FROM holds h WHERE h.org_id = $1 AND h.lifted_at IS NULL"
      + " AND (h.scope = 'user' AND h.target_id = $2 OR h.scope = 'chat' AND EXISTS (SELECT 1 FROM events e"
      + "   WHERE e.chat_id = h.target_id AND e.actor_id = $2 AND e.type = 'message')) LIMIT 1";
  /**
   * Once a hold is lifted, originals that no other active hold covers are no longer kept; their media are handed to
   * media-service ({@code media_releases}) in case nothing else carries them.
   */
  static final String DROP_UNCOVERED = "WITH gone AS (DELETE FROM held_originals o WHERE o.org_id = $1"
      + "   AND (o.sender_id = $2 OR o.chat_id = $2)"
      + "   AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.org_id = o.org_id AND h.lifted_at IS NULL"
      + "     AND (h.scope = 'user' AND h.target_id = o.sender_id OR h.scope = 'chat' AND h.target_id = o.chat_id))"
      + "   RETURNING o.message_id, o.media_id)"
      + " INSERT INTO media_releases (message_id, media_id, org_id)"
      + " SELECT DISTINCT message_id, media_id, $1 FROM gone WHERE media_id IS NOT NULL ON CONFLICT DO NOTHING";

  private final Pool pool;
  private final Directory directory;
  private final Audit audit;
  private final Clock clock;

  public Holds(Pool pool, Directory directory, Audit audit, Clock clock) {
    this.pool = pool;
    this.directory = directory;
    this.audit = audit;
    this.clock = clock;
  }

  /** A hold as the API shows it. */
  public record Hold(UUID id, String scope, UUID targetId, String reason, UUID placedBy, Instant placedAt) {
    static Hold from(Row r) {
      return new Hold(r.getUUID("id"), r.getString("scope"), r.getUUID("target_id"), r.getString("reason"),
          r.getUUID("placed_by"), r.getOffsetDateTime("placed_at").toInstant());
    }

    public JsonObject toJson() {
      return new JsonObject().put("id", id.toString()).put("scope", scope).put("targetId", targetId.toString())
          .put("reason", reason).put("placedBy", placedBy.toString()).put("placedAt", Times.format(placedAt));
    }
  }

  /** {@code {caller, hold:{scope, targetId, reason}}} → the hold (compliance only). */
  public Future<JsonObject> place(JsonObject request) {
    Caller caller = Caller.from(request);
    return requireCompliance(caller)
        .map(v -> asked(caller, Fields.object(request.getValue("hold"))))
        .compose(hold -> requireTarget(caller, hold).map(hold))
        .compose(hold -> pool.withTransaction(conn -> lock(conn, caller.orgUuid())
            .compose(v -> insert(conn, caller.orgUuid(), hold))
            .compose(v -> audit.record(conn, entry(caller, "hold.placed", hold.id(), hold.scope(), hold.targetId())))
            .map(hold)))
        .map(Hold::toJson);
  }

  /** {@code {caller}} → {@code {holds}}: the org's active holds, oldest first (compliance only). */
  public Future<JsonObject> list(JsonObject request) {
    Caller caller = Caller.from(request);
    return requireCompliance(caller)
        .compose(v -> pool.preparedQuery(ACTIVE).execute(Tuple.of(caller.orgUuid())))
        .map(rows -> {
          JsonArray holds = new JsonArray();
          rows.forEach(r -> holds.add(Hold.from(r).toJson()));
          return new JsonObject().put("holds", holds);
        });
  }

  /** {@code {caller, holdId}} → {@code {}}; 404 for an unknown, lifted or other org's hold (compliance only). */
  public Future<JsonObject> lift(JsonObject request) {
    Caller caller = Caller.from(request);
    String id = request.getString("holdId");
    UUID holdId = Fields.isId(id) ? UUID.fromString(id) : null;
    return requireCompliance(caller)
        .compose(v -> holdId == null ? Future.failedFuture(ChatproException.notFound("hold"))
            : pool.withTransaction(conn -> liftIn(conn, caller, holdId)))
        .map(v -> new JsonObject());
  }

  /** Lifts the hold, then lets go of the originals nothing else holds. */
  private Future<Void> liftIn(SqlConnection conn, Caller caller, UUID holdId) {
    Tuple args = Tuple.of(holdId, caller.orgUuid(), utc(clock.instant()), caller.userUuid());
    return lock(conn, caller.orgUuid())
        .compose(v -> conn.preparedQuery(LIFT).execute(args))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ChatproException.notFound("hold"))
            : Future.succeededFuture(rows.iterator().next()))
        .compose(lifted -> audit.record(conn, entry(caller, "hold.lifted", holdId, lifted.getString("scope"),
                lifted.getUUID("target_id")))
            .map(lifted.getUUID("target_id")))
        .compose(target -> conn.preparedQuery(DROP_UNCOVERED).execute(Tuple.of(caller.orgUuid(), target)))
        .mapEmpty();
  }

  /** The audit entry of a hold: its id, scope and target; never its reason (free text may name people). */
  private static AuditRecord entry(Caller caller, String action, UUID holdId, String scope, UUID target) {
    return new AuditRecord(caller.orgUuid(), caller.userUuid(), action, "hold", holdId.toString(),
        new JsonObject().put("scope", scope).put("targetId", target.toString()));
  }

  /**
   * Whether an active hold covers this message, taking the org's hold lock shared for the rest of the transaction
   * (so a hold being placed waits for this change, and a change after it sees it).
   */
  public Future<Boolean> covers(SqlConnection conn, Event message) {
    return conn.preparedQuery(LOCK_SHARED).execute(Tuple.of(message.orgId()))
        .compose(v -> conn.preparedQuery(COVERS).execute(Tuple.of(message.orgId(), message.actorId(),
            message.chatId())))
        .map(rows -> rows.size() > 0);
  }

  /** Takes the org's hold lock shared for the rest of the transaction (a retention batch, before it decides). */
  public static Future<Void> lockShared(SqlClient conn, UUID orgId) {
    return conn.preparedQuery(LOCK_SHARED).execute(Tuple.of(orgId)).mapEmpty();
  }

  /**
   * The check erasure makes before it touches a person (protocol: "erasure of a held person answers 409"): fails
   * with 409 {@code conflict} while a hold covers the person, or a chat holding a message of theirs. Over the event
   * bus as {@code messaging.holds.require-none} ({@code {orgId, userId}}).
   */
  public Future<Void> requireNoHoldOn(UUID orgId, UUID userId) {
    return pool.preparedQuery(ON_PERSON).execute(Tuple.of(orgId, userId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
            : Future.failedFuture(ChatproException.conflict("a legal hold covers this person's messages")));
  }

  /** {@code {orgId, userId}} → {@code {}}, or 409 (see {@link #requireNoHoldOn}). */
  public Future<JsonObject> requireNone(JsonObject request) {
    UUID org = UUID.fromString(Fields.id(request, "orgId"));
    UUID user = UUID.fromString(Fields.id(request, "userId"));
    return requireNoHoldOn(org, user).map(v -> new JsonObject());
  }

  /** A hold as asked, checked for shape (its target is checked against the data next). */
  private Hold asked(Caller caller, JsonObject body) {
    Object scope = body.getValue("scope");
    if (!"user".equals(scope) && !"chat".equals(scope)) {
      throw ChatproException.badRequest("scope must be user or chat");
    }
    UUID target = UUID.fromString(Fields.id(body, "targetId"));
    String reason = Fields.string(body, "reason", 1, MAX_REASON);
    if (reason.isBlank()) {
      throw ChatproException.badRequest("reason must not be blank");
    }
    return new Hold(UUID.randomUUID(), (String) scope, target, reason, caller.userUuid(),
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  /**
   * The target must be a person of the caller's org (deactivated people included: they are who investigations are
   * often about) or a chat of it; anything else is the same 400.
   */
  private Future<Void> requireTarget(Caller caller, Hold hold) {
    ChatproException unusable = ChatproException.badRequest("targetId must be a person or chat of your organisation");
    if ("chat".equals(hold.scope())) {
      return pool.preparedQuery(CHAT_OF_ORG).execute(Tuple.of(hold.targetId(), caller.orgUuid()))
          .compose(rows -> rows.size() > 0 ? Future.succeededFuture() : Future.failedFuture(unusable));
    }
    return directory.users(caller, List.of(hold.targetId().toString()))
        .compose(users -> users.size() == 1 ? Future.succeededFuture() : Future.failedFuture(unusable));
  }

  private Future<Void> insert(SqlConnection conn, UUID orgId, Hold hold) {
    Tuple args = Tuple.of(hold.id(), orgId, hold.scope(), hold.targetId(), hold.reason(), hold.placedBy(),
        utc(hold.placedAt()));
    return conn.preparedQuery(INSERT).execute(args).mapEmpty();
  }

  /** Compliance officers only, by their roles as stored now (not as their token says). */
  private Future<Void> requireCompliance(Caller caller) {
    return directory.requireAnyRole(caller, ROLES, "only compliance officers may manage legal holds");
  }

  private static Future<Void> lock(SqlConnection conn, UUID orgId) {
    return conn.preparedQuery(LOCK).execute(Tuple.of(orgId)).mapEmpty();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
