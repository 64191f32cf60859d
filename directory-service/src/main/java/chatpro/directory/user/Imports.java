package chatpro.directory.user;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.directory.auth.PasswordWork;
import chatpro.directory.user.UserRepository.NewUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Bulk import from CSV ({@code username,displayName,title,department,roles,password}); a row with an empty password
 * makes a person who signs in with a sign-in code first (no argon2 for that row). Each row is its own
 * transaction, all or nothing; a bad row gets an error and the others go on. A dry run checks every row, usernames
 * already taken and repeated in the file included, and creates nobody.
 */
public final class Imports {
  static final List<String> HEADER = List.of("username", "displayname", "title", "department", "roles", "password");
  public static final int MAX_ROWS = 5000;

  private final PasswordWork passwords;
  private final Pool pool;
  private final UserRepository users;
  private final Users people;

  public Imports(PasswordWork passwords, Pool pool, UserRepository users, Users people) {
    this.passwords = passwords;
    this.pool = pool;
    this.users = users;
    this.people = people;
  }

  /** A checked row: what to create, or why not. */
  record Row(int number, NewUser user, String password, String error) {}

  /** Admin: {@code {caller, csv, dryRun}} → {@code {results:[{row, status, userId?, error?}]}}. */
  public Future<JsonObject> run(JsonObject request) {
    Caller caller = Caller.from(request);
    boolean dryRun = Boolean.TRUE.equals(request.getValue("dryRun"));
    List<Row> rows = check(request.getString("csv", ""));
    return people.requireAdmin(caller)
        .compose(admin -> markTaken(caller.orgUuid(), rows))
        .compose(checked -> dryRun ? Future.succeededFuture(dryResults(checked)) : create(caller, checked))
        .map(results -> new JsonObject().put("results", results));
  }

  /** Parses and checks every row; rows are numbered from 1 after the header. */
  static List<Row> check(String csv) {
    List<List<String>> records = Csv.parse(csv);
    if (records.isEmpty()) {
      throw ChatproException.badRequest("the CSV is empty; it needs the header " + String.join(",", HEADER));
    }
    List<String> header = records.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    if (!header.equals(HEADER)) {
      throw ChatproException.badRequest("the header must be username,displayName,title,department,roles,password");
    }
    if (records.size() - 1 > MAX_ROWS) {
      throw ChatproException.badRequest("at most " + MAX_ROWS + " rows per import");
    }
    List<Row> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < records.size(); i++) {
      rows.add(checkRow(i, records.get(i), seen));
    }
    return rows;
  }

  private static Row checkRow(int number, List<String> fields, Set<String> seen) {
    if (fields.size() != HEADER.size()) {
      return new Row(number, null, null, "expected " + HEADER.size() + " fields, found " + fields.size());
    }
    try {
      JsonObject o = new JsonObject()
          .put("username", fields.get(0).strip())
          .put("displayName", fields.get(1).strip())
          .put("title", fields.get(2).strip())
          .put("department", fields.get(3).strip());
      String roles = fields.get(4).strip();
      if (!roles.isEmpty()) {
        o.put("roles", new JsonArray(List.of(roles.split("\\s*;\\s*"))));
      }
      NewUser user = Users.newUser(o, List.of("member"));
      String password = Users.optionalPassword(fields.get(5));
      if (!seen.add(user.username().toLowerCase(Locale.ROOT))) {
        return new Row(number, null, null, "username " + user.username() + " appears more than once in the file");
      }
      return new Row(number, user, password, null);
    } catch (ChatproException e) {
      return new Row(number, null, null, e.getMessage());
    }
  }

  private Future<List<Row>> markTaken(UUID orgId, List<Row> rows) {
    String[] names = rows.stream().filter(r -> r.error() == null)
        .map(r -> r.user().username().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    return users.taken(orgId, names).map(taken -> rows.stream().map(r -> r.error() == null
            && taken.contains(r.user().username().toLowerCase(Locale.ROOT))
        ? new Row(r.number(), null, null, "this username is taken") : r).toList());
  }

  private static JsonArray dryResults(List<Row> rows) {
    JsonArray results = new JsonArray();
    rows.forEach(r -> results.add(r.error() == null
        ? new JsonObject().put("row", r.number()).put("status", "created")
        : error(r.number(), r.error())));
    return results;
  }

  private Future<JsonArray> create(Caller caller, List<Row> rows) {
    JsonObject[] results = new JsonObject[rows.size()];
    List<Future<Void>> lanes = new ArrayList<>();
    // Imports may hold all argon2 threads but one; a lane more than that keeps a row's insert overlapping the next
    // row's hash.
    int laneCount = Math.max(2, passwords.threads());
    for (int lane = 0; lane < laneCount; lane++) {
      Future<Void> chain = Future.succeededFuture();
      for (int i = lane; i < rows.size(); i += laneCount) {
        int index = i;
        chain = chain.compose(v -> createOne(caller, rows.get(index))
            .map(result -> {
              results[index] = result;
              return null;
            }));
      }
      lanes.add(chain);
    }
    return Future.all(lanes).map(v -> new JsonArray(List.of((Object[]) results)));
  }

  private Future<JsonObject> createOne(Caller caller, Row row) {
    if (row.error() != null) {
      return Future.succeededFuture(error(row.number(), row.error()));
    }
    Future<String> hashed = row.password() == null ? Future.succeededFuture(null)
        : passwords.hash(PasswordWork.Kind.IMPORT, row.password());
    return hashed
        .compose(hash -> pool.withTransaction(conn -> people.insert(conn, caller.orgUuid(), row.user(), hash,
            caller.userUuid(), Users.Source.IMPORT)))
        .map(user -> new JsonObject().put("row", row.number()).put("status", "created").put("userId", user.id()))
        .otherwise(e -> error(row.number(), ChatproException.from(e).getMessage()));
  }

  private static JsonObject error(int row, String message) {
    return new JsonObject().put("row", row).put("status", "error").put("error", message);
  }
}
