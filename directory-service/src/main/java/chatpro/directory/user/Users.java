package chatpro.directory.user;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.directory.auth.PasswordPolicy;
import chatpro.directory.auth.PasswordWork;
import chatpro.directory.events.DirectoryEvents;
import chatpro.directory.search.UserSearch;
import chatpro.directory.user.UserRepository.NewUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creating, reading, finding and changing the people of an organisation. */
public final class Users {
  static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{2,64}");
  public static final int MAX_IDS = 100;
  static final Set<String> SELF_FIELDS = Set.of("displayName", "title", "department", "location");

  private final PasswordWork passwords;
  private final Pool pool;
  private final UserRepository users;
  private final UserSearch search;
  private final DirectoryEvents events;
  private final Audit audit;

  public Users(PasswordWork passwords, Pool pool, UserRepository users, UserSearch search, DirectoryEvents events,
      Audit audit) {
    this.passwords = passwords;
    this.pool = pool;
    this.users = users;
    this.search = search;
    this.events = events;
    this.audit = audit;
  }

  /** How a person came to be, for their {@code user.created} entry: by an admin, an import, or with their org. */
  public enum Source {
    ADMIN("admin"), IMPORT("import"), ORG("org");

    final String name;

    Source(String name) {
      this.name = name;
    }
  }

  /** Reads and checks the fields of a new user; {@code defaultRoles} when none are given. */
  public static NewUser newUser(JsonObject o, List<String> defaultRoles) {
    String username = Fields.matching(o, "username", USERNAME, "2-64 characters a-z, 0-9, '.', '_' or '-'");
    String displayName = Fields.string(o, "displayName", 1, 100);
    String title = Fields.optionalString(o, "title", 0, 100);
    String department = Fields.optionalString(o, "department", 0, 100);
    List<String> roles = o.getValue("roles") == null ? defaultRoles : roles(o.getValue("roles"));
    return new NewUser(username, displayName, blankToNull(title), blankToNull(department), roles);
  }

  static List<String> roles(Object raw) {
    if (!(raw instanceof JsonArray array) || array.size() > User.ROLES.size()) {
      throw ChatproException.badRequest("roles must be a list of member, admin or compliance");
    }
    LinkedHashSet<String> roles = new LinkedHashSet<>();
    for (Object r : array) {
      if (!(r instanceof String s) || !User.ROLES.contains(s)) {
        throw ChatproException.badRequest("roles must be a list of member, admin or compliance");
      }
      roles.add(s);
    }
    if (roles.isEmpty()) {
      roles.add("member");
    }
    return new ArrayList<>(roles);
  }

  /** The caller as the directory knows them now: roles in a token may be up to a token's lifetime old. */
  public Future<User> requireAdmin(Caller caller) {
    return requireAnyRole(caller, List.of("admin"), "only an admin may do this");
  }

  /** Whether the caller is an active admin now (their roles as stored, not as their token says). */
  public Future<Boolean> isAdminNow(Caller caller) {
    return users.find(caller.orgUuid(), caller.userUuid())
        .map(found -> found.filter(User::active).map(User::isAdmin).orElse(false));
  }

  /**
   * For a route about another person: 404 when that person is not of the caller's org (whatever the caller's roles,
   * so a refusal never tells that an id exists elsewhere), then 403 unless the caller is an admin now.
   */
  public Future<User> requireAdminFor(Caller caller, UUID target) {
    return users.find(caller.orgUuid(), target)
        .compose(found -> found.isPresent() ? requireAdmin(caller)
            : Future.failedFuture(ChatproException.notFound("user")));
  }

  /** The caller as the directory knows them now, if they hold one of the roles now; else 403 with the refusal. */
  public Future<User> requireAnyRole(Caller caller, List<String> roles, String refusal) {
    return users.find(caller.orgUuid(), caller.userUuid()).map(found -> {
      User me = found.filter(User::active).orElseThrow(ChatproException::unauthorized);
      if (me.roles().stream().noneMatch(roles::contains)) {
        throw ChatproException.forbidden(refusal);
      }
      return me;
    });
  }

  /** Admin: {@code {caller, user:{...}}} → User. Without a password (absent or empty) the person signs in by code. */
  public Future<JsonObject> create(JsonObject request) {
    Caller caller = Caller.from(request);
    JsonObject body = Fields.object(request.getValue("user"));
    NewUser user = newUser(body, List.of("member"));
    String password = optionalPassword(body.getValue("password"));
    return requireAdmin(caller)
        .compose(admin -> password == null ? Future.<String>succeededFuture(null)
            : passwords.hash(PasswordWork.Kind.ACCOUNT, password))
        .compose(hash -> pool.withTransaction(conn -> insert(conn, caller.orgUuid(), user, hash,
            caller.userUuid(), Source.ADMIN)))
        .map(User::toJson);
  }

  /** A new person's password: null when absent or empty (no password yet), else it must pass the policy. */
  public static String optionalPassword(Object value) {
    if (value == null || "".equals(value)) {
      return null;
    }
    return PasswordPolicy.check(value, "password");
  }

