package chatpro.directory.user;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.directory.search.UserSearch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Lists of people: search and the admin area's filters, the departments, and pages of the CSV export. */
public final class Listings {
  /** Active people per department, one row per department ignoring case, sorted by name. */
  static final String DEPARTMENTS = "SELECT min(department) AS name, count(*) AS n FROM users"
      + " WHERE org_id = $1 AND active AND department IS NOT NULL GROUP BY lower(department)"
      + " ORDER BY lower(department), min(department)";
  /** Everyone of an org by username, in pages after a username (lower case): the unique index walks them. */
  static final String EXPORT_PAGE = "SELECT " + UserRepository.COLUMNS + ", lower(username) AS after FROM users"
      + " WHERE org_id = $1 AND lower(username) > $2 ORDER BY lower(username) LIMIT $3";
  public static final int EXPORT_PAGE_SIZE = 1000;

  private final Pool pool;
  private final Users people;
  private final UserSearch search;

  public Listings(Pool pool, Users people, UserSearch search) {
    this.pool = pool;
    this.people = people;
    this.search = search;
  }

  /**
   * {@code {caller, q?, limit?, cursor?, role?, department?, active?}} → {@code {users, nextCursor?}}. Members see
   * active people only; admins see everyone unless they ask for {@code active}; {@code active:false} is for admins
   * only (403 otherwise).
   */
  public Future<JsonObject> search(JsonObject request) {
    Caller caller = Caller.from(request);
    String q = Fields.optionalString(request, "q", 0, 200);
    long limit = request.getValue("limit") == null ? UserSearch.DEFAULT_LIMIT
        : Fields.number(request, "limit", 1, UserSearch.MAX_LIMIT);
    String cursor = Fields.optionalString(request, "cursor", 1, 500);
    String role = role(request);
    String department = Fields.optionalString(request, "department", 1, 100);
    Object active = request.getValue("active");
    if (active != null && !(active instanceof Boolean)) {
      throw ChatproException.badRequest("active must be true or false");
    }
    // Deactivated people are for admins by their roles now: a token says what they were when it was made.
    Future<Boolean> onlyActive = Boolean.FALSE.equals(active)
        ? people.requireAdmin(caller).map(admin -> false)
        : active != null || !caller.isAdmin() ? Future.succeededFuture(Boolean.TRUE)
        : people.isAdminNow(caller).map(admin -> admin ? null : Boolean.TRUE);
    return onlyActive.compose(a -> search.search(caller.orgUuid(), q, (int) limit, cursor,
        new UserSearch.Filter(role, department, a)));
  }

  /** {@code {caller}} → {@code {departments:[{name, count}]}}: the active people of each department. */
  public Future<JsonObject> departments(JsonObject request) {
    Caller caller = Caller.from(request);
    return pool.preparedQuery(DEPARTMENTS).execute(Tuple.of(caller.orgUuid())).map(rows -> {
      JsonArray departments = new JsonArray();
      rows.forEach(r -> departments.add(new JsonObject().put("name", r.getString("name")).put("count", r.getLong("n"))));
      return new JsonObject().put("departments", departments);
    });
  }

  /**
   * Admin: {@code {caller, after?}} → {@code {users, after?}}: up to {@link #EXPORT_PAGE_SIZE} people of the org,
   * deactivated ones included, by username; {@code after} names where the next page starts (absent on the last).
   */
  public Future<JsonObject> exportPage(JsonObject request) {
    Caller caller = Caller.from(request);
    String after = Fields.optionalString(request, "after", 1, 100);
    return people.requireAdmin(caller)
        .compose(admin -> pool.preparedQuery(EXPORT_PAGE)
            .execute(Tuple.of(caller.orgUuid(), after == null ? "" : after, EXPORT_PAGE_SIZE + 1)))
        .map(rows -> {
          JsonArray users = new JsonArray();
          String last = null;
          for (var row : rows) {
            if (users.size() == EXPORT_PAGE_SIZE) {
              break;
            }
            users.add(User.from(row).toJson());
            last = row.getString("after");
          }
          JsonObject page = new JsonObject().put("users", users);
          return rows.size() > EXPORT_PAGE_SIZE ? page.put("after", last) : page;
        });
  }

  private static String role(JsonObject request) {
    Object raw = request.getValue("role");
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String s) || !User.ROLES.contains(s)) {
      throw ChatproException.badRequest("role must be member, admin or compliance");
    }
    return s;
  }
}
