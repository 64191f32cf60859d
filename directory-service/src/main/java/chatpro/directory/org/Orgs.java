package chatpro.directory.org;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.audit.CanonicalJson;
import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.directory.auth.PasswordPolicy;
import chatpro.directory.auth.PasswordWork;
import chatpro.directory.user.UserRepository.NewUser;
import chatpro.directory.user.Users;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Organisations: created by the operator with a first admin, read and configured by their own people. */
public final class Orgs {
  static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,39}");
  static final String INSERT = "INSERT INTO orgs (id, slug, name) VALUES ($1, $2, $3)";
  static final String BY_ID = "SELECT id, slug, name, settings FROM orgs WHERE id = $1";
  static final String LOCK = "SELECT name, settings FROM orgs WHERE id = $1 FOR UPDATE";
  static final String UPDATE_SETTINGS = "UPDATE orgs SET settings = settings || $2 WHERE id = $1";
  static final String RENAME = "UPDATE orgs SET name = $2 WHERE id = $1";
  static final JsonObject DEFAULT_SETTINGS = new JsonObject()
      .put("urgentRoles", new io.vertx.core.json.JsonArray(List.of("admin")))
      .put("hideLastSeen", false)
      .put("sharedDeviceTimeoutMinutes", 10);

  private final PasswordWork passwords;
  private final Pool pool;
  private final Users users;
  private final Audit audit;

  public Orgs(PasswordWork passwords, Pool pool, Users users, Audit audit) {
    this.passwords = passwords;
    this.pool = pool;
    this.users = users;
    this.audit = audit;
  }

  /** {@code {slug, name, admin:{username, displayName, password}}} → {@code {org, admin}}. */
  public Future<JsonObject> create(JsonObject request) {
    String slug = Fields.matching(request, "slug", SLUG, "2-40 characters a-z, 0-9 or -, starting with a letter");
    String name = Fields.string(request, "name", 1, 100);
    JsonObject admin = request.getValue("admin") instanceof JsonObject a ? a
        : failBadRequest("admin is required");
    NewUser first = Users.newUser(admin, List.of("admin"));
    String password = PasswordPolicy.check(admin.getValue("password"), "admin.password");
    UUID orgId = UUID.randomUUID();
    return passwords.hash(PasswordWork.Kind.ACCOUNT, password)
        .compose(hash -> pool.withTransaction(conn -> conn.preparedQuery(INSERT)
            .execute(Tuple.of(orgId, slug, name))
            .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
                ? ChatproException.conflict("an organisation with this slug exists") : e))
            .compose(v -> users.insert(conn, orgId, first, hash, null, Users.Source.ORG))))
        .map(user -> new JsonObject()
            .put("org", new JsonObject().put("id", orgId.toString()).put("slug", slug).put("name", name))
            .put("admin", user.toJson()));
  }

  /** The caller's org with its settings (defaults filled in). */
  public Future<JsonObject> get(JsonObject request) {
    Caller caller = Caller.from(request);
    return pool.preparedQuery(BY_ID).execute(Tuple.of(caller.orgUuid())).map(rows -> {
      if (rows.size() == 0) {
        throw ChatproException.notFound("organisation");
      }
      var row = rows.iterator().next();
      JsonObject settings = DEFAULT_SETTINGS.copy().mergeIn(row.getJsonObject("settings"));
      return new JsonObject()
          .put("org", new JsonObject().put("id", row.getUUID("id").toString()).put("slug", row.getString("slug"))
              .put("name", row.getString("name")))
          .put("settings", settings);
    });
  }

  /**
   * Admin: {@code {caller, patch:{name?, settings:{...}?}}} → the org with its settings. Everything is checked before
   * anything changes; unknown settings are ignored.
   */
  public Future<JsonObject> update(JsonObject request) {
    Caller caller = Caller.from(request);
    JsonObject patch = Fields.object(request.getValue("patch"));
    String name = checkName(patch);
    JsonObject settings = patch.getValue("settings") == null ? new JsonObject()
        : Fields.object(patch.getValue("settings"));
    JsonObject changes = checkSettings(settings);
    return users.requireAdmin(caller)
        .compose(admin -> pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(caller.orgUuid()))
            .map(rows -> changedFields(rows.iterator().next(), name, changes))
            .compose(changed -> conn.preparedQuery(UPDATE_SETTINGS).execute(Tuple.of(caller.orgUuid(), changes))
                .compose(v -> name == null ? Future.succeededFuture()
                    : conn.preparedQuery(RENAME).execute(Tuple.of(caller.orgUuid(), name)).mapEmpty())
                .compose(v -> recordChange(conn, caller, changed)))))
        .compose(v -> get(request));
  }

  /** The names of the settings (and {@code name}) whose values the patch changes; never the values. */
  static List<String> changedFields(io.vertx.sqlclient.Row current, String name, JsonObject changes) {
    JsonObject settings = DEFAULT_SETTINGS.copy().mergeIn(current.getJsonObject("settings"));
    List<String> changed = new java.util.ArrayList<>();
    if (name != null && !name.equals(current.getString("name"))) {
      changed.add("name");
    }
    changes.fieldNames().stream().sorted()
        // Compared as canonical JSON: 10 read back from jsonb and 10 from a request are the same setting.
        .filter(field -> !CanonicalJson.of(changes.getValue(field)).equals(CanonicalJson.of(settings.getValue(field))))
        .forEach(changed::add);
    return changed;
  }

  private Future<Void> recordChange(io.vertx.sqlclient.SqlClient conn, Caller caller, List<String> changed) {
    if (changed.isEmpty()) {
      return Future.succeededFuture();
    }
    return audit.record(conn, new AuditRecord(caller.orgUuid(), caller.userUuid(), "org.settings_changed", "org",
        caller.orgId(), new JsonObject().put("fields", new io.vertx.core.json.JsonArray(changed))));
  }

  /** A new name for the org: 1 to 100 characters, not only spaces; null when the patch has none. */
  static String checkName(JsonObject patch) {
    String name = Fields.optionalString(patch, "name", 1, 100);
    if (name != null && name.isBlank()) {
      throw ChatproException.badRequest("name must not be blank");
    }
    return name;
  }

  /** The known settings of a patch, checked; anything else is dropped. */
  static JsonObject checkSettings(JsonObject settings) {
    JsonObject out = new JsonObject();
    if (settings.containsKey("urgentRoles")) {
      Object raw = settings.getValue("urgentRoles");
      if (!(raw instanceof io.vertx.core.json.JsonArray roles) || roles.size() > 3
          || !roles.stream().allMatch(r -> r instanceof String s && chatpro.directory.user.User.ROLES.contains(s))) {
        throw ChatproException.badRequest("urgentRoles must be a list of member, admin or compliance");
      }
      out.put("urgentRoles", new io.vertx.core.json.JsonArray(roles.stream().distinct().toList()));
    }
    if (settings.containsKey("hideLastSeen")) {
      out.put("hideLastSeen", Fields.bool(settings, "hideLastSeen", false));
    }
    if (settings.containsKey("sharedDeviceTimeoutMinutes")) {
      // Minutes of no use after which a client on a shared device (a ward's tablet) signs its person out.
      out.put("sharedDeviceTimeoutMinutes", Fields.number(settings, "sharedDeviceTimeoutMinutes", 1, 240));
    }
    return out;
  }

  private static <T> T failBadRequest(String message) {
    throw ChatproException.badRequest(message);
  }
}
