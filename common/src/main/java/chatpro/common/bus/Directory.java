package chatpro.common.bus;

import chatpro.common.error.ChatproException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Questions services ask directory-service on the caller's behalf (the person as the caller may see them, the org's
 * settings, the caller's roles as stored now rather than as their token says); directory's failures come back
 * unchanged.
 */
public final class Directory {
  private final Vertx vertx;
  private final CallerSeals seals;

  public Directory(Vertx vertx) {
    this.vertx = vertx;
    this.seals = CallerSeals.of(vertx);
  }

  /** The user as the caller may see them; fails 404 for a user of another org or none. */
  public Future<JsonObject> user(Caller caller, String userId) {
    return ask(Addresses.USER_GET, new JsonObject().put("caller", seals.sealed(caller).toJson()).put("userId", userId));
  }

  /** The people of the caller's org among these ids (at most 100, deactivated included); others are left out. */
  public Future<JsonArray> users(Caller caller, List<String> ids) {
    return ask(Addresses.USERS_GET, new JsonObject().put("caller", seals.sealed(caller).toJson()).put("ids", new JsonArray(ids)))
        .map(answer -> answer.getJsonArray("users"));
  }

  /** The caller's org settings ({@code hideLastSeen}, {@code urgentRoles}, ...). */
  public Future<JsonObject> orgSettings(Caller caller) {
    return ask(Addresses.ORG_GET, new JsonObject().put("caller", seals.sealed(caller).toJson()))
        .map(org -> org.getJsonObject("settings", new JsonObject()));
  }

  /** Fails 403 unless the caller is an admin now (their roles as stored, not as their token says). */
  public Future<Void> requireAdmin(Caller caller) {
    return requireAnyRole(caller, java.util.List.of("admin"), "only admins may do this");
  }

  /** Fails 403 with the message unless the caller now holds one of the roles. */
  public Future<Void> requireAnyRole(Caller caller, java.util.Collection<?> roles, String refusal) {
    return user(caller, caller.userId()).compose(user -> {
      boolean holds = user.getJsonArray("roles", new io.vertx.core.json.JsonArray()).stream().anyMatch(roles::contains);
      return holds ? Future.succeededFuture() : Future.failedFuture(ChatproException.forbidden(refusal));
    });
  }

  private Future<JsonObject> ask(String address, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(address, request)
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(ChatproException.from(e)));
  }
}
