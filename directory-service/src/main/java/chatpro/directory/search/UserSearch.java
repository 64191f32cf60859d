package chatpro.directory.search;

import chatpro.common.error.ChatproException;
import chatpro.directory.user.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Directory search in PostgreSQL. Each query term matches the start of a word, or (for terms of 4 or more letters)
 * the start of a word with one typo; every term must match some word of the person. Results are ordered by name
 * and paged with an opaque cursor.
 */
public final class UserSearch {
  static final String DELETE_WORDS = "DELETE FROM user_words WHERE user_id = $1";
  static final String INSERT_WORDS = "INSERT INTO user_words (org_id, word, user_id)"
      + " SELECT $1, w, $2 FROM unnest($3::text[]) AS w ON CONFLICT DO NOTHING";
  static final String INSERT_ORG_WORDS = "INSERT INTO org_words (org_id, word)"
      + " SELECT $1, w FROM unnest($2::text[]) AS w ON CONFLICT DO NOTHING";
  /** Words of the org starting with a term: an index range ("C" collation). */
  static final String PREFIX = "SELECT word FROM org_words WHERE org_id = $1 AND word >= %1$s AND word < (%1$s || chr(1114111))";
  static final String COLUMNS = "u.id, u.org_id, u.username, u.display_name, u.title, u.department, u.location,"
      + " u.roles, u.active, u.version";
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  private final Pool pool;
  private final OrgWords orgWords;

  public UserSearch(Pool pool) {
    this.pool = pool;
    this.orgWords = new OrgWords(pool);
  }

  /** Re-indexes a person in the caller's transaction, so they are searchable when it commits. */
  public Future<Void> index(SqlClient client, User user) {
    String[] words = SearchWords.of(user.username(), user.displayName(), user.title(), user.department())
        .toArray(String[]::new);
    UUID id = UUID.fromString(user.id());
    UUID org = UUID.fromString(user.orgId());
    return client.preparedQuery(DELETE_WORDS).execute(Tuple.of(id))
        .compose(v -> client.preparedQuery(INSERT_WORDS).execute(Tuple.of(org, id, words)))
        .compose(v -> client.preparedQuery(INSERT_ORG_WORDS).execute(Tuple.tuple().addValue(org).addValue(words)))
        .mapEmpty();
  }

  /**
   * Narrows a listing: a role the person has, a department (exact, ignoring case), active or not. Null fields do not
   * narrow; {@code active} null lists everyone.
   */
  public record Filter(String role, String department, Boolean active) {
    public static final Filter ACTIVE = new Filter(null, null, true);
  }

  /** One page of people of an org matching the query (all when blank) and the filter. */
  public Future<JsonObject> search(UUID orgId, String query, int limit, String cursor, Filter filter) {
    List<String> terms = query == null ? List.of() : SearchWords.terms(query);
    List<Future<List<String>>> typoWords = terms.stream()
        .map(t -> SearchWords.typoAllowed(t) ? orgWords.matching(orgId, t) : Future.<List<String>>succeededFuture(null))
        .toList();
    return Future.all(typoWords).compose(v -> page(orgId, terms, typoWords.stream().map(Future::result).toList(),
        limit, cursor, filter));
  }

  /**
   * Each term's people are found first (materialized), then joined and sorted: walking the whole org in name order
   * and testing each person is what a planner picks otherwise, and it is slow for rare words.
   */
  private Future<JsonObject> page(UUID orgId, List<String> terms, List<List<String>> typoWords, int limit,
      String cursor, Filter filter) {
    Tuple args = Tuple.tuple().addValue(orgId);
    StringBuilder sql = new StringBuilder();
    for (int t = 0; t < terms.size(); t++) {
      List<String> words = typoWords.get(t);
      args.addValue(words == null ? terms.get(t) : words.toArray(String[]::new));
      String p = "$" + args.size();
      String match = words == null ? String.format(PREFIX, p) : "SELECT unnest(" + p + "::text[])";
      sql.append(t == 0 ? "WITH " : ", ").append("t").append(t + 1)
          .append(" AS MATERIALIZED (SELECT DISTINCT user_id FROM user_words WHERE org_id = $1 AND word IN (")
          .append(match).append("))");
    }
    sql.append(" SELECT ").append(COLUMNS).append(", lower(u.display_name) AS sort_name")
        .append(" FROM users u WHERE u.org_id = $1");
    if (filter.active() != null) {
      args.addValue(filter.active());
      sql.append(" AND u.active = $").append(args.size());
    }
    if (filter.role() != null) {
      args.addValue(filter.role());
      sql.append(" AND $").append(args.size()).append(" = ANY(u.roles)");
    }
    if (filter.department() != null) {
      args.addValue(filter.department());
      sql.append(" AND lower(u.department) = lower($").append(args.size()).append(")");
    }
    for (int t = 1; t <= terms.size(); t++) {
      sql.append(" AND u.id IN (SELECT user_id FROM t").append(t).append(")");
    }
    if (cursor != null) {
      String[] after = decode(cursor);
      args.addValue(after[0]).addValue(UUID.fromString(after[1]));
      sql.append(" AND (lower(u.display_name), u.id) > ($").append(args.size() - 1).append(", $")
          .append(args.size()).append(")");
    }
    args.addValue(limit + 1);
    sql.append(" ORDER BY lower(u.display_name), u.id LIMIT $").append(args.size());
    return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
      JsonArray users = new JsonArray();
      String next = null;
      for (var row : rows) {
        if (users.size() == limit) {
          break;
        }
        users.add(User.from(row).toJson());
        next = encode(row.getString("sort_name"), row.getUUID("id").toString());
      }
      JsonObject page = new JsonObject().put("users", users);
      if (rows.size() > limit) {
        page.put("nextCursor", next);
      }
      return page;
    });
  }

  static String encode(String name, String id) {
    String raw = new JsonArray().add(name).add(id).encode();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static String[] decode(String cursor) {
    try {
      JsonArray a = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      String id = a.getString(1);
      UUID.fromString(id);
      return new String[] {a.getString(0), id};
    } catch (RuntimeException e) {
      throw ChatproException.badRequest("cursor is not valid");
    }
  }
}
