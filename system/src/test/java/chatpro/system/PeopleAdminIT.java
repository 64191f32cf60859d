package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The web client's admin area: listing filters, departments, the CSV export, and the org's name and settings. */
@ExtendWith(ChatproExtension.class)
class PeopleAdminIT {

  @Test
  void theListingFiltersByRoleDepartmentAndActive() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    String ada = person(org, "ada", "Ada Heart", "Cardiology", "member");
    String bea = person(org, "bea", "Bea Heart", "cardiology", "member");
    String cal = person(org, "cal", "Cal Cart", "Logistics", "member");
    String dee = person(org, "dee", "Dee Rules", null, "compliance");
    String eli = person(org, "eli", "Eli Gone", "Cardiology", "member");
    String admin = org.admin().token();
    assertEquals(204, api.post("/api/v1/users/" + eli + "/deactivate", admin, null).status());
    String adminId = api.get("/api/v1/me", admin).json().getString("id");

    assertEquals(List.of(ada, bea, eli), ids(api, admin, "department=CARDIOLOGY"), "admins see everyone");
    assertEquals(List.of(ada, bea), ids(api, admin, "department=cardiology&active=true"));
    assertEquals(List.of(eli), ids(api, admin, "active=false"));
    assertEquals(List.of(dee), ids(api, admin, "role=compliance"));
    assertEquals(List.of(adminId), ids(api, admin, "role=admin"));
    assertEquals(List.of(cal), ids(api, admin, "role=member&department=logistics"));
    assertEquals(List.of(bea), ids(api, admin, "q=bea&department=Cardiology"));
    assertEquals(List.of(), ids(api, admin, "department=Cardio"), "a department is matched whole");

    Answer page = api.get("/api/v1/users?department=cardiology&active=true&limit=1", admin);
    assertEquals(List.of(ada), ids(page));
    String cursor = page.json().getString("nextCursor");
    assertEquals(List.of(bea), ids(api, admin, "department=cardiology&active=true&limit=1&cursor=" + cursor));

    Session member = org.member("fin");
    person(org, "gil", "Gil Former", null, "admin");
    assertEquals(List.of(ada, bea), ids(api, member.token(), "department=cardiology"), "members see active people");
    assertEquals(List.of(ada, bea), ids(api, member.token(), "department=cardiology&active=true"));
    Answer forbidden = api.get("/api/v1/users?active=false", member.token());
    assertEquals(403, forbidden.status());
    assertEquals("forbidden", forbidden.errorCode());
    for (String bad : List.of("role=king", "active=maybe", "department=" + "x".repeat(101), "role=")) {
      Answer refused = api.get("/api/v1/users?" + bad, admin);
      assertEquals(400, refused.status(), bad);
      assertEquals("bad_request", refused.errorCode());
    }

