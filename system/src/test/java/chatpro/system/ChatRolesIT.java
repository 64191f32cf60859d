package chatpro.system;

import static chatpro.system.HistoryIT.addMember;
import static chatpro.system.HistoryIT.group;
import static chatpro.system.MessagingIT.events;
import static chatpro.system.MessagingIT.role;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatpro.common.kafka.Topics;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Group roles: admins promote and demote, a group always keeps an admin, and every change is a member.role event. */
@ExtendWith(ChatproExtension.class)
class ChatRolesIT {

  @Test
  void adminsPromoteAndDemoteAndEveryMemberHearsIt() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cai = org.member("cai");
    String chat = group(api, ana, ben, cai);
    try (TestSocket caiSocket = TestSocket.authenticated(ChatproExtension.api(2).port(), cai.token())) {
      Answer promoted = setRole(api, ana, chat, ben, "admin");
      assertEquals(200, promoted.status(), promoted.body());
      assertEquals("admin", role(promoted.json(), ben.userId()));
      assertEquals(1L, promoted.json().getLong("lastSeq"));
      JsonObject heard = caiSocket.next(roleEvent(), 10).getJsonObject("event");
      assertEquals(1L, heard.getLong("seq"));
      assertEquals(ben.userId(), heard.getString("userId"));
      assertEquals("admin", heard.getString("role"));

      Answer again = setRole(api, ana, chat, ben, "admin");
      assertEquals(200, again.status(), again.body());
      assertEquals(1L, again.json().getLong("lastSeq"), "the role ben already has writes no event");

      Answer demoted = setRole(api, ben, chat, ana, "member");
      assertEquals(200, demoted.status(), "ben is an admin now: " + demoted.body());
      assertEquals("member", role(demoted.json(), ana.userId()));
      JsonObject second = caiSocket.next(roleEvent(), 10).getJsonObject("event");
      assertEquals(2L, second.getLong("seq"));
      assertEquals(ana.userId(), second.getString("userId"));
      assertEquals("member", second.getString("role"));
    }
    List<JsonObject> log = events(api, cai, chat);
    assertEquals(List.of("member.role", "member.role"), log.stream().map(e -> e.getString("type")).toList());
    assertEquals(ben.userId(), log.get(0).getString("userId"));

    Answer refused = setRole(api, ana, chat, cai, "admin");
    assertEquals(403, refused.status(), "ana is no admin any more: " + refused.body());
    assertEquals("forbidden", refused.errorCode());
    assertEquals("member", role(api.get("/api/v1/chats/" + chat, ana.token()).json(), cai.userId()));

