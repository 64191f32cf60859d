package chatpro.directory.user;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.directory.auth.PasswordPolicy;
import chatpro.directory.auth.LoginLimiter;
import chatpro.directory.auth.PasswordWork;
import chatpro.directory.auth.Sessions;
import chatpro.directory.events.DirectoryEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** Deactivation, reactivation and passwords: the changes that also end logins. */
public final class Accounts {
  private final PasswordWork passwords;
  private final Pool pool;
  private final UserRepository users;
  private final Users people;
  private final Sessions sessions;
  private final DirectoryEvents events;
  private final Audit audit;
  private final LoginLimiter limiter;

  public Accounts(PasswordWork passwords, Pool pool, UserRepository users, Users people, Sessions sessions,
      DirectoryEvents events, Audit audit, LoginLimiter limiter) {
    this.limiter = limiter;
    this.audit = audit;
    this.passwords = passwords;
    this.pool = pool;
    this.users = users;
    this.people = people;
    this.sessions = sessions;
    this.events = events;
  }

  /** Admin: {@code {caller, userId, active}}. Deactivation ends every login at once; login answers 401 after it. */
  public Future<JsonObject> setActive(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = Users.userId(request);
    boolean active = Boolean.TRUE.equals(request.getValue("active"));
    return people.requireAdminFor(caller, id)
        .compose(admin -> pool.withTransaction(conn -> users.lock(conn, caller.orgUuid(), id)
            .compose(found -> {
              User current = found.orElseThrow(() -> ChatproException.notFound("user"));
              Future<Void> allowed = active ? Future.succeededFuture() : people.checkLastAdmin(conn, current, false);
              return allowed.compose(v -> users.setActive(conn, caller.orgUuid(), id, active));
            })
            .compose(changed -> {
              if (changed.isEmpty()) {
                return Future.succeededFuture(Sessions.Ended.NONE);
              }
              String type = active ? DirectoryEvents.REACTIVATED : DirectoryEvents.DEACTIVATED;
              return events.record(conn, type, changed.get())
                  .compose(v -> active ? Future.succeededFuture(Sessions.Ended.NONE)
                      : sessions.endForDeactivation(conn, id))
                  .compose(ended -> audit.record(conn, new AuditRecord(caller.orgUuid(), caller.userUuid(), type,
                      "user", id.toString(), new JsonObject().put("sessionsEnded", ended.sessionIds().size())))
                      .map(ended));
            })))
        .onSuccess(sessions::announce)
        .map(ended -> new JsonObject());
  }

  /** Admin: {@code {caller, userId, password}} sets a new password and ends all the user's logins. */
  public Future<JsonObject> setPassword(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = Users.userId(request);
    String password = PasswordPolicy.check(request.getValue("password"), "password");
    return people.requireAdminFor(caller, id)
        .compose(admin -> users.find(caller.orgUuid(), id))
        .map(found -> found.orElseThrow(() -> ChatproException.notFound("user")))
        .compose(user -> passwords.hash(PasswordWork.Kind.ACCOUNT, password))
        .compose(hash -> pool.withTransaction(conn -> users.setPasswordHash(conn, caller.orgUuid(), id, hash)
            .compose(v -> sessions.endAll(conn, id, null))
            .compose(ended -> audit.record(conn, new AuditRecord(caller.orgUuid(), caller.userUuid(),
                "user.password_reset", "user", id.toString(),
                new JsonObject().put("sessionsEnded", ended.sessionIds().size()))).map(ended))))
        .onSuccess(sessions::announce)
        .map(ended -> new JsonObject());
  }

  /** Self: {@code {caller, current, new}}; the caller's other logins end, this one goes on. */
  public Future<JsonObject> changePassword(JsonObject request) {
    Caller caller = Caller.from(request);
    String current = request.getValue("current") instanceof String s && s.length() <= PasswordPolicy.MAX ? s : "";
    String next = PasswordPolicy.check(request.getValue("new"), "new");
    Future<Boolean> checked = limiter.guarded(limiter.reservePasswordChange(caller.userUuid()),
        () -> users.passwordHash(caller.userUuid())
            .compose(hash -> passwords.verify(PasswordWork.Kind.LOGIN, current, hash))
            .compose(right -> right ? Future.succeededFuture(true)
                : Future.failedFuture(ChatproException.forbidden("the current password is not right"))),
        ErrorCode.FORBIDDEN);
    return checked
        .compose(right -> passwords.hash(PasswordWork.Kind.LOGIN, next))
        .compose(hash -> {
          UUID me = caller.userUuid();
          return pool.withTransaction(conn -> users.setPasswordHash(conn, caller.orgUuid(), me, hash)
              .compose(v -> sessions.endAll(conn, me, UUID.fromString(caller.sessionId()))));
        })
        .onSuccess(sessions::announce)
        .map(ended -> new JsonObject());
  }
}
