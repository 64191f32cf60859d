package chatpro.directory;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Handlers;
import chatpro.common.config.ChatproConfig;
import chatpro.common.db.Migrations;
import chatpro.common.db.PgPools;
import chatpro.common.service.Health;
import chatpro.directory.auth.Logins;
import chatpro.directory.auth.SigningKeys;
import chatpro.directory.auth.TokenIssuer;
import chatpro.directory.org.Orgs;
import chatpro.directory.user.UserRepository;
import chatpro.directory.user.Users;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Wires the directory's event-bus API to its feature classes. */
public final class DirectoryVerticle extends VerticleBase {
  static final String SCHEMA = "directory";

  private final ChatproConfig config;
  private final Clock clock;
  private Pool pool;

  public DirectoryVerticle(ChatproConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.create(vertx, config.pg(), SCHEMA);
    SigningKeys keys = new SigningKeys(pool);
    UserRepository userRepository = new UserRepository(pool);
    TokenIssuer issuer = new TokenIssuer(vertx, keys, config.tokens(), clock);
    Orgs orgs = new Orgs(vertx, pool, userRepository);
    Users users = new Users(vertx, pool, userRepository);
    Logins logins = new Logins(vertx, pool, userRepository, issuer, config.tokens().refreshTtl(), clock);
    return Migrations.migrate(pool, SCHEMA)
        .compose(v -> keys.load())
        .compose(v -> new Handlers(vertx)
            .on(Addresses.ORG_CREATE, orgs::create)
            .on(Addresses.ORG_GET, orgs::get)
            .on(Addresses.AUTH_LOGIN, logins::login)
            .on(Addresses.AUTH_REFRESH, logins::refresh)
            .on(Addresses.AUTH_LOGOUT, logins::logout)
            .on(Addresses.AUTH_JWKS, request -> Future.succeededFuture(keys.jwks()))
            .on(Addresses.USER_CREATE, users::create)
            .on(Addresses.USER_GET, users::get)
            .on(Addresses.USERS_ACTIVE, users::active)
            .ready())
        .compose(v -> Health.register(vertx, "directory", Health.database(pool)));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
