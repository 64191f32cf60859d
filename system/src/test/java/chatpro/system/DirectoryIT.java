package chatpro.system;

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
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The organisation directory through the public API: people, search, import, roles and isolation. */
@ExtendWith(ChatproExtension.class)
class DirectoryIT {

  @Test
  void anotherOrganisationsPeopleAndChatsAreInvisible() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org acme = api.newOrg();
    Org globex = api.newOrg();
    Session alice = acme.member("alice");
    Session bob = acme.member("bob");
    String chatId = api.post("/api/v1/chats", alice.token(), TestApi.directChat(bob.userId())).json().getString("id");
    String outsider = globex.admin().token();

    assertEquals(404, api.get("/api/v1/users/" + alice.userId(), outsider).status());
    assertEquals(404, api.patch("/api/v1/users/" + alice.userId(), outsider,
        new JsonObject().put("displayName", "Hacked")).status());
    assertEquals(404, api.post("/api/v1/users/" + alice.userId() + "/deactivate", outsider, null).status());
    assertEquals(404, api.post("/api/v1/users/" + alice.userId() + "/password", outsider,
        new JsonObject().put("password", "a brand new password")).status());
    assertEquals(404, api.get("/api/v1/chats/" + chatId, outsider).status());
    assertEquals(404, api.get("/api/v1/chats/" + chatId + "/events", outsider).status());
    Answer send = api.post("/api/v1/chats/" + chatId + "/messages", outsider,
        new JsonObject().put("clientId", "x1").put("kind", "text").put("text", "hello"));
    assertEquals(404, send.status());
    assertEquals("not_found", send.errorCode());
    Answer chat = api.post("/api/v1/chats", outsider, TestApi.directChat(alice.userId()));
    assertEquals(400, chat.status(), "a person of another org is not a usable id");
    assertTrue(search(api, outsider, "alice").isEmpty());
    assertTrue(search(api, outsider, "").stream().noneMatch(u -> u.getString("orgId").equals(acme.id())));
    assertEquals("Alice", api.get("/api/v1/users/" + alice.userId(), bob.token()).json().getString("displayName"));
  }

  @Test
  void peopleByIdsComeInOneCallWithOtherOrgsAndUnknownIdsLeftOut() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session zed = api.newOrg().member("zed");
    assertEquals(204, api.post("/api/v1/users/" + ben.userId() + "/deactivate", org.admin().token(), null).status());
    String unknown = java.util.UUID.randomUUID().toString();

    List<JsonObject> found = byIds(api, ana, String.join(",", ben.userId(), zed.userId(), unknown, ana.userId(),
        ben.userId()));
    assertEquals(List.of(ben.userId(), ana.userId()), ids(found), "in the order asked, once each");
    assertFalse(found.get(0).getBoolean("active"), "a colleague who left is still named");
    assertEquals("Ben", found.get(0).getString("displayName"));
    assertEquals(List.of(), ids(byIds(api, zed, ana.userId())), "never another org's person");
    assertEquals(List.of(ana.userId()), ids(byIds(api, ana, ana.userId() + "&q=nobody&cursor=not-a-cursor")),
        "with ids, q and cursor are not used");
    assertEquals(List.of(), ids(byIds(api, ana, "")));

    List<String> hundred = new ArrayList<>(List.of(ana.userId()));
    while (hundred.size() < 100) {
      hundred.add(java.util.UUID.randomUUID().toString());
    }
    assertEquals(List.of(ana.userId()), ids(byIds(api, ana, String.join(",", hundred))));
    hundred.add(ben.userId());
    for (String bad : List.of(String.join(",", hundred), ana.userId() + ",not-an-id", ana.userId() + ",,",
        ana.userId().toUpperCase())) {
      Answer refused = api.get("/api/v1/users?ids=" + bad, ana.token());
      assertEquals(400, refused.status(), refused.body());
      assertEquals("bad_request", refused.errorCode());
    }
  }

  static List<JsonObject> byIds(TestApi api, Session who, String ids) throws Exception {
    Answer answer = api.get("/api/v1/users?ids=" + ids, who.token());
    assertEquals(200, answer.status(), answer.body());
    return answer.json().getJsonArray("users").stream().map(u -> (JsonObject) u).toList();
  }

  @Test
  void searchMatchesWordStartsIgnoringCaseAccentsAndOneTypo() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    String jose = org.create(new JsonObject().put("username", "jalvarez").put("displayName", "José Álvarez")
        .put("title", "Night Nurse").put("department", "Cardiology")).getString("id");
    String ann = org.create(new JsonObject().put("username", "ann.lee").put("displayName", "Ann Lee")
        .put("title", "Cleaner")).getString("id");
    String token = org.member("viewer").token();

    assertEquals(List.of(jose), ids(search(api, token, "jos")));
    assertEquals(List.of(jose), ids(search(api, token, "ALVAREZ")));
    assertEquals(List.of(jose), ids(search(api, token, "cardiolgy")), "one typo in a word of 4+ letters");
    assertEquals(List.of(jose), ids(search(api, token, "nurze night")));
    assertEquals(List.of(ann), ids(search(api, token, "lee")));
    assertEquals(List.of(ann), ids(search(api, token, "ann.lee")));
    assertTrue(search(api, token, "lea").isEmpty(), "no typos in words under 4 letters");
    assertTrue(search(api, token, "cardiology cleaner").isEmpty(), "every term must match");
    assertTrue(search(api, token, "zzzz").isEmpty());
  }

  @Test
  void searchPagesThroughEveryoneOnce() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    for (String name : List.of("porter1", "porter2", "porter3", "porter4", "porter5")) {
      org.create(new JsonObject().put("username", name).put("displayName", "Porter " + name.charAt(6))
          .put("department", "Logistics"));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String path = "/api/v1/users?q=logistics&limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonObject page = api.get(path, org.admin().token()).json();
      page.getJsonArray("users").forEach(u -> seen.add(((JsonObject) u).getString("username")));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null);
    assertEquals(List.of("porter1", "porter2", "porter3", "porter4", "porter5"), seen);
    assertEquals(3, pages);
    assertEquals(400, api.get("/api/v1/users?limit=abc", org.admin().token()).status());
    assertEquals(400, api.get("/api/v1/users?cursor=garbage", org.admin().token()).status());
  }

  @Test
  void csvImportReportsEveryRowAndDryRunCreatesNobody() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    org.create(new JsonObject().put("username", "taken").put("displayName", "Already Here"));
    String csv = "username,displayName,title,department,roles,password\n"
        + "kim,Kim Park,Porter,Logistics,,a fine long password\n"
        + "Bad Name,Bob,,,,a fine long password\n"
        + "lee,\"Lee, Jo\",Chef,Kitchen,admin;member,another fine password\n"
        + "taken,Someone,,,,a fine long password\n"
        + "max,Max,,,,1234567890\n";
    String admin = org.admin().token();

    Answer dry = api.call("POST", "/api/v1/users/import?dryRun=true", admin, "text/csv", csv);
    assertEquals(200, dry.status(), dry.body());
    assertEquals(List.of("created", "error", "created", "error", "error"), statuses(dry));
    assertTrue(search(api, admin, "kim").isEmpty(), "a dry run creates nobody");

    Answer real = api.call("POST", "/api/v1/users/import", admin, "text/csv", csv);
    assertEquals(List.of("created", "error", "created", "error", "error"), statuses(real));
    JsonArray results = real.json().getJsonArray("results");
    assertEquals(1, results.getJsonObject(0).getInteger("row"));
    assertTrue(results.getJsonObject(3).getString("error").contains("taken"));
    String leeId = results.getJsonObject(2).getString("userId");
    JsonObject lee = api.get("/api/v1/users/" + leeId, admin).json();
    assertEquals("Lee, Jo", lee.getString("displayName"));
    assertEquals(Set.of("admin", "member"), Set.copyOf(lee.getJsonArray("roles").getList()));
    assertEquals(1, search(api, admin, "kim park").size());
    api.login(org.slug(), "kim", "a fine long password");

    assertEquals(415, api.call("POST", "/api/v1/users/import", admin, "application/json", "{}").status());
    assertEquals(400, api.call("POST", "/api/v1/users/import", admin, "text/csv", "name\nx\n").status());
    Session member = org.member("plain");
    assertEquals(403, api.call("POST", "/api/v1/users/import", member.token(), "text/csv", csv).status());
  }

  @Test
  void rolesAreCheckedOnTheServer() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session mia = org.member("mia");
    Session ned = org.member("ned");
    String admin = org.admin().token();

    assertEquals(403, api.post("/api/v1/users", mia.token(), new JsonObject().put("username", "x1")
        .put("displayName", "X").put("password", "a fine long password")).status());
    assertEquals(403, api.patch("/api/v1/users/" + mia.userId(), mia.token(),
        new JsonObject().put("roles", new JsonArray().add("admin"))).status(), "nobody raises their own roles");
    assertEquals(403, api.patch("/api/v1/users/" + ned.userId(), mia.token(),
        new JsonObject().put("title", "Boss")).status());
    assertEquals(403, api.post("/api/v1/users/" + ned.userId() + "/deactivate", mia.token(), null).status());
    assertEquals(403, api.patch("/api/v1/orgs/me", mia.token(), new JsonObject()).status());

    Answer self = api.patch("/api/v1/users/" + mia.userId(), mia.token(), new JsonObject()
        .put("displayName", "Mia Wong").put("title", "Sister").put("location", "Block B").put("unknown", 1));
    assertEquals(200, self.status(), self.body());
    assertEquals("Mia Wong", self.json().getString("displayName"));
    assertEquals("Block B", self.json().getString("location"));
    assertEquals(List.of(mia.userId()), ids(search(api, admin, "wong")), "searchable as soon as changed");

    Answer promoted = api.patch("/api/v1/users/" + mia.userId(), admin,
        new JsonObject().put("roles", new JsonArray().add("admin")));
    assertEquals(List.of("admin"), promoted.json().getJsonArray("roles").getList());
    String orgAdminId = api.get("/api/v1/me", admin).json().getString("id");
    assertEquals(204, api.post("/api/v1/users/" + orgAdminId + "/deactivate", mia.token(), null).status(),
        "a promoted admin acts as admin at once, with the same token");
    Answer last = api.patch("/api/v1/users/" + mia.userId(), mia.token(),
        new JsonObject().put("roles", new JsonArray().add("member")));
    assertEquals(409, last.status(), "the last active admin keeps the role");
  }

  @Test
  void orgSettingsHaveDefaultsAndAdminsChangeThem() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    JsonObject me = api.get("/api/v1/orgs/me", org.member("olga").token()).json();
    assertEquals(org.slug(), me.getJsonObject("org").getString("slug"));
    assertEquals(new JsonObject().put("urgentRoles", new JsonArray().add("admin")).put("hideLastSeen", false)
        .put("sharedDeviceTimeoutMinutes", 10).putNull("messageRetentionDays"), me.getJsonObject("settings"));
    Answer changed = api.patch("/api/v1/orgs/me", org.admin().token(), new JsonObject().put("settings",
        new JsonObject().put("hideLastSeen", true).put("urgentRoles", new JsonArray().add("admin").add("compliance"))));
    assertEquals(200, changed.status(), changed.body());
    assertTrue(changed.json().getJsonObject("settings").getBoolean("hideLastSeen"));
    assertEquals(400, api.patch("/api/v1/orgs/me", org.admin().token(), new JsonObject().put("settings",
        new JsonObject().put("urgentRoles", new JsonArray().add("king")))).status());
  }

  @Test
  void badInputGetsTheErrorShape() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    String admin = org.admin().token();
    Answer missing = api.post("/api/v1/users", admin, new JsonObject().put("username", "ok"));
    assertEquals(400, missing.status());
    assertEquals("bad_request", missing.errorCode());
    assertFalse(missing.body().contains("Exception"));
    assertEquals(400, api.call("POST", "/api/v1/users", admin, "application/json", "[1,2]").status());
    assertEquals(400, api.call("POST", "/api/v1/users", admin, "application/json", "{not json").status());
    assertEquals(409, api.post("/api/v1/users", admin, new JsonObject().put("username", "admin")
        .put("displayName", "Copy").put("password", "a fine long password")).status());
    assertEquals(400, api.post("/api/v1/users", admin, new JsonObject().put("username", "ADMIN")
        .put("displayName", "Copy").put("password", "a fine long password")).status(), "usernames are lower case");
    assertEquals(400, api.post("/api/v1/users", admin, new JsonObject().put("username", "weak")
        .put("displayName", "Weak").put("password", "1234567890")).status(), "common passwords are refused");
    assertEquals(404, api.get("/api/v1/users/not-an-id", admin).status());
    assertEquals(401, api.get("/api/v1/me", null).status());
    assertEquals(404, api.get("/api/v1/nothing-here", admin).status());
    Answer dup = api.post("/api/v1/orgs", ChatproExtension.OPERATOR_TOKEN, new JsonObject().put("slug", org.slug())
        .put("name", "Dup").put("admin", new JsonObject().put("username", "ab").put("displayName", "A")
            .put("password", "a fine long password")));
    assertEquals(409, dup.status());
    assertEquals(401, api.post("/api/v1/orgs", "wrong", new JsonObject()).status());
    assertNull(api.get("/api/v1/me", admin).json().getString("phone"), "no phone number, ever");
  }

  @Test
  void directoryChangesArePublishedOnceEachToKafka() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session uma = org.member("uma");
    api.patch("/api/v1/users/" + uma.userId(), uma.token(), new JsonObject().put("title", "Midwife"));
    api.post("/api/v1/users/" + uma.userId() + "/deactivate", org.admin().token(), null);
    api.post("/api/v1/users/" + uma.userId() + "/reactivate", org.admin().token(), null);
    List<TestKafka.Record> records = TestKafka.read("chatpro.directory.v1",
        v -> uma.userId().equals(v.getJsonObject("data").getString("id")), 4);
    assertEquals(List.of("chatpro.user.created", "chatpro.user.updated", "chatpro.user.deactivated",
        "chatpro.user.reactivated"), records.stream().map(r -> r.value().getString("type")).toList());
    assertEquals(List.of(uma.userId() + ":1", uma.userId() + ":2", uma.userId() + ":3", uma.userId() + ":4"),
        records.stream().map(r -> r.value().getString("id")).toList());
    TestKafka.Record updated = records.get(1);
    assertEquals(uma.userId(), updated.key());
    assertEquals("1.0", updated.value().getString("specversion"));
    assertEquals("chatpro/" + org.id(), updated.value().getString("source"));
    assertEquals("Midwife", updated.value().getJsonObject("data").getString("title"));
    assertFalse(records.get(2).value().getJsonObject("data").getBoolean("active"));
  }

  static List<JsonObject> search(TestApi api, String token, String q) throws Exception {
    Answer answer = api.get("/api/v1/users?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), token);
    assertEquals(200, answer.status(), answer.body());
    return answer.json().getJsonArray("users").stream().map(u -> (JsonObject) u).toList();
  }

  static List<String> ids(List<JsonObject> users) {
    return users.stream().map(u -> u.getString("id")).collect(Collectors.toList());
  }

  static List<String> statuses(Answer answer) {
    return answer.json().getJsonArray("results").stream().map(r -> ((JsonObject) r).getString("status")).toList();
  }
}
