package chatpro.directory.auth;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Caller;
import chatpro.common.crypto.Hashes;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.common.json.Fields;
import chatpro.common.time.Times;
import chatpro.directory.user.User;
import chatpro.directory.user.UserRepository;
import chatpro.directory.user.Users;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One-time sign-in codes: an admin prints a card, the person types the code once and chooses their password. A code
 * is 12 characters without look-alikes, lives 7 days, replaces any earlier code of that person, and is stored only
 * as the SHA-256 of its normalised form. Failed redemptions count against the client address like failed logins.
 */
public final class SignInCodes {
  /** No 0/O, 1/I/L: a code is read off paper. */
  public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  public static final int LENGTH = 12;
  public static final Duration LIFETIME = Duration.ofDays(7);
  public static final int MAX_BATCH = 500;
  /** The longest input looked at: a code typed with spaces or dashes between groups, and some slack. */
  static final int MAX_INPUT = 64;

  /** Writes the codes of many people of one org at once; each replaces that person's earlier code. */
  static final String UPSERT = "INSERT INTO sign_in_codes (user_id, org_id, code_hash, expires_at, created_at)"
      + " SELECT t.u, $2::uuid, decode(t.h, 'hex'), $4::timestamptz, $5::timestamptz"
      + " FROM unnest($1::uuid[], $3::text[]) AS t(u, h)"
      + " ON CONFLICT (user_id) DO UPDATE SET org_id = EXCLUDED.org_id, code_hash = EXCLUDED.code_hash,"
      + " expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at";
  static final String FIND = "SELECT c.user_id, c.org_id, c.expires_at, u.active FROM sign_in_codes c"
      + " JOIN users u ON u.id = c.user_id WHERE c.code_hash = $1";
  /** Ends a code that is still good; of two redemptions at once, one deletes it and the other finds nothing. */
  static final String USE = "DELETE FROM sign_in_codes WHERE code_hash = $1 AND expires_at > $2"
      + " RETURNING user_id, org_id";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final Clock clock;
  private final UserRepository users;
  private final Users people;
  private final PasswordWork passwords;
  private final LoginLimiter limiter;
  private final Sessions sessions;
  private final Logins logins;
  private final Audit audit;

  public SignInCodes(Pool pool, Clock clock, UserRepository users, Users people, PasswordWork passwords,
      LoginLimiter limiter, Sessions sessions, Logins logins, Audit audit) {
    this.audit = audit;
    this.pool = pool;
    this.clock = clock;
    this.users = users;
    this.people = people;
    this.passwords = passwords;
    this.limiter = limiter;
    this.sessions = sessions;
    this.logins = logins;
  }

  /** A new code from the alphabet, from SecureRandom (about 59 bits). */
  static String newCode() {
    StringBuilder code = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }

  /** What a person typed, as it was issued: upper case, without spaces and dashes; null when it cannot be a code. */
  static String normalise(Object typed) {
    if (!(typed instanceof String s) || s.length() > MAX_INPUT) {
      return null;
    }
    StringBuilder code = new StringBuilder(LENGTH);
    for (int i = 0; i < s.length(); i++) {
      char c = Character.toUpperCase(s.charAt(i));
      if (c == ' ' || c == '-') {
        continue;
      }
      if (ALPHABET.indexOf(c) < 0) {
        return null;
      }
      code.append(c);
    }
    return code.length() == LENGTH ? code.toString() : null;
  }

  static byte[] hash(String normalised) {
    return Hashes.sha256(normalised);
  }

  /** A printed card: whose code it is, the code and until when it works. */
  record Card(User user, String code, Instant expiresAt) {
    JsonObject toJson() {
      return new JsonObject().put("code", code).put("expiresAt", Times.format(expiresAt)).put("path", "/code/" + code);
    }

    JsonObject toBatchJson() {
      return new JsonObject().put("userId", user.id()).put("displayName", user.displayName())
          .put("username", user.username()).mergeIn(toJson());
    }
  }

  /** Admin: {@code {caller, userId}} → {@code {code, expiresAt, path}}; 404 for nobody of the org, 409 if inactive. */
  public Future<JsonObject> create(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID id = Users.userId(request);
    return people.requireAdminFor(caller, id)
        .compose(admin -> users.find(caller.orgUuid(), id))
        .map(SignInCodes::issuable)
        .compose(user -> issue(caller, List.of(user)))
        .map(cards -> cards.get(0).toJson());
  }

  /**
   * Admin: {@code {caller, userIds}} (1 to 500) → {@code {codes:[{userId, displayName, username, code, expiresAt,
   * path}]}} in the order asked. Any id that is unknown, of a deactivated person or of another org is a 400, the
   * same for all three, and then no code is made.
   */
  public Future<JsonObject> createMany(JsonObject request) {
    Caller caller = Caller.from(request);
    List<String> ids = Fields.optionalIds(request, "userIds", MAX_BATCH);
    if (ids == null || ids.isEmpty()) {
      throw ChatproException.badRequest("userIds must list 1 to " + MAX_BATCH + " people");
    }
    UUID[] wanted = ids.stream().map(UUID::fromString).toArray(UUID[]::new);
    return people.requireAdmin(caller)
        .compose(admin -> users.findAll(caller.orgUuid(), wanted))
        .map(found -> allActive(found, wanted.length))
        .compose(found -> issue(caller, found))
        .map(cards -> new JsonObject().put("codes", new JsonArray(cards.stream().map(Card::toBatchJson).toList())));
  }

