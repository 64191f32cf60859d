package chatpro.system;

import static chatpro.system.ChatRolesIT.assertRefused;
import static chatpro.system.ChatRolesIT.setRole;
import static chatpro.system.MessagingIT.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person's page in the admin area: {@code GET /api/v1/users/{id}/groups} lists the groups they are in now, with
 * everyone's roles, for org admins only, and says nothing about what was written there.
 */
@ExtendWith(ChatproExtension.class)
class PersonGroupsIT {
  static final Set<String> GROUP_FIELDS =
      Set.of("id", "type", "name", "members", "memberCount", "lastSeq", "createdAt", "role");

  @Test
  void anAdminSeesEveryGroupOfAPersonWithMembersAndRolesButNotTheirDirectChat() throws Exception {
    TestApi one = ChatproExtension.api(1);
    TestApi two = ChatproExtension.api(2);
    Org org = one.newOrg();
    Session admin = org.admin();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cai = org.member("cai");
    String night = group(one, ben, "Night shift", ana, cai);
    String alpha = group(two, ana, "alpha team", ben);
    group(one, cai, "Zeta ward", ben);
    String direct = one.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    send(one, ana, direct, "a private word");
    send(two, ben, night, "handover notes for tonight");

    List<JsonObject> before = groups(two, admin, ana);
    assertEquals(List.of(alpha, night), ids(before), "her groups by name, ignoring case; not the direct chat");
    assertEquals("member", before.get(1).getString("role"));
    assertEquals(Map.of(ben.userId(), "admin", ana.userId(), "member", cai.userId(), "member"),
        roles(before.get(1)));

    assertEquals(200, setRole(two, ben, night, ana, "admin").status());
    JsonObject page = page(one, admin, ana, "");
    assertNull(page.getString("nextCursor"));
    List<JsonObject> after = list(page);
    assertEquals(List.of(alpha, night), ids(after));
    JsonObject nightShift = after.get(1);
    JsonObject asMember = one.get("/api/v1/chats/" + night, ben.token()).json();
    assertEquals(GROUP_FIELDS, nightShift.fieldNames(), nightShift.encode());
    assertEquals("group", nightShift.getString("type"));
    assertEquals("Night shift", nightShift.getString("name"));
    assertEquals("admin", nightShift.getString("role"), "the promotion shows at once");
    assertEquals(Map.of(ben.userId(), "admin", ana.userId(), "admin", cai.userId(), "member"), roles(nightShift));
    assertEquals(3, nightShift.getInteger("memberCount"));
    assertEquals(asMember.getLong("lastSeq"), nightShift.getLong("lastSeq"));
    assertEquals(2L, nightShift.getLong("lastSeq"), "the message and the promotion");
    assertEquals(asMember.getString("createdAt"), nightShift.getString("createdAt"));
    for (Object m : nightShift.getJsonArray("members")) {
      assertEquals(Set.of("userId", "role"), ((JsonObject) m).fieldNames(), "membership only, no read cursors");
    }
    JsonObject alphaTeam = after.get(0);
    assertEquals("admin", alphaTeam.getString("role"), "ana made it");
    assertEquals(Map.of(ana.userId(), "admin", ben.userId(), "member"), roles(alphaTeam));
    assertEquals(2, alphaTeam.getInteger("memberCount"));
    String body = page.encode();
    assertFalse(body.contains("handover") || body.contains("private word") || body.contains(direct),
        "no message content and no direct chat: " + body);

    assertEquals(3, groups(two, admin, ben).size(), "ben's page has all three groups");
  }

  @Test
  void aGroupThePersonWasRemovedFromOrLeftDisappears() throws Exception {
    TestApi one = ChatproExtension.api(1);
    TestApi two = ChatproExtension.api(2);
    Org org = two.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String night = group(one, ben, "Night shift", ana);
    String day = group(one, ana, "Day shift", ben);
    assertEquals(List.of(day, night), ids(groups(two, org.admin(), ana)));

    assertEquals(204, one.call("DELETE", "/api/v1/chats/" + night + "/members/" + ana.userId(), ben.token(), null)
        .status());
    assertEquals(List.of(day), ids(groups(two, org.admin(), ana)), "removed by a group admin");
    assertEquals(Map.of(ben.userId(), "admin"), roles(in(groups(one, org.admin(), ben), night)),
        "ana is gone from its members");

    assertEquals(204, two.call("DELETE", "/api/v1/chats/" + day + "/members/" + ana.userId(), ana.token(), null)
        .status());
    JsonObject empty = page(one, org.admin(), ana, "");
    assertEquals(new JsonObject().put("groups", new JsonArray()), empty, "she left her last group");
    JsonObject dayShift = in(groups(two, org.admin(), ben), day);
    assertEquals("admin", dayShift.getString("role"), "ben took over when the last admin left");
  }

