package chatpro.messaging.chat;

import chatpro.common.bus.Caller;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.messaging.chat.Chat.Member;
import chatpro.messaging.log.Appender;
import chatpro.messaging.log.Appender.Change;
import chatpro.messaging.log.Event;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Group changes: rename, add people, change roles, remove people or leave. Each writes its events to the chat's log. */
public final class Membership {
  static final String RENAME = "UPDATE chats SET name = $2 WHERE id = $1";
  static final String REMOVE = "UPDATE members SET removed_seq = $3 WHERE chat_id = $1 AND user_id = $2";
  /** When the last admin leaves, the longest-standing member becomes admin, so the group stays manageable. */
  static final String PROMOTE = "UPDATE members SET role = 'admin' WHERE chat_id = $1 AND user_id = ("
      + " SELECT user_id FROM members WHERE chat_id = $1 AND removed_seq IS NULL ORDER BY joined_seq, user_id LIMIT 1)"
      + " AND NOT EXISTS (SELECT 1 FROM members WHERE chat_id = $1 AND removed_seq IS NULL AND role = 'admin')"
      + " RETURNING user_id";
  static final String SET_ROLE = "UPDATE members SET role = $3 WHERE chat_id = $1 AND user_id = $2";
  static final String GROUPS_OF = "SELECT m.chat_id FROM members m JOIN chats c ON c.id = m.chat_id"
      + " WHERE m.user_id = $1 AND c.org_id = $2 AND m.removed_seq IS NULL AND c.type = 'group' ORDER BY m.chat_id";
  static final String ADMIN = "admin";
  static final Set<String> ROLES = Set.of(ADMIN, "member");

  private final ChatRepository chats;
  private final Chats chatService;
  private final Appender appender;
  private final Clock clock;
  private final int maxGroupMembers;

  public Membership(ChatRepository chats, Chats chatService, Appender appender, Clock clock, int maxGroupMembers) {
    this.chats = chats;
    this.chatService = chatService;
    this.appender = appender;
    this.clock = clock;
    this.maxGroupMembers = maxGroupMembers;
  }

  /** {@code {caller, chatId, patch:{name}}} → Chat; group admins only. */
  public Future<JsonObject> rename(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID chatId = Chats.chatId(request);
    String name = Fields.string(Fields.object(request.getValue("patch")), "name", 1, 100);
    return appender.<Void>inChat(chatId, (conn, last) -> groupAsAdmin(conn, chatId, caller)
            .compose(chat -> conn.preparedQuery(RENAME).execute(Tuple.of(chatId, name)))
            .map(v -> new Change<>(List.of(event(caller, chatId, Event.CHAT_RENAMED, new JsonObject().put("name", name))),
                null)))
        .compose(done -> current(chatId, caller));
  }

  /** {@code {caller, chatId, userIds}} → Chat; group admins add active people of the org (others are a 400). */
  public Future<JsonObject> add(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID chatId = Chats.chatId(request);
    List<String> ids = Fields.optionalIds(request, "userIds", maxGroupMembers);
    if (ids == null || ids.isEmpty()) {
      throw ChatproException.badRequest("userIds is required");
    }
    return chatService.requireActive(caller, ids)
        .compose(v -> appender.<Void>inChat(chatId, (conn, last) -> groupAsAdmin(conn, chatId, caller)
            .compose(chat -> {
              Set<String> present = chat.members().stream().map(m -> m.userId().toString()).collect(Collectors.toSet());
              List<String> joining = ids.stream().filter(id -> !present.contains(id)).toList();
              if (present.size() + joining.size() > maxGroupMembers) {
                return Future.failedFuture(ChatproException.badRequest(
                    "a group holds at most " + maxGroupMembers + " members"));
              }
              List<Event> drafts = new ArrayList<>();
              List<Future<Void>> rows = new ArrayList<>();
              long seq = last;
              for (String id : joining) {
                drafts.add(event(caller, chatId, Event.MEMBER_ADDED, new JsonObject().put("userId", id)));
                rows.add(chats.addMembers(conn, chatId, caller.orgUuid(), ++seq,
                    List.of(new Member(UUID.fromString(id), "member"))));
              }
              return Future.all(rows).map(x -> new Change<Void>(drafts, null));
            })))
        .compose(done -> current(chatId, caller));
  }

  /**
   * {@code {caller, chatId, userId, patch:{role}}} → Chat; group admins make a member admin or member. Demoting the
   * last admin is a 409; the role someone already has changes nothing and writes no event.
   */
  public Future<JsonObject> setRole(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID chatId = Chats.chatId(request);
    UUID target = memberId(request);
    String role = Fields.string(Fields.object(request.getValue("patch")), "role", 1, 20);
    if (!ROLES.contains(role)) {
      throw ChatproException.badRequest("role must be admin or member");
    }
    return appender.<Void>inChat(chatId, (conn, last) -> groupAsAdmin(conn, chatId, caller)
            .compose(chat -> changeRole(conn, chat, caller, target, role)))
        .compose(done -> current(chatId, caller));
  }