  /**
   * Open: {@code {code, password, clientAddress}} → the login answer. The address limit is checked first, then the
   * password policy (a weak password leaves the code unused), then the code; any code that does not work, or a
   * deactivated person, counts a failure for the address and answers 401.
   */
  public Future<JsonObject> redeem(JsonObject request) {
    String address = request.getValue("clientAddress") instanceof String s ? s : null;
    Object typed = request.getValue("code");
    Object password = request.getValue("password");
    String checked = PasswordPolicy.check(password, "password");
    return limiter.guarded(limiter.reserveAddress(address),
        () -> redeem(normalise(typed), checked, Logins.device(request)));
  }

  private Future<JsonObject> redeem(String code, String password, String device) {
    if (code == null) {
      return Future.failedFuture(invalid());
    }
    byte[] codeHash = hash(code);
    return find(codeHash)
        .map(found -> found.orElseThrow(SignInCodes::invalid))
        .compose(found -> passwords.hash(PasswordWork.Kind.LOGIN, password).map(h -> new Redemption(found, h)))
        .compose(r -> pool.withTransaction(conn -> use(conn, codeHash, r, device)))
        .map(done -> {
          sessions.announce(done.ended());
          return done.login();
        });
  }

  /** A code found, and the hash of the password it is to set. */
  private record Redemption(Found code, String passwordHash) {}

  /** A redemption done: the new login, and the person's other logins that it ended. */
  private record Done(JsonObject login, Sessions.Ended ended) {}

  /** The stored code, if it is still good and its person active. */
  private record Found(UUID userId, UUID orgId) {}

  private Future<Optional<Found>> find(byte[] codeHash) {
    Instant now = clock.instant();
    return pool.preparedQuery(FIND).execute(Tuple.of(codeHash)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      var row = rows.iterator().next();
      boolean good = row.getOffsetDateTime("expires_at").toInstant().isAfter(now) && row.getBoolean("active");
      return good ? Optional.of(new Found(row.getUUID("user_id"), row.getUUID("org_id"))) : Optional.empty();
    });
  }

  /**
   * In one transaction: the code ends, the password is set, every other login ends, and a new one starts. The
   * person's row is locked before the code's, the order an erasure or a deactivation takes them in, so a redemption
   * at the same moment waits for them instead of deadlocking with them.
   */
  private Future<Done> use(SqlConnection conn, byte[] codeHash, Redemption r, String device) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return users.lock(conn, r.code().orgId(), r.code().userId())
        .compose(found -> conn.preparedQuery(USE).execute(Tuple.of(codeHash, now))
            .compose(rows -> rows.size() == 0 ? Future.failedFuture(invalid()) : Future.succeededFuture(found)))
        .map(found -> found.filter(User::active).orElseThrow(SignInCodes::invalid))
        .compose(user -> users.setPasswordHash(conn, r.code().orgId(), r.code().userId(), r.passwordHash())
            .compose(v -> sessions.endAll(conn, r.code().userId(), null))
            .compose(ended -> logins.startSession(conn, user, device).map(login -> new Done(login, ended))));
  }

  /** Stores the codes' hashes and audits one {@code user.sign_in_code} per person, in one transaction. */
  private Future<List<Card>> issue(Caller caller, List<User> people) {
    UUID orgId = caller.orgUuid();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant expires = now.plus(LIFETIME);
    List<Card> cards = people.stream().map(u -> new Card(u, newCode(), expires)).toList();
    UUID[] ids = cards.stream().map(c -> UUID.fromString(c.user().id())).toArray(UUID[]::new);
    String[] hashes = cards.stream().map(c -> HexFormat.of().formatHex(hash(c.code()))).toArray(String[]::new);
    Tuple args = Tuple.tuple().addValue(ids).addValue(orgId).addValue(hashes)
        .addValue(OffsetDateTime.ofInstant(expires, ZoneOffset.UTC))
        .addValue(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    List<AuditRecord> records = cards.stream().map(c -> new AuditRecord(orgId, caller.userUuid(),
        "user.sign_in_code", "user", c.user().id(), new JsonObject().put("expiresAt", Times.format(expires))
            .put("batch", people.size()))).toList();
    return pool.withTransaction(conn -> conn.preparedQuery(UPSERT).execute(args)
        .compose(v -> audit.recordAll(conn, records)))
        .map(cards);
  }

  private static User issuable(Optional<User> found) {
    User user = found.orElseThrow(() -> ChatproException.notFound("user"));
    if (!user.active()) {
      throw ChatproException.conflict("this person is deactivated; reactivate them first");
    }
    return user;
  }

  private static List<User> allActive(List<User> found, int asked) {
    if (found.size() != asked || !found.stream().allMatch(User::active)) {
      throw ChatproException.badRequest("userIds must all be active people of your organisation");
    }
    return found;
  }

  private static ChatproException invalid() {
    return new ChatproException(ErrorCode.UNAUTHORIZED, "this sign-in code does not work; ask for a new one");
  }
}
