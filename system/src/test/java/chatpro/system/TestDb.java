package chatpro.system;

import chatpro.common.db.PgPools;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Straight to PostgreSQL, for what a test must see in the tables themselves (one service's schema). */
final class TestDb implements AutoCloseable {
  final Pool pool;

  private TestDb(Pool pool) {
    this.pool = pool;
  }

  /** A pool on the service's schema, on that service's Vert.x instance. */
  static TestDb of(String service) throws Exception {
    LocalSystem system = ChatproExtension.system();
    return new TestDb(PgPools.create(system.vertx(service), system.config(service).pg(), service));
  }

  /** Every row of a query. */
  List<Row> rows(String sql, Object... args) throws Exception {
    List<Row> out = new ArrayList<>();
    await(pool.preparedQuery(sql).execute(Tuple.wrap(new ArrayList<>(List.of(args))))).forEach(out::add);
    return out;
  }

  /** The same as the schemas' owner, for what the services' own role may not do ({@code ANALYZE}). */
  static TestDb asOwner(String service) throws Exception {
    LocalSystem system = ChatproExtension.system();
    return new TestDb(PgPools.create(system.vertx(service), system.config(service).pg().asOwner(), service));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    await(pool.close());
  }
}
