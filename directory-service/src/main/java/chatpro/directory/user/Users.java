package chatpro.directory.user;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.directory.auth.Passwords;
import chatpro.directory.user.UserRepository.NewUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creating, reading and checking the people of an organisation. */
public final class Users {
  static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{2,64}");
  static final int MIN_PASSWORD = 10;
  static final int MAX_PASSWORD = 1024;

  private final Vertx vertx;
  private final Pool pool;
  private final UserRepository users;

  public Users(Vertx vertx, Pool pool, UserRepository users) {
    this.vertx = vertx;
    this.pool = pool;
    this.users = users;
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

  public static String password(JsonObject o, String field) {
    String password = Fields.string(o, field, 1, MAX_PASSWORD);
    if (password.codePointCount(0, password.length()) < MIN_PASSWORD) {
      throw ChatproException.badRequest(field + " must be at least " + MIN_PASSWORD + " characters");
    }
    return password;
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

  /** Admin: {@code {caller, user:{...}}} → User. */
  public Future<JsonObject> create(JsonObject request) {
    Caller caller = Caller.from(request);
    caller.requireAdmin();
    JsonObject body = Fields.object(request.getValue("user"));
    NewUser user = newUser(body, List.of("member"));
    String password = password(body, "password");
    return vertx.executeBlocking(() -> Passwords.hash(password))
        .compose(hash -> users.insert(pool, caller.orgUuid(), user, hash))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? ChatproException.conflict("this username is taken") : e))
        .map(User::toJson);
  }

  /** {@code {caller, userId}} → User of the caller's org, else 404. */
  public Future<JsonObject> get(JsonObject request) {
    Caller caller = Caller.from(request);
    String id = request.getString("userId");
    if (!Fields.isId(id)) {
      return Future.failedFuture(ChatproException.notFound("user"));
    }
    return users.find(caller.orgUuid(), UUID.fromString(id))
        .map(found -> found.orElseThrow(() -> ChatproException.notFound("user")).toJson());
  }

  /** {@code {orgId, userIds}} → {@code {active:[ids]}}: which of them are active users of that org. */
  public Future<JsonObject> active(JsonObject request) {
    UUID orgId = UUID.fromString(request.getString("orgId"));
    UUID[] ids = request.getJsonArray("userIds").stream().map(String::valueOf).filter(Fields::isId)
        .map(UUID::fromString).toArray(UUID[]::new);
    return users.activeIds(orgId, ids).map(active -> new JsonObject().put("active", new JsonArray(active)));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
