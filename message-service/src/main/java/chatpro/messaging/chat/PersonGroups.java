package chatpro.messaging.chat;

import chatpro.common.bus.Caller;
import chatpro.common.bus.Directory;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.common.time.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * A person's page in the admin area: the groups they are in now, each with its members and their roles. Membership
 * only: no events, no last message, no read cursors. Direct chats are left out (they are between two people).
 * Ordered by name ignoring case, then id, so pages stay put while the groups are busy.
 */
public final class PersonGroups {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;
  /**
   * The person's current groups with everyone in them, in one statement so a page is one snapshot: a group's members
   * always include the person the page is about.
   */
  static final String GROUPS = "SELECT c.id, c.name, lower(c.name) AS sort_name, c.last_seq, c.created_at, m.role,"
      + " (SELECT json_agg(json_build_object('userId', o.user_id, 'role', o.role) ORDER BY o.role, o.user_id)"
      + "   FROM members o WHERE o.chat_id = c.id AND o.removed_seq IS NULL) AS members"
      + " FROM members m JOIN chats c ON c.id = m.chat_id"
      + " WHERE m.user_id = $1 AND m.removed_seq IS NULL AND c.org_id = $2 AND c.type = 'group'";
  static final String FIRST_PAGE = GROUPS + " ORDER BY lower(c.name), c.id LIMIT $3";
  static final String NEXT_PAGE = GROUPS + " AND (lower(c.name), c.id) > ($4, $5) ORDER BY lower(c.name), c.id"
      + " LIMIT $3";

  private final Pool pool;
  private final Directory directory;

  public PersonGroups(Pool pool, Directory directory) {
    this.pool = pool;
    this.directory = directory;
  }

  /** Where a page ends: the last group's name as sorted and its id. */
  record Cursor(String sortName, UUID id) {
    String encode() {
      String raw = new JsonArray().add(sortName).add(id.toString()).encode();
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor this route answered, or null for the first page; anything else is a 400. */
    static Cursor decode(String cursor) {
      if (cursor == null) {
        return null;
      }
      try {
        JsonArray a = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        UUID id = UUID.fromString(a.getString(1));
        return new Cursor(Objects.requireNonNull(a.getString(0)), id);
      } catch (RuntimeException e) {
        throw ChatproException.badRequest("cursor is not valid");
      }
    }
  }

  /**
   * {@code {caller, userId, cursor?, limit?}} → {@code {groups, nextCursor?}}; org admins only (their roles as stored
   * now). A person of another org, or none, is a 404 like any user route.
   */
  public Future<JsonObject> list(JsonObject request) {
    Caller caller = Caller.from(request);
    int limit = request.getValue("limit") == null ? DEFAULT_LIMIT
        : (int) Fields.number(request, "limit", 1, MAX_LIMIT);
    Cursor after = Cursor.decode(request.getString("cursor"));
    return directory.user(caller, request.getString("userId"))
        .compose(person -> directory.requireAdmin(caller).map(person))
        .compose(person -> page(caller, UUID.fromString(person.getString("id")), after, limit))
        .map(rows -> answer(rows, limit));
  }

  private Future<RowSet<Row>> page(Caller caller, UUID person, Cursor after, int limit) {
    if (after == null) {
      return pool.preparedQuery(FIRST_PAGE).execute(Tuple.of(person, caller.orgUuid(), limit + 1));
    }
    return pool.preparedQuery(NEXT_PAGE)
        .execute(Tuple.of(person, caller.orgUuid(), limit + 1, after.sortName(), after.id()));
  }

  /** Up to {@code limit} groups; a row beyond them means there is another page. */
  private static JsonObject answer(RowSet<Row> rows, int limit) {
    JsonArray groups = new JsonArray();
    Cursor last = null;
    for (Row row : rows) {
      if (groups.size() == limit) {
        break;
      }
      groups.add(group(row));
      last = new Cursor(row.getString("sort_name"), row.getUUID("id"));
    }
    JsonObject page = new JsonObject().put("groups", groups);
    if (rows.size() > limit) {
      page.put("nextCursor", last.encode());
    }
    return page;
  }

  private static JsonObject group(Row row) {
    JsonArray members = members(row.getValue("members"));
    return new JsonObject().put("id", row.getUUID("id").toString()).put("type", "group")
        .put("name", row.getString("name"))
        .put("members", members)
        .put("memberCount", members.size())
        .put("lastSeq", row.getLong("last_seq"))
        .put("createdAt", Times.format(row.getOffsetDateTime("created_at").toInstant()))
        .put("role", row.getString("role"));
  }

  private static JsonArray members(Object raw) {
    if (raw == null) {
      return new JsonArray();
    }
    return raw instanceof JsonArray a ? a : new JsonArray(raw.toString());
  }
}
