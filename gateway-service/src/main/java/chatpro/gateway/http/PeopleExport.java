package chatpro.gateway.http;

import static chatpro.common.bus.Addresses.USERS_EXPORT_PAGE;

import chatpro.common.bus.Caller;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/users/export.csv}: everyone of the org as CSV, fetched from the directory a page (1,000 people)
 * at a time and written as it comes, each page only after the one before has gone out. The first page is fetched
 * before anything is sent, so a refusal is still an ordinary JSON error.
 */
final class PeopleExport {
  private final Api api;

  PeopleExport(Api api) {
    this.api = api;
  }

  Future<Void> send(RoutingContext ctx, Caller caller) {
    return page(caller, null)
        .compose(first -> start(ctx.response())
            .compose(v -> write(ctx.response(), caller, first)))
        .compose(v -> ctx.response().end());
  }

  private Future<JsonObject> page(Caller caller, String after) {
    return api.call(USERS_EXPORT_PAGE, Api.as(caller).put("after", after));
  }

  private static Future<Void> start(HttpServerResponse response) {
    return response.setChunked(true)
        .putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"people.csv\"")
        .putHeader("Cache-Control", "no-store")
        .write(PeopleCsv.HEADER);
  }

  private Future<Void> write(HttpServerResponse response, Caller caller, JsonObject page) {
    StringBuilder chunk = new StringBuilder(page.getJsonArray("users").size() * 120);
    page.getJsonArray("users").forEach(u -> chunk.append(PeopleCsv.row((JsonObject) u)));
    String after = page.getString("after");
    return response.write(Buffer.buffer(chunk.toString()))
        .compose(v -> after == null ? Future.succeededFuture()
            : page(caller, after).compose(next -> write(response, caller, next)));
  }
}
