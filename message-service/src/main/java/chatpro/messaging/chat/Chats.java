package chatpro.messaging.chat;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.messaging.chat.Chat.Member;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Creating and reading chats. Members must be active people of the caller's organisation. */
public final class Chats {
  private final Vertx vertx;
  private final Pool pool;
  private final ChatRepository chats;
  private final int maxGroupMembers;

  public Chats(Vertx vertx, Pool pool, ChatRepository chats, int maxGroupMembers) {
    this.vertx = vertx;
    this.pool = pool;
    this.chats = chats;
    this.maxGroupMembers = maxGroupMembers;
  }

  /** {@code {caller, chat:{type, name?, members}}} → {@code {chat, created}}. */
  public Future<JsonObject> create(JsonObject request) {
    Caller caller = Caller.from(request);
    JsonObject body = Fields.object(request.getValue("chat"));
    Object type = body.getValue("type");
    List<String> others = Fields.optionalIds(body, "members", maxGroupMembers + 1);
    if (others == null) {
      throw ChatproException.badRequest("members is required");
    }
    others.remove(caller.userId());
    if ("direct".equals(type)) {
      if (others.size() != 1) {
        throw ChatproException.badRequest("a direct chat has exactly one other member");
      }
      return requireActive(caller, others).compose(v -> createDirect(caller, UUID.fromString(others.get(0))));
    }
    if ("group".equals(type)) {
      String name = Fields.string(body, "name", 1, 100);
      if (others.size() + 1 > maxGroupMembers) {
        throw ChatproException.badRequest("a group holds at most " + maxGroupMembers + " members");
      }
      return requireActive(caller, others).compose(v -> createGroup(caller, name, others));
    }
    throw ChatproException.badRequest("type must be direct or group");
  }

  /** {@code {caller, chatId}} → Chat, for current members only (404 otherwise). */
  public Future<JsonObject> get(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID chatId = chatId(request);
    return chats.find(pool, chatId, caller.orgUuid()).map(found -> {
      Chat chat = found.orElseThrow(() -> ChatproException.notFound("chat"));
      boolean member = chat.members().stream().anyMatch(m -> m.userId().equals(caller.userUuid()));
      if (!member) {
        throw ChatproException.notFound("chat");
      }
      return chat.toJson();
    });
  }

  /** The chat id of a request; one that is not an id cannot exist, so it is a 404. */
  public static UUID chatId(JsonObject request) {
    String id = request.getString("chatId");
    if (!Fields.isId(id)) {
      throw ChatproException.notFound("chat");
    }
    return UUID.fromString(id);
  }

  private Future<JsonObject> createDirect(Caller caller, UUID other) {
    UUID me = caller.userUuid();
    String key = me.compareTo(other) < 0 ? me + ":" + other : other + ":" + me;
    UUID id = UUID.randomUUID();
    List<Member> members = List.of(new Member(me, "member"), new Member(other, "member"));
    return pool.withTransaction(conn -> chats.insert(conn, id, caller.orgUuid(), "direct", null, key, me)
            .compose(created -> created
                ? chats.addMembers(conn, id, caller.orgUuid(), 0, members).map(true)
                : Future.succeededFuture(false)))
        .compose(created -> chats.direct(pool, caller.orgUuid(), key)
            .compose(existing -> chats.find(pool, existing.orElseThrow(), caller.orgUuid()))
            .map(chat -> new JsonObject().put("chat", chat.orElseThrow().toJson()).put("created", created)));
  }

  private Future<JsonObject> createGroup(Caller caller, String name, List<String> others) {
    UUID id = UUID.randomUUID();
    List<Member> members = new ArrayList<>();
    members.add(new Member(caller.userUuid(), "admin"));
    others.forEach(o -> members.add(new Member(UUID.fromString(o), "member")));
    return pool.withTransaction(conn -> chats.insert(conn, id, caller.orgUuid(), "group", name, null,
                caller.userUuid())
            .compose(v -> chats.addMembers(conn, id, caller.orgUuid(), 0, members)))
        .compose(v -> chats.find(pool, id, caller.orgUuid()))
        .map(chat -> new JsonObject().put("chat", chat.orElseThrow().toJson()).put("created", true));
  }

  /** Fails with 400 unless every id is an active user of the caller's org (unknown, inactive or foreign alike). */
  Future<Void> requireActive(Caller caller, List<String> userIds) {
    if (userIds.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonObject query = new JsonObject().put("orgId", caller.orgId()).put("userIds", new JsonArray(userIds));
    return vertx.eventBus().<JsonObject>request(Addresses.USERS_ACTIVE, query).map(reply -> {
      Set<Object> active = new HashSet<>(reply.body().getJsonArray("active").getList());
      if (!active.containsAll(userIds)) {
        throw ChatproException.badRequest("members must be active people of your organisation");
      }
      return null;
    });
  }
}
