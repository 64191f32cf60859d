package chatpro.directory;

import chatpro.common.audit.Audit;
import chatpro.common.bus.Addresses;
import chatpro.common.bus.Handlers;
import chatpro.common.config.ChatproConfig;
import chatpro.common.crypto.MasterKey;
import chatpro.common.db.Migrations;
import chatpro.common.db.PgPools;
import chatpro.common.kafka.KafkaSetup;
import chatpro.common.kafka.OutboxRelay;
import chatpro.common.kafka.Topics;
import chatpro.common.service.Health;
import chatpro.directory.auth.LoginLimiter;
import chatpro.directory.auth.Logins;
import chatpro.directory.auth.PasswordWork;
import chatpro.directory.auth.Sessions;
import chatpro.directory.auth.SignInCodes;
import chatpro.directory.auth.SigningKeys;
import chatpro.directory.auth.TokenIssuer;
import chatpro.directory.events.DirectoryEvents;
import chatpro.directory.keys.KeyVault;
import chatpro.directory.org.Orgs;
import chatpro.directory.search.UserSearch;
import chatpro.directory.user.Accounts;
import chatpro.directory.user.Erasures;
import chatpro.directory.user.PersonalData;
import chatpro.directory.user.Imports;
import chatpro.directory.user.Listings;
import chatpro.directory.user.UserRepository;
import chatpro.directory.user.Users;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the directory's event-bus API to its feature classes. */
public final class DirectoryVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryVerticle.class);
  static final String SCHEMA = "directory";
  /** How long after a newer key appears the old one stays published: a token's lifetime plus reload slack. */
  static final Duration KEY_OVERLAP_SLACK = Duration.ofMinutes(3);

  private final ChatproConfig config;
  private final Clock clock;
  private Pool pool;
  private OutboxRelay relay;
  private PasswordWork passwords;

  public DirectoryVerticle(ChatproConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.create(vertx, config.pg(), SCHEMA);
    passwords = new PasswordWork(vertx, config.limits().passwordThreads(), config.limits().passwordQueue());
    // reading the key file blocks: not on the event loop
    return vertx.executeBlocking(() -> MasterKey.load(config.masterKeyFile()))
        .compose(this::startWith);
  }

  /** The rest of the start, once the master key is read (a missing or wrong one has failed it, naming the setting). */
  private Future<?> startWith(MasterKey master) {
    KeyVault vault = new KeyVault(pool, master);
    SigningKeys keys = new SigningKeys(pool, master)
        .onChange(() -> vertx.eventBus().publish(Addresses.KEYS_CHANGED, new JsonObject()));
    UserRepository userRepository = new UserRepository(pool);
    DirectoryEvents events = new DirectoryEvents(clock);
    Sessions sessions = new Sessions(vertx, pool, config.tokens().accessTtl(), clock);
    LoginLimiter limiter = new LoginLimiter(pool, clock);
    TokenIssuer issuer = new TokenIssuer(vertx, keys, config.tokens(), clock);
    UserSearch search = new UserSearch(pool);
    Audit audit = new Audit(clock);
    Users users = new Users(passwords, pool, userRepository, search, events, audit);
    Listings listings = new Listings(pool, users, search);
    Accounts accounts = new Accounts(passwords, pool, userRepository, users, sessions, events, audit, limiter);
    Imports imports = new Imports(passwords, pool, userRepository, users);
    Orgs orgs = new Orgs(passwords, pool, users, audit);
    Logins logins = new Logins(pool, passwords, userRepository, issuer, sessions, limiter,
        config.tokens().refreshTtl(), clock);
    PersonalData personalData = new PersonalData(pool, orgs);
    Erasures erasures = new Erasures(vertx, pool, userRepository, users, sessions, events, vault, audit);
    SignInCodes codes = new SignInCodes(pool, clock, userRepository, users, passwords, limiter, sessions, logins,
        audit);
    relay = new OutboxRelay(pool, SCHEMA, List.of(new OutboxRelay.Outbox(SCHEMA, "outbox", Topics.DIRECTORY),
        new OutboxRelay.Outbox(SCHEMA, Audit.TABLE, Topics.AUDIT_RECORDS)), config.kafka());
    Duration keyLifetime = config.tokens().accessTtl().plus(KEY_OVERLAP_SLACK);
    return Migrations.migrate(vertx, config.pg(), SCHEMA)
        .compose(v -> Migrations.migrate(vertx, config.pg(), KeyVault.SCHEMA))
        .compose(v -> vault.start())
        .compose(v -> keys.maintain(config.tokens().keyRotation(), keyLifetime, false))
        .compose(v -> KafkaSetup.ensureTopic(vertx, config.kafka(), Topics.DIRECTORY))
        .compose(v -> KafkaSetup.ensureTopic(vertx, config.kafka(), Topics.AUDIT_RECORDS))
        .onSuccess(v -> relay.start())
        .compose(v -> new Handlers(vertx)
            .operator(Addresses.ORG_CREATE, orgs::create)
            .on(Addresses.ORG_GET, orgs::get)
            .on(Addresses.ORG_UPDATE, orgs::update)
            .on(Addresses.ORGS_WITH_RETENTION, orgs::withRetention)
            .on(Addresses.AUTH_LOGIN, logins::login)
            .on(Addresses.AUTH_REFRESH, logins::refresh)
            .on(Addresses.AUTH_LOGOUT, logins::logout)
            .on(Addresses.AUTH_CODE, codes::redeem)
            .on(Addresses.AUTH_JWKS, request -> Future.succeededFuture(keys.jwks()))
            .on(Addresses.AUTH_REVOKED, sessions::changesAfter)
            .operator(Addresses.KEYS_ROTATE, request -> keys.maintain(config.tokens().keyRotation(), keyLifetime, true)
                .map(x -> new JsonObject().put("kid", keys.signingKeyId())))
            .on(Addresses.KEYS_PERSON, vault::person)
            .on(Addresses.KEYS_CHECK, vault::check)
            .on(Addresses.DIRECTORY_USER_ERASE, erasures::erase)
            .on(Addresses.DIRECTORY_PERSONAL_DATA, personalData::describe)
            .on(Addresses.USER_CREATE, users::create)
            .on(Addresses.USER_IMPORT, imports::run)
            .on(Addresses.USER_GET, users::get)
            .on(Addresses.USER_SEARCH, listings::search)
            .on(Addresses.USERS_DEPARTMENTS, listings::departments)
            .on(Addresses.USERS_EXPORT_PAGE, listings::exportPage)
            .on(Addresses.USERS_GET, users::many)
            .on(Addresses.USER_UPDATE, users::update)
            .on(Addresses.USER_SET_ACTIVE, accounts::setActive)
            .on(Addresses.USER_SET_PASSWORD, accounts::setPassword)
            .on(Addresses.USER_CHANGE_PASSWORD, accounts::changePassword)
            .on(Addresses.USER_SIGN_IN_CODE, codes::create)
            .on(Addresses.USERS_SIGN_IN_CODES, codes::createMany)
            .on(Addresses.USERS_ACTIVE, users::active)
            .ready())
        .onSuccess(v -> {
          vertx.setPeriodic(60_000, id -> limiter.purge()
              .onFailure(e -> LOG.warn("could not purge old login failures: {}", e.toString())));
          vertx.setPeriodic(60_000, id -> sessions.purge()
              .onFailure(e -> LOG.warn("could not purge old revocations: {}", e.toString())));
          vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), id -> keys.maintain(config.tokens().keyRotation(),
              keyLifetime, false).onFailure(e -> LOG.warn("signing key upkeep failed: {}", e.toString())));
        })
        .compose(v -> Health.register(vertx, "directory", Health.database(pool)));
  }

  @Override
  public Future<?> stop() {
    if (passwords != null) {
      passwords.close();
    }
    Future<Void> relayStopped = relay == null ? Future.succeededFuture() : relay.stop(vertx);
    return relayStopped.compose(v -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
