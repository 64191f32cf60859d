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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
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
  /** Words of the org matching term $n: a prefix range, or, when typos are allowed, a prefix within one edit. */
  static final String PREFIX = "SELECT word FROM org_words WHERE org_id = $1 AND word >= %1$s AND word < (%1$s || chr(1114111))";
  static final String FUZZY = "SELECT word FROM org_words WHERE org_id = $1 AND length(word) >= length(%1$s) - 1"
      + " AND (starts_with(word, %1$s)"
      + " OR directory.levenshtein_less_equal(left(word, length(%1$s)), %1$s, 1) <= 1"
      + " OR directory.levenshtein_less_equal(left(word, length(%1$s) + 1), %1$s, 1) <= 1"
      + " OR directory.levenshtein_less_equal(left(word, length(%1$s) - 1), %1$s, 1) <= 1)";
  static final String COLUMNS = "u.id, u.org_id, u.username, u.display_name, u.title, u.department, u.location,"
      + " u.roles, u.active, u.version";
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  private final Pool pool;

  public UserSearch(Pool pool) {
    this.pool = pool;
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

  /** One page of people of an org matching the query (all when blank); inactive ones only when asked. */
  public Future<JsonObject> search(UUID orgId, String query, int limit, String cursor, boolean includeInactive) {
    List<String> terms = query == null ? List.of() : SearchWords.terms(query);
    Tuple args = Tuple.tuple().addValue(orgId);
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(", lower(u.display_name) AS sort_name")
        .append(" FROM users u WHERE u.org_id = $1");
    if (!includeInactive) {
      sql.append(" AND u.active");
    }
    for (String term : terms) {
      args.addValue(term);
      String p = "$" + args.size();
      String words = String.format(SearchWords.typoAllowed(term) ? FUZZY : PREFIX, p);
      sql.append(" AND u.id IN (SELECT user_id FROM user_words WHERE org_id = $1 AND word IN (").append(words)
          .append("))");
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

  /** The words a set of people is indexed by; exposed for tests. */
  public static Set<String> wordsOf(User user) {
    return SearchWords.of(user.username(), user.displayName(), user.title(), user.department());
  }
}