    List<TestKafka.Record> records = TestKafka.read(Topics.CHAT_EVENTS,
        v -> v.getString("id").startsWith(chat + ":"), 2);
    assertEquals(List.of(chat + ":1", chat + ":2"), records.stream().map(r -> r.value().getString("id")).toList(),
        "each change once, in order");
    assertEquals("chatpro.member.role", records.get(0).value().getString("type"));
    assertEquals(ben.userId(), records.get(0).value().getJsonObject("data").getString("userId"));
  }

  @Test
  void badRoleChangesAreRefusedWithTheProtocolsCodes() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session dee = org.member("dee");
    String chat = group(api, ana, ben);
    String path = "/api/v1/chats/" + chat + "/members/" + ben.userId();

    assertRefused(400, "bad_request", api.patch(path, ana.token(), new JsonObject().put("role", "owner")));
    assertRefused(400, "bad_request", api.patch(path, ana.token(), new JsonObject()));
    assertRefused(400, "bad_request", api.patch(path, ana.token(), new JsonObject().put("role", 1)));
    assertRefused(400, "bad_request", api.call("PATCH", path, ana.token(), "application/json", "[]"));
    assertRefused(404, "not_found", setRole(api, ana, chat, dee, "admin"));
    assertRefused(404, "not_found", api.patch("/api/v1/chats/" + chat + "/members/" + UUID.randomUUID(),
        ana.token(), new JsonObject().put("role", "admin")));
    assertRefused(404, "not_found", api.patch("/api/v1/chats/" + chat + "/members/nobody", ana.token(),
        new JsonObject().put("role", "admin")));
    assertRefused(404, "not_found", setRole(api, dee, chat, ben, "admin"));
    assertRefused(404, "not_found", setRole(api, api.newOrg().admin(), chat, ben, "admin"));
    assertRefused(403, "forbidden", setRole(api, ben, chat, ben, "admin"));
    String direct = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    assertRefused(400, "bad_request", setRole(api, ana, direct, ben, "admin"));

    assertRefused(409, "conflict", setRole(api, ana, chat, ana, "member"));
    assertEquals(200, setRole(api, ana, chat, ben, "admin").status());
    Answer stepDown = setRole(api, ana, chat, ana, "member");
    assertEquals(200, stepDown.status(), "with ben an admin, ana may step down: " + stepDown.body());
    assertRefused(409, "conflict", setRole(api, ben, chat, ben, "member"));
    assertEquals(List.of("member.role", "member.role"),
        events(api, ana, chat).stream().map(e -> e.getString("type")).toList(), "refusals write nothing");
  }

  @Test
  void whenTheLastAdminLeavesTheLongestStandingMemberBecomesAdminAndIsTold() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cai = org.member("cai");
    String chat = group(api, ana, cai);
    assertEquals(200, addMember(api, ana, chat, ben).status());                                 // seq 1
    try (TestSocket caiSocket = TestSocket.authenticated(ChatproExtension.api(2).port(), cai.token())) {
      assertEquals(204, api.call("DELETE", "/api/v1/chats/" + chat + "/members/" + ana.userId(), ana.token(), null)
          .status());                                                                            // seq 2, 3
      JsonObject removed = caiSocket.next(TestSocket.event(), 10).getJsonObject("event");
      assertEquals("member.removed", removed.getString("type"));
      assertEquals(2L, removed.getLong("seq"));
      JsonObject promotion = caiSocket.next(TestSocket.event(), 10).getJsonObject("event");
      assertEquals("member.role", promotion.getString("type"));
      assertEquals(3L, promotion.getLong("seq"));
      assertEquals(cai.userId(), promotion.getString("userId"), "cai has been in the group longest");
      assertEquals("admin", promotion.getString("role"));
    }
    JsonObject now = api.get("/api/v1/chats/" + chat, ben.token()).json();
    assertEquals("admin", role(now, cai.userId()));
    assertEquals("member", role(now, ben.userId()));

    assertEquals(200, setRole(api, cai, chat, ben, "admin").status());                          // seq 4
    assertEquals(204, api.call("DELETE", "/api/v1/chats/" + chat + "/members/" + cai.userId(), cai.token(), null)
        .status());                                                                              // seq 5
    List<JsonObject> log = events(api, ben, chat);
    assertEquals(List.of("member.added", "member.removed", "member.role", "member.role", "member.removed"),
        log.stream().map(e -> e.getString("type")).toList(), "another admin is left: nobody is promoted");
    assertEquals("admin", role(api.get("/api/v1/chats/" + chat, ben.token()).json(), ben.userId()));
  }

  static Answer setRole(TestApi api, Session who, String chat, Session member, String role) throws Exception {
    return api.patch("/api/v1/chats/" + chat + "/members/" + member.userId(), who.token(),
        new JsonObject().put("role", role));
  }

  static void assertRefused(int status, String code, Answer answer) {
    assertEquals(status, answer.status(), answer.body());
    assertEquals(code, answer.errorCode(), answer.body());
  }

  static Predicate<JsonObject> roleEvent() {
    return f -> "event".equals(f.getString("type")) && "member.role".equals(f.getJsonObject("event").getString("type"));
  }
}