    // an admin made a member keeps a token that says admin until it expires: search goes by the roles now
    Session former = api.login(org.slug(), "gil", "password of gil");
    assertEquals(List.of(ada, bea, eli), ids(api, former.token(), "department=cardiology"), "as an admin");
    assertEquals(200, api.patch("/api/v1/users/" + former.userId(), admin, new JsonObject()
        .put("roles", new JsonArray().add("member"))).status());
    assertEquals(List.of(ada, bea), ids(api, former.token(), "department=cardiology"),
        "made a member, the same token sees active people only");
  }

  @Test
  void departmentsCountTheirActivePeople() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    person(org, "ann", "Ann", "Wards", "member");
    person(org, "ben", "Ben", "wards", "member");
    person(org, "cat", "Cat", "Kitchen", "member");
    person(org, "dan", "Dan", null, "member");
    String eve = person(org, "eve", "Eve", "Archive", "member");
    assertEquals(204, api.post("/api/v1/users/" + eve + "/deactivate", org.admin().token(), null).status());
    Session member = org.member("fay");
    Answer answer = api.get("/api/v1/users/departments", member.token());
    assertEquals(200, answer.status(), answer.body());
    JsonArray departments = answer.json().getJsonArray("departments");
    assertEquals(List.of("Kitchen", "Wards"), departments.stream().map(d -> ((JsonObject) d).getString("name"))
        .map(n -> n.equals("wards") ? "Wards" : n).toList(), "by name, case folded together, inactive left out");
    assertEquals(List.of(1L, 2L), departments.stream().map(d -> ((JsonObject) d).getLong("count")).toList());
    assertEquals(List.of(), api.get("/api/v1/users/departments", api.newOrg().admin().token()).json()
        .getJsonArray("departments").getList(), "another org's departments are not shown");
  }

  @Test
  void theExportHoldsEveryoneAcrossPagesAsSafeCsv() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    String admin = org.admin().token();
    StringBuilder csv = new StringBuilder("username,displayName,title,department,roles,password\n");
    for (int i = 1; i <= 1050; i++) {
      csv.append(String.format("p%04d,Person %d,Porter,Logistics,,%n", i, i));
    }
    csv.append("quote,\"Lee, \"\"Jo\"\"\",=SUM(A1:A9),+44 ward,admin;member,\n");
    csv.append("at,At Home,@home,-minus,,\n");
    Answer imported = api.call("POST", "/api/v1/users/import", admin, "text/csv", csv.toString());
    assertEquals(200, imported.status(), imported.body());
    assertTrue(imported.json().getJsonArray("results").stream()
        .allMatch(r -> "created".equals(((JsonObject) r).getString("status"))), imported.body());
    String gone = imported.json().getJsonArray("results").getJsonObject(0).getString("userId");
    assertEquals(204, api.post("/api/v1/users/" + gone + "/deactivate", admin, null).status());

    Answer export = ChatproExtension.api(2).get("/api/v1/users/export.csv", admin);
    assertEquals(200, export.status(), export.body());
    assertEquals("text/csv; charset=utf-8", export.raw().headers().firstValue("Content-Type").orElseThrow());
    assertEquals("attachment; filename=\"people.csv\"",
        export.raw().headers().firstValue("Content-Disposition").orElseThrow());
    List<List<String>> rows = parse(export.body());
    assertEquals(List.of("username", "displayName", "title", "department", "location", "roles", "active"),
        rows.get(0));
    List<List<String>> people = rows.subList(1, rows.size());
    assertEquals(1 + 1050 + 2, people.size(), "everyone, over two pages of 1,000");
    Set<String> usernames = people.stream().map(r -> r.get(0)).collect(Collectors.toSet());
    assertEquals(people.size(), usernames.size(), "each once");
    assertTrue(usernames.contains("admin") && usernames.contains("p0001") && usernames.contains("p1050"));
    List<String> quote = row(people, "quote");
    assertEquals(List.of("quote", "Lee, \"Jo\"", "'=SUM(A1:A9)", "'+44 ward", "", "admin;member", "true"), quote);
    assertEquals(List.of("at", "At Home", "'@home", "'-minus", "", "member", "true"), row(people, "at"));
    assertEquals("false", row(people, "p0001").get(6), "deactivated people are in, marked");
    assertTrue(export.body().contains("\"Lee, \"\"Jo\"\"\""), "quotes doubled inside a quoted cell");
    assertTrue(export.body().contains("\r\n"), "CRLF line ends");

    Answer member = api.get("/api/v1/users/export.csv", org.member("viv").token());
    assertEquals(403, member.status());
    assertEquals("forbidden", member.errorCode());
    assertEquals(401, api.get("/api/v1/users/export.csv", null).status());
  }

  @Test
  void adminsRenameTheOrgAndSetTheSharedDeviceTimeout() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    String admin = org.admin().token();
    Session member = org.member("wil");
    assertEquals(10, api.get("/api/v1/orgs/me", member.token()).json().getJsonObject("settings")
        .getInteger("sharedDeviceTimeoutMinutes"), "the default is filled in");

    Answer renamed = api.patch("/api/v1/orgs/me", admin, new JsonObject().put("name", "St Elsewhere Hospital")
        .put("settings", new JsonObject().put("sharedDeviceTimeoutMinutes", 240)));
    assertEquals(200, renamed.status(), renamed.body());
    assertEquals("St Elsewhere Hospital", renamed.json().getJsonObject("org").getString("name"));
    assertEquals(org.slug(), renamed.json().getJsonObject("org").getString("slug"), "the slug stays");
    assertEquals(240, renamed.json().getJsonObject("settings").getInteger("sharedDeviceTimeoutMinutes"));
    JsonObject seen = api.get("/api/v1/orgs/me", member.token()).json();
    assertEquals("St Elsewhere Hospital", seen.getJsonObject("org").getString("name"));
    assertEquals(1, api.patch("/api/v1/orgs/me", admin, new JsonObject().put("settings",
        new JsonObject().put("sharedDeviceTimeoutMinutes", 1))).json().getJsonObject("settings")
        .getInteger("sharedDeviceTimeoutMinutes"));

    List<JsonObject> bad = new ArrayList<>();
    for (Object minutes : List.of(0, 241, "10", 1.5, -1)) {
      bad.add(new JsonObject().put("name", "Not Applied").put("settings",
          new JsonObject().put("sharedDeviceTimeoutMinutes", minutes)));
    }
    for (Object name : List.of("", "   ", "x".repeat(101), 42)) {
      bad.add(new JsonObject().put("name", name));
    }
    for (JsonObject patch : bad) {
      Answer refused = api.patch("/api/v1/orgs/me", admin, patch);
      assertEquals(400, refused.status(), patch.encode());
      assertEquals("bad_request", refused.errorCode());
    }
    JsonObject after = api.get("/api/v1/orgs/me", admin).json();
    assertEquals("St Elsewhere Hospital", after.getJsonObject("org").getString("name"), "a refused patch changes nothing");
    assertEquals(1, after.getJsonObject("settings").getInteger("sharedDeviceTimeoutMinutes"));
    assertEquals(403, api.patch("/api/v1/orgs/me", member.token(), new JsonObject().put("name", "Mine")).status());
  }

  private static String person(Org org, String username, String name, String department, String role)
      throws Exception {
    JsonObject fields = new JsonObject().put("username", username).put("displayName", name)
        .put("roles", new JsonArray().add(role));
    if (department != null) {
      fields.put("department", department);
    }
    return org.create(fields).getString("id");
  }

  private static List<String> ids(TestApi api, String token, String query) throws Exception {
    Answer answer = api.get("/api/v1/users?" + query, token);
    assertEquals(200, answer.status(), query + ": " + answer.body());
    return ids(answer);
  }

  private static List<String> ids(Answer answer) {
    return answer.json().getJsonArray("users").stream().map(u -> ((JsonObject) u).getString("id")).toList();
  }

  private static List<String> row(List<List<String>> rows, String username) {
    return rows.stream().filter(r -> r.get(0).equals(username)).findFirst().orElseThrow();
  }

  /** RFC 4180, as a spreadsheet reads it. */
  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    return rows;
  }
}
