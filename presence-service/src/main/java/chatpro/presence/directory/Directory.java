package chatpro.presence.directory;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Questions presence asks directory-service on the caller's behalf; directory's failures come back unchanged. */
public final class Directory {
  private final Vertx vertx;

  public Directory(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The user as the caller may see them; fails 404 for a user of another org or none. */
  public Future<JsonObject> user(Caller caller, String userId) {
    return ask(Addresses.USER_GET, new JsonObject().put("caller", caller.toJson()).put("userId", userId));
  }

  /** The caller's org settings ({@code hideLastSeen}, {@code urgentRoles}, ...). */
  public Future<JsonObject> orgSettings(Caller caller) {
    return ask(Addresses.ORG_GET, new JsonObject().put("caller", caller.toJson()))
        .map(org -> org.getJsonObject("settings", new JsonObject()));
  }

  /** Fails 403 unless the caller is an admin now (their roles as stored, not as their token says). */
  public Future<Void> requireAdmin(Caller caller) {
    return user(caller, caller.userId()).compose(user -> {
      if (!user.getJsonArray("roles", new io.vertx.core.json.JsonArray()).contains("admin")) {
        return Future.failedFuture(ChatproException.forbidden("only admins may do this"));
      }
      return Future.succeededFuture();
    });
  }

  private Future<JsonObject> ask(String address, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(address, request)
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(ChatproException.from(e)));
  }
}
