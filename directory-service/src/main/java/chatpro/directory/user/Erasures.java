package chatpro.directory.user;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Caller;
import chatpro.common.crypto.KeyRing;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.directory.auth.Sessions;
import chatpro.directory.events.DirectoryEvents;
import chatpro.directory.keys.KeyVault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * The directory's part of erasing a person (GDPR Art. 17), in one transaction: their key is destroyed, which makes
 * everything sealed with it unreadable wherever it was copied; their profile becomes "Former colleague" with no
 * roles, no password and a username nobody can type, so the name is free again; their search words, sign-in code
 * and refresh tokens go, their logins end; {@code chatpro.user.erased} goes to Kafka and {@code user.erased}, with
 * only ids and the reason, to the audit chain. The rest (their messages, groups, media, presence) is done by the
 * services that hold it; message-service runs the whole erasure and calls this first.
 */
public final class Erasures {
  public static final String ERASED = "user.erased";
  static final String ANONYMISE = "UPDATE users SET username = '~erased~' || id::text, display_name = $3,"
      + " title = NULL, department = NULL, location = NULL, roles = '{}', active = false, password_hash = NULL,"
      + " erased_at = now(), version = version + 1, updated_at = now() WHERE org_id = $1 AND id = $2";
  static final String WORDS = "DELETE FROM user_words WHERE user_id = $1";
  static final String CODES = "DELETE FROM sign_in_codes WHERE user_id = $1";
  static final String REFRESH = "DELETE FROM refresh_tokens WHERE user_id = $1";
  static final int MAX_REASON = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final UserRepository users;
  private final Users people;
  private final Sessions sessions;
  private final DirectoryEvents events;
  private final KeyVault keys;
  private final Audit audit;

  public Erasures(Vertx vertx, Pool pool, UserRepository users, Users people, Sessions sessions,
      DirectoryEvents events, KeyVault keys, Audit audit) {
    this.vertx = vertx;
    this.pool = pool;
    this.users = users;
    this.people = people;
    this.sessions = sessions;
    this.events = events;
    this.keys = keys;
    this.audit = audit;
  }

  /**
   * {@code {caller, userId, reason}} → {@code {}}. The caller (admin or compliance, checked by message-service and
   * again here) may not erase themselves; the org's last active admin cannot be erased (409). Erasing someone
   * already erased changes nothing and succeeds, so a failed erasure can simply be asked again.
   */
  public Future<JsonObject> erase(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = Users.userId(request);
    String reason = Fields.string(request, "reason", 1, MAX_REASON);
    if (id.equals(caller.userUuid())) {
      return Future.failedFuture(ChatproException.conflict("nobody may erase themselves"));
    }
    return people.requireAnyRole(caller, List.of("admin", "compliance"),
            "only an admin or a compliance officer may erase people")
        .compose(v -> pool.withTransaction(conn -> users.lock(conn, caller.orgUuid(), id)
            .compose(found -> {
              User current = found.orElseThrow(() -> ChatproException.notFound("user"));
              if (current.erased()) {
                return Future.succeededFuture(Sessions.Ended.NONE);
              }
              return people.checkLastAdmin(conn, current, false)
                  .compose(x -> anonymise(conn, caller, id, reason));
            })))
        .onSuccess(sessions::announce)
        .onSuccess(ended -> KeyRing.publishEviction(vertx, id))
        .map(ended -> new JsonObject());
  }

  private Future<Sessions.Ended> anonymise(SqlConnection conn, Caller caller, UUID id, String reason) {
    UUID org = caller.orgUuid();
    return keys.destroy(conn, org, id)
        .compose(v -> conn.preparedQuery(ANONYMISE).execute(Tuple.of(org, id, User.FORMER_COLLEAGUE)))
        .compose(v -> conn.preparedQuery(WORDS).execute(Tuple.of(id)))
        .compose(v -> conn.preparedQuery(CODES).execute(Tuple.of(id)))
        .compose(v -> sessions.endForDeactivation(conn, id))
        .compose(ended -> conn.preparedQuery(REFRESH).execute(Tuple.of(id)).map(ended))
        .compose(ended -> users.lock(conn, org, id)
            .compose(erased -> events.recordErased(conn, erased.orElseThrow()))
            .compose(x -> audit.record(conn, new AuditRecord(org, caller.userUuid(), ERASED, "user", id.toString(),
                new JsonObject().put("reason", reason).put("sessionsEnded", ended.sessionIds().size()))))
            .map(ended));
  }
}