  /**
   * Inserts, indexes, announces and audits a new user in one transaction (hash null: no password); a taken username
   * is a 409.
   * @param actor who creates them; null when the operator creates them with their org
   */
  public Future<User> insert(SqlClient conn, UUID orgId, NewUser user, String hash, UUID actor, Source source) {
    return users.insert(conn, orgId, user, hash)
        .compose(created -> search.index(conn, created)
            .compose(v -> events.record(conn, DirectoryEvents.CREATED, created))
            .compose(v -> audit.record(conn, new AuditRecord(orgId, actor, "user.created", "user", created.id(),
                new JsonObject().put("roles", new JsonArray(created.roles())).put("password", hash != null)
                    .put("source", source.name))))
            .map(created))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? ChatproException.conflict("this username is taken") : e));
  }

  /** {@code {caller, userId}} → User of the caller's org, else 404. */
  public Future<JsonObject> get(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = userId(request);
    return users.find(caller.orgUuid(), id)
        .map(found -> found.orElseThrow(() -> ChatproException.notFound("user")).toJson());
  }

  /**
   * {@code {caller, ids}} → {@code {users}}: the people of the caller's org among at most {@link #MAX_IDS} ids, in the
   * order asked. Unknown ids and other orgs' are left out; deactivated people are in (a chat still names them).
   */
  public Future<JsonObject> many(JsonObject request) {
    Caller caller = Caller.from(request);
    List<String> ids = Fields.optionalIds(request, "ids", MAX_IDS);
    if (ids == null) {
      throw ChatproException.badRequest("ids is required");
    }
    return users.findAll(caller.orgUuid(), ids.stream().map(UUID::fromString).toArray(UUID[]::new))
        .map(found -> new JsonObject().put("users", new JsonArray(found.stream().map(User::toJson).toList())));
  }

  /**
   * {@code {caller, userId, patch}}: people change their own displayName, title, department and location; admins
   * change anyone's, roles included. A field the caller may not change is a 403; unknown fields are ignored.
   */
  public Future<JsonObject> update(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = userId(request);
    JsonObject patch = Fields.object(request.getValue("patch"));
    boolean self = id.equals(caller.userUuid());
    Future<Void> allowed = patch.containsKey("roles") || !self
        ? requireAdminFor(caller, id).mapEmpty()
        : Future.succeededFuture();
    return allowed.compose(v -> pool.withTransaction(conn -> users.lock(conn, caller.orgUuid(), id)
            .compose(found -> {
              User current = found.orElseThrow(() -> ChatproException.notFound("user"));
              if (current.erased()) {
                return Future.failedFuture(ChatproException.conflict("this person was erased"));
              }
              User changed = apply(current, patch);
              return checkLastAdmin(conn, current, changed.roles().contains("admin"))
                  .compose(x -> users.update(conn, changed))
                  .compose(updated -> search.index(conn, updated)
                      .compose(x -> events.record(conn, DirectoryEvents.UPDATED, updated))
                      .compose(x -> audit.recordAll(conn, UserChanges.records(caller, current, updated)))
                      .map(updated));
            })))
        .map(User::toJson);
  }

  /** Fails with 409 when the change would leave the org without an active admin. */
  public Future<Void> checkLastAdmin(SqlClient conn, User current, boolean staysAdmin) {
    if (!current.isAdmin() || !current.active() || staysAdmin) {
      return Future.succeededFuture();
    }
    return users.otherActiveAdmins(conn, UUID.fromString(current.orgId()), UUID.fromString(current.id()))
        .compose(others -> others > 0 ? Future.succeededFuture()
            : Future.failedFuture(ChatproException.conflict("an organisation keeps at least one active admin")));
  }

  /** {@code {orgId, userIds}} → {@code {active:[ids]}}: which of them are active users of that org. */
  public Future<JsonObject> active(JsonObject request) {
    UUID orgId = UUID.fromString(request.getString("orgId"));
    UUID[] ids = request.getJsonArray("userIds").stream().map(String::valueOf).filter(Fields::isId)
        .map(UUID::fromString).toArray(UUID[]::new);
    return users.activeIds(orgId, ids).map(active -> new JsonObject().put("active", new JsonArray(active)));
  }

  private static User apply(User u, JsonObject patch) {
    String displayName = patch.containsKey("displayName") ? Fields.string(patch, "displayName", 1, 100)
        : u.displayName();
    String title = patch.containsKey("title") ? blankToNull(Fields.optionalString(patch, "title", 0, 100)) : u.title();
    String department = patch.containsKey("department")
        ? blankToNull(Fields.optionalString(patch, "department", 0, 100)) : u.department();
    String location = patch.containsKey("location")
        ? blankToNull(Fields.optionalString(patch, "location", 0, 100)) : u.location();
    List<String> roles = patch.containsKey("roles") ? roles(patch.getValue("roles")) : u.roles();
    return new User(u.id(), u.orgId(), u.username(), displayName, title, department, location, roles, u.active(),
        u.version(), false);
  }

  /** The target user id; one that is not an id cannot exist, so it is a 404. */
  public static UUID userId(JsonObject request) {
    String id = request.getString("userId");
    if (!Fields.isId(id)) {
      throw ChatproException.notFound("user");
    }
    return UUID.fromString(id);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
