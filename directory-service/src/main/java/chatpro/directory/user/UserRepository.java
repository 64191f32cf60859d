package chatpro.directory.user;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The only place that reads and writes users; passwords appear here only as argon2id hashes, and a person without
 * a password yet (to sign in with a code first) has none.
 */
public final class UserRepository {
  static final String COLUMNS =
      "id, org_id, username, display_name, title, department, location, roles, active, version, erased_at";
  static final String INSERT = "INSERT INTO users (id, org_id, username, display_name, title, department, location,"
      + " roles, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING " + COLUMNS;
  static final String BY_ID = "SELECT " + COLUMNS + " FROM users WHERE org_id = $1 AND id = $2";
  /** Many users of one org at once, in the order of the ids given; ids of other orgs or none find nothing. */
  static final String BY_IDS = "SELECT " + COLUMNS + " FROM unnest($2::uuid[]) WITH ORDINALITY AS t(wanted, n)"
      + " JOIN users ON users.id = t.wanted WHERE users.org_id = $1 ORDER BY t.n";
  static final String LOCK = "SELECT " + COLUMNS + " FROM users WHERE org_id = $1 AND id = $2 FOR UPDATE";
  static final String LOGIN = "SELECT u.id, u.org_id, u.username, u.display_name, u.title, u.department,"
      + " u.location, u.roles, u.active, u.version, u.password_hash FROM users u JOIN orgs o ON o.id = u.org_id"
      + " WHERE o.slug = $1 AND lower(u.username) = lower($2)";
  static final String HASH = "SELECT password_hash FROM users WHERE id = $1";
  static final String ACTIVE_IDS = "SELECT id FROM users WHERE org_id = $1 AND id = ANY($2) AND active";
  static final String TAKEN = "SELECT lower(username) FROM users WHERE org_id = $1 AND lower(username) = ANY($2)";
  static final String UPDATE = "UPDATE users SET display_name = $3, title = $4, department = $5, location = $6,"
      + " roles = $7, version = version + 1, updated_at = now() WHERE org_id = $1 AND id = $2 RETURNING " + COLUMNS;
  static final String SET_ACTIVE = "UPDATE users SET active = $3, version = version + 1, updated_at = now()"
      + " WHERE org_id = $1 AND id = $2 AND active <> $3 RETURNING " + COLUMNS;
  static final String SET_HASH = "UPDATE users SET password_hash = $3, updated_at = now()"
      + " WHERE org_id = $1 AND id = $2";
  static final String OTHER_ADMINS = "SELECT count(*) FROM users WHERE org_id = $1 AND id <> $2 AND active"
      + " AND 'admin' = ANY(roles)";

  private final Pool pool;

  public UserRepository(Pool pool) {
    this.pool = pool;
  }

  /** A new user; the caller supplies the hash (null: no password yet). A taken username fails with SQL state 23505. */
  public Future<User> insert(SqlClient client, UUID orgId, NewUser user, String passwordHash) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.from(new Object[] {UUID.randomUUID(), orgId, user.username(), user.displayName(),
            user.title(), user.department(), null, user.roles().toArray(String[]::new), passwordHash}))
        .map(rows -> User.from(rows.iterator().next()));
  }

  public Future<Optional<User>> find(UUID orgId, UUID userId) {
    return find(pool, orgId, userId);
  }

  public Future<Optional<User>> find(SqlClient client, UUID orgId, UUID userId) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(orgId, userId)).map(UserRepository::first);
  }

  /** The org's users among these ids, in their order. */
  public Future<List<User>> findAll(UUID orgId, UUID[] ids) {
    return pool.preparedQuery(BY_IDS).execute(Tuple.tuple().addValue(orgId).addValue(ids))
        .map(rows -> rows.stream().map(User::from).toList());
  }

  /** The user, locked for the rest of the caller's transaction. */
  public Future<Optional<User>> lock(SqlClient client, UUID orgId, UUID userId) {
    return client.preparedQuery(LOCK).execute(Tuple.of(orgId, userId)).map(UserRepository::first);
  }

  public Future<User> update(SqlClient client, User changed) {
    return client.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {UUID.fromString(changed.orgId()),
            UUID.fromString(changed.id()), changed.displayName(), changed.title(), changed.department(),
            changed.location(), changed.roles().toArray(String[]::new)}))
        .map(rows -> User.from(rows.iterator().next()));
  }

  /** Activates or deactivates; empty when the user was already in that state (or is not there). */
  public Future<Optional<User>> setActive(SqlClient client, UUID orgId, UUID userId, boolean active) {
    return client.preparedQuery(SET_ACTIVE).execute(Tuple.of(orgId, userId, active)).map(UserRepository::first);
  }

  public Future<Void> setPasswordHash(SqlClient client, UUID orgId, UUID userId, String hash) {
    return client.preparedQuery(SET_HASH).execute(Tuple.of(orgId, userId, hash)).mapEmpty();
  }

  public Future<String> passwordHash(UUID userId) {
    return pool.preparedQuery(HASH).execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** How many other active admins the org has (so the last one cannot be removed). */
  public Future<Long> otherActiveAdmins(SqlClient client, UUID orgId, UUID userId) {
    return client.preparedQuery(OTHER_ADMINS).execute(Tuple.of(orgId, userId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The user and their hash for a login, by org slug and username ignoring case. */
  public Future<Optional<Credentials>> credentials(String orgSlug, String username) {
    return pool.preparedQuery(LOGIN).execute(Tuple.of(orgSlug, username))
        .map(rows -> first(rows).map(u -> new Credentials(u, rows.iterator().next().getString("password_hash"))));
  }

  public Future<List<String>> activeIds(UUID orgId, UUID[] ids) {
    return pool.preparedQuery(ACTIVE_IDS).execute(Tuple.tuple().addValue(orgId).addValue(ids))
        .map(rows -> rows.stream().map(r -> r.getUUID(0).toString()).toList());
  }

  /** Which of these usernames (lower case) are taken in the org. */
  public Future<List<String>> taken(UUID orgId, String[] lowerUsernames) {
    return pool.preparedQuery(TAKEN).execute(Tuple.tuple().addValue(orgId).addValue(lowerUsernames))
        .map(rows -> rows.stream().map(r -> r.getString(0)).toList());
  }

  private static Optional<User> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(User.from(rows.iterator().next()));
  }

  /** A user and their stored password hash. */
  public record Credentials(User user, String passwordHash) {}

  /** The fields of a user to be created. */
  public record NewUser(String username, String displayName, String title, String department, List<String> roles) {}
}