  @Test
  void onlyOrgAdminsMayLookAndOtherOrgsPeopleAreNotFound() throws Exception {
    TestApi one = ChatproExtension.api(1);
    TestApi two = ChatproExtension.api(2);
    Org org = one.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    org.create(new JsonObject().put("username", "cora").put("displayName", "Cora")
        .put("roles", new JsonArray().add("compliance")));
    Session cora = one.login(org.slug(), "cora", "password of cora");
    group(one, ana, "Night shift", ben);

    assertRefused(403, "forbidden", two.get(path(ben, ""), ana.token()));
    assertRefused(403, "forbidden", two.get(path(ana, ""), ana.token()));
    assertRefused(403, "forbidden", one.get(path(ana, ""), cora.token()));
    // nobody is looked up before the caller's roles, so a refusal never tells that an id exists
    assertRefused(404, "not_found", one.get("/api/v1/users/" + UUID.randomUUID() + "/groups", ana.token()));

    Org other = two.newOrg();
    Answer foreign = two.get(path(ana, ""), other.admin().token());
    assertRefused(404, "not_found", foreign);
    Answer unknown = one.get("/api/v1/users/" + UUID.randomUUID() + "/groups", org.admin().token());
    assertRefused(404, "not_found", unknown);
    assertEquals(foreign.json(), unknown.json(), "another org's person and nobody answer alike");
    assertRefused(404, "not_found", one.get("/api/v1/users/nobody/groups", org.admin().token()));

    assertEquals(200, one.patch("/api/v1/users/" + ana.userId(), org.admin().token(),
        new JsonObject().put("roles", new JsonArray().add("admin"))).status());
    Answer promoted = two.get(path(ben, ""), ana.token());
    assertEquals(200, promoted.status(), "her current roles count, not her token's: " + promoted.body());
    assertEquals(1, list(promoted.json()).size());
    assertEquals(200, one.patch("/api/v1/users/" + ana.userId(), org.admin().token(),
        new JsonObject().put("roles", new JsonArray().add("member"))).status());
    assertRefused(403, "forbidden", one.get(path(ben, ""), ana.token()));
  }

  @Test
  void pagesFollowTheCursorAndBadLimitsAreRefused() throws Exception {
    TestApi one = ChatproExtension.api(1);
    TestApi two = ChatproExtension.api(2);
    Org org = one.newOrg();
    Session admin = org.admin();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    List<String> names = List.of("Echo", "bravo", "Delta", "alpha", "charlie");
    Map<String, String> byName = new HashMap<>();
    for (String name : names) {
      byName.put(group(one, ben, name, ana), name);
    }

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String cursor = null;
    do {
      TestApi node = seen.isEmpty() ? one : two;
      String query = "limit=2" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      JsonObject page = page(node, admin, ana, query);
      List<JsonObject> groups = list(page);
      sizes.add(groups.size());
      groups.forEach(g -> seen.add(byName.get(g.getString("id"))));
      cursor = page.getString("nextCursor");
    } while (cursor != null && sizes.size() < 10);
    assertEquals(List.of(2, 2, 1), sizes, "pages of two, the last one without nextCursor");
    assertEquals(List.of("alpha", "bravo", "charlie", "Delta", "Echo"), seen, "each group once, by name");

    JsonObject all = page(two, admin, ana, "");
    assertEquals(5, list(all).size(), "the default page holds 50");
    assertFalse(all.containsKey("nextCursor"));
    JsonObject exact = page(one, admin, ana, "limit=5");
    assertEquals(5, list(exact).size());
    assertFalse(exact.containsKey("nextCursor"), "a full last page needs no cursor");
    assertEquals(5, list(page(one, admin, ana, "limit=200")).size());

    for (String bad : List.of("limit=abc", "limit=", "limit=2.5", "limit=0", "limit=201", "limit=-1",
        "cursor=garbage", "cursor=" + URLEncoder.encode("[\"a\"]", StandardCharsets.UTF_8))) {
      assertRefused(400, "bad_request", two.get(path(ana, bad), admin.token()));
    }
    assertTrue(ids(list(all)).containsAll(byName.keySet()));
  }

  static String group(TestApi api, Session creator, String name, Session... members) throws Exception {
    JsonArray ids = new JsonArray();
    for (Session m : members) {
      ids.add(m.userId());
    }
    Answer created = api.post("/api/v1/chats", creator.token(),
        new JsonObject().put("type", "group").put("name", name).put("members", ids));
    assertEquals(201, created.status(), created.body());
    return created.json().getString("id");
  }

  static String path(Session person, String query) {
    return "/api/v1/users/" + person.userId() + "/groups" + (query.isEmpty() ? "" : "?" + query);
  }

  static JsonObject page(TestApi api, Session who, Session person, String query) throws Exception {
    Answer answer = api.get(path(person, query), who.token());
    assertEquals(200, answer.status(), query + ": " + answer.body());
    return answer.json();
  }

  /** Every group of the person, from one page (tests here stay under the default limit). */
  static List<JsonObject> groups(TestApi api, Session who, Session person) throws Exception {
    JsonObject page = page(api, who, person, "");
    assertNull(page.getString("nextCursor"));
    return list(page);
  }

  static List<JsonObject> list(JsonObject page) {
    return page.getJsonArray("groups").stream().map(g -> (JsonObject) g).toList();
  }

  static List<String> ids(List<JsonObject> groups) {
    return groups.stream().map(g -> g.getString("id")).toList();
  }

  static JsonObject in(List<JsonObject> groups, String id) {
    return groups.stream().filter(g -> id.equals(g.getString("id"))).findFirst().orElseThrow();
  }

  static Map<String, String> roles(JsonObject group) {
    return group.getJsonArray("members").stream().map(m -> (JsonObject) m)
        .collect(Collectors.toMap(m -> m.getString("userId"), m -> m.getString("role")));
  }
}