  private Future<Change<Void>> changeRole(SqlConnection conn, Chat chat, Caller caller, UUID target, String role) {
    Member member = member(chat, target);
    if (member == null) {
      return Future.failedFuture(ChatproException.notFound("member"));
    }
    if (member.role().equals(role)) {
      return Future.succeededFuture(new Change<>(List.of(), null));
    }
    long admins = chat.members().stream().filter(m -> ADMIN.equals(m.role())).count();
    if (!ADMIN.equals(role) && admins == 1) {
      return Future.failedFuture(ChatproException.conflict("a group keeps at least one admin"));
    }
    return conn.preparedQuery(SET_ROLE).execute(Tuple.of(chat.id(), target, role))
        .map(v -> new Change<>(List.of(roleEvent(caller, caller.userUuid(), chat.id(), target, role)), null));
  }

  /** {@code {caller, chatId, userId}}: group admins remove anyone; anyone may leave. */
  public Future<JsonObject> remove(JsonObject request) {
    Caller caller = Caller.from(request);
    UUID chatId = Chats.chatId(request);
    UUID target = memberId(request);
    boolean leaving = target.equals(caller.userUuid());
    return appender.<Void>inChat(chatId, (conn, last) -> chats.find(conn, chatId, caller.orgUuid()).compose(found -> {
      Chat chat = found.orElseThrow(() -> ChatproException.notFound("chat"));
      Member me = member(chat, caller.userUuid());
      if (me == null) {
        return Future.failedFuture(ChatproException.notFound("chat"));
      }
      if (!chat.isGroup()) {
        return Future.failedFuture(ChatproException.badRequest("people cannot be removed from a direct chat"));
      }
      if (!leaving && !ADMIN.equals(me.role())) {
        return Future.failedFuture(ChatproException.forbidden("only a group admin may remove people"));
      }
      if (member(chat, target) == null) {
        return Future.failedFuture(ChatproException.notFound("member"));
      }
      return removeMember(conn, caller, chatId, target, last + 1);
    })).map(done -> new JsonObject());
  }

  /**
   * Takes a person out of every group they are in (erasure), one chat at a time, each with its
   * {@code member.removed} event (and a new admin where they were the last); their direct chats stay. Answers how
   * many groups. {@code caller} is who erases them.
   */
  public Future<Integer> removeFromEveryGroup(Caller caller, UUID target) {
    return appender.pool().preparedQuery(GROUPS_OF).execute(Tuple.of(target, caller.orgUuid())).compose(rows -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (io.vertx.sqlclient.Row row : rows) {
        UUID chatId = row.getUUID("chat_id");
        chain = chain.compose(n -> appender.<Void>inChat(chatId, (conn, last) -> removeMember(conn, caller, chatId,
            target, last + 1)).map(done -> n + 1));
      }
      return chain;
    });
  }

  /**
   * Ends the membership at the removal's seq. When that took the group's last admin, the longest-standing member
   * becomes admin, and a {@code member.role} event (after the removal, with no actor) says so.
   */
  private Future<Change<Void>> removeMember(SqlConnection conn, Caller caller, UUID chatId, UUID target, long seq) {
    return conn.preparedQuery(REMOVE).execute(Tuple.of(chatId, target, seq))
        .compose(v -> conn.preparedQuery(PROMOTE).execute(Tuple.of(chatId)))
        .map(promoted -> {
          List<Event> drafts = new ArrayList<>();
          drafts.add(event(caller, chatId, Event.MEMBER_REMOVED, new JsonObject().put("userId", target.toString())));
          promoted.forEach(r -> drafts.add(roleEvent(caller, null, chatId, r.getUUID("user_id"), ADMIN)));
          return new Change<Void>(drafts, null);
        });
  }

  /** The member named by the request; one that is not an id cannot exist, so it is a 404. */
  private static UUID memberId(JsonObject request) {
    String id = request.getString("userId");
    if (!Fields.isId(id)) {
      throw ChatproException.notFound("member");
    }
    return UUID.fromString(id);
  }

  private Future<Chat> groupAsAdmin(SqlConnection conn, UUID chatId, Caller caller) {
    return chats.find(conn, chatId, caller.orgUuid()).compose(found -> {
      Chat chat = found.orElseThrow(() -> ChatproException.notFound("chat"));
      Member me = member(chat, caller.userUuid());
      if (me == null) {
        return Future.failedFuture(ChatproException.notFound("chat"));
      }
      if (!chat.isGroup()) {
        return Future.failedFuture(ChatproException.badRequest("this is a direct chat"));
      }
      if (!ADMIN.equals(me.role())) {
        return Future.failedFuture(ChatproException.forbidden("only a group admin may do this"));
      }
      return Future.succeededFuture(chat);
    });
  }

  private Future<JsonObject> current(UUID chatId, Caller caller) {
    return chatService.get(new JsonObject().put("caller", caller.toJson()).put("chatId", chatId.toString()));
  }

  private Event event(Caller caller, UUID chatId, String type, JsonObject fields) {
    return new Event(chatId, 0, caller.orgUuid(), type, clock.instant(), caller.userUuid(), null, fields);
  }

  /** A {@code member.role} event; {@code actor} is null when the group itself promoted someone. */
  private Event roleEvent(Caller caller, UUID actor, UUID chatId, UUID userId, String role) {
    JsonObject fields = new JsonObject().put("userId", userId.toString()).put("role", role);
    return new Event(chatId, 0, caller.orgUuid(), Event.MEMBER_ROLE, clock.instant(), actor, null, fields);
  }

  private static Member member(Chat chat, UUID userId) {
    return chat.members().stream().filter(m -> m.userId().equals(userId)).findFirst().orElse(null);
  }
}
