package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile requests to the HTTP API, table-driven: every case names what it sends and the exact status it must get
 * (the protocol's error shape, no stack trace), and after all of them the system still serves people. The first
 * table is the cross-org one: every route about a person answers 404 for a person of another org, whoever asks and
 * whatever their roles, so that a refusal never tells that an id exists elsewhere.
 */
@ExtendWith(ChatproExtension.class)
class HostileHttpIT {

  /** One hostile request and the status it must get. */
  record Case(String name, String method, String path, String token, String contentType, String body, int status) {}

  @Test
  void routesAboutAPersonAnswer404ForAnotherOrgsPersonWhoeverAsks() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session member = org.member("mia");
    Session officer = ExportsIT.officer(org, "otto");
    Session foreigner = ChatproExtension.api(2).newOrg().member("fred");
    String id = foreigner.userId();
    String unknown = UUID.randomUUID().toString();
    List<Case> cases = new ArrayList<>();
    for (Session who : List.of(member, org.admin(), officer)) {
      for (String target : List.of(id, unknown)) {
        String as = (who == member ? "member" : who == officer ? "officer" : "admin") + (target.equals(id)
            ? " on another org's person" : " on nobody");
        cases.add(json(as + ": read", "GET", "/api/v1/users/" + target, who, null, 404));
        cases.add(json(as + ": change", "PATCH", "/api/v1/users/" + target, who,
            new JsonObject().put("title", "x"), 404));
        cases.add(json(as + ": change roles", "PATCH", "/api/v1/users/" + target, who,
            new JsonObject().put("roles", new JsonArray().add("admin")), 404));
        cases.add(json(as + ": deactivate", "POST", "/api/v1/users/" + target + "/deactivate", who, null, 404));
        cases.add(json(as + ": reactivate", "POST", "/api/v1/users/" + target + "/reactivate", who, null, 404));
        cases.add(json(as + ": sign-in code", "POST", "/api/v1/users/" + target + "/sign-in-code", who, null, 404));
        cases.add(json(as + ": set password", "POST", "/api/v1/users/" + target + "/password", who,
            new JsonObject().put("password", "a long enough new password"), 404));
        cases.add(json(as + ": groups", "GET", "/api/v1/users/" + target + "/groups", who, null, 404));
        cases.add(json(as + ": erase", "POST", "/api/v1/users/" + target + "/erase", who,
            new JsonObject().put("reason", "hostile"), 404));
        cases.add(json(as + ": export their data", "POST", "/api/v1/users/" + target + "/export", who,
            new JsonObject(), 404));
        cases.add(json(as + ": presence", "GET", "/api/v1/presence/" + target, who, null, 404));
      }
    }
    run(api, cases);
    assertEquals("fred", ChatproExtension.api(2).get("/api/v1/users/" + id, foreigner.token()).json()
        .getString("username"), "and the person is untouched");
  }

  @Test
  void malformedRequestsGetTheErrorShapeAndChangeNothing() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ann = org.member("ann");
    Session bob = org.member("bob");
    String chat = ExportsIT.chat(api, ann, TestApi.directChat(bob.userId()));
    String t = ann.token();
    List<Case> cases = new ArrayList<>(List.of(
        new Case("no token", "GET", "/api/v1/chats", null, null, null, 401),
        new Case("a token that is not a JWT", "GET", "/api/v1/chats", "not-a-token", null, null, 401),
        new Case("a token cut short", "GET", "/api/v1/chats", t.substring(0, t.length() - 10), null, null, 401),
        new Case("a token with its signature of another", "GET", "/api/v1/chats",
            t.substring(0, t.lastIndexOf('.') + 1) + bob.token().substring(bob.token().lastIndexOf('.') + 1),
            null, null, 401),
        new Case("body not JSON", "POST", "/api/v1/chats", t, "application/json", "{\"type\":", 400),
        new Case("body a JSON array", "POST", "/api/v1/chats", t, "application/json", "[]", 400),
        new Case("body a JSON string", "POST", "/api/v1/chats", t, "application/json", "\"direct\"", 400),
        new Case("body empty", "POST", "/api/v1/chats", t, "application/json", "", 400),
        new Case("chat type unknown", "POST", "/api/v1/chats", t, "application/json",
            "{\"type\":\"channel\",\"members\":[]}", 400),
        new Case("members not a list", "POST", "/api/v1/chats", t, "application/json",
            "{\"type\":\"group\",\"name\":\"g\",\"members\":\"everyone\"}", 400),
        new Case("members of ids that are not ids", "POST", "/api/v1/chats", t, "application/json",
            "{\"type\":\"group\",\"name\":\"g\",\"members\":[\"../../etc\"]}", 400),
        new Case("group name of 10,000 characters", "POST", "/api/v1/chats", t, "application/json",
            new JsonObject().put("type", "group").put("name", "n".repeat(10_000)).put("members", new JsonArray())
                .encode(), 400),
        new Case("deeply nested body", "POST", "/api/v1/chats", t, "application/json",
            "[".repeat(20_000) + "]".repeat(20_000), 400),
        new Case("a body over the limit", "POST", "/api/v1/chats", t, "application/json",
            "{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}", 413),
        new Case("message text empty", "POST", "/api/v1/chats/" + chat + "/messages", t, "application/json",
            new JsonObject().put("clientId", "c1").put("kind", "text").put("text", "").encode(), 400),
        new Case("message text over 4,096 code points", "POST", "/api/v1/chats/" + chat + "/messages", t,
            "application/json", new JsonObject().put("clientId", "c2").put("kind", "text")
                .put("text", "x".repeat(4097)).encode(), 400),
        new Case("message kind unknown", "POST", "/api/v1/chats/" + chat + "/messages", t, "application/json",
            new JsonObject().put("clientId", "c3").put("kind", "video").put("text", "x").encode(), 400),
        new Case("clientId a number", "POST", "/api/v1/chats/" + chat + "/messages", t, "application/json",
            "{\"clientId\":42,\"kind\":\"text\",\"text\":\"x\"}", 400),
        new Case("mentions of a stranger", "POST", "/api/v1/chats/" + chat + "/messages", t, "application/json",
            new JsonObject().put("clientId", "c4").put("kind", "text").put("text", "x")
                .put("mentions", new JsonArray().add(UUID.randomUUID().toString())).encode(), 400),
        new Case("a chat id that is not an id", "GET", "/api/v1/chats/%2e%2e%2f/events", t, null, null, 404),
        new Case("history of a chat that is not yours", "GET", "/api/v1/chats/" + UUID.randomUUID() + "/events",
            t, null, null, 404),
        new Case("history limit not a number", "GET", "/api/v1/chats/" + chat + "/events?limit=lots", t, null,
            null, 400),
        new Case("history limit over 1,000", "GET", "/api/v1/chats/" + chat + "/events?limit=100000", t, null,
            null, 400),
        new Case("history after negative", "GET", "/api/v1/chats/" + chat + "/events?after=-5", t, null, null, 400),
        new Case("search limit absurd", "GET", "/api/v1/users?q=a&limit=99999999999999999999", t, null, null, 400),
        new Case("off duty until not a time", "POST", "/api/v1/me/off-duty", t, "application/json",
            "{\"until\":\"tomorrow\"}", 400),
        new Case("off duty until 31 days ahead", "POST", "/api/v1/me/off-duty", t, "application/json",
            new JsonObject().put("until", java.time.Instant.now().plus(java.time.Duration.ofDays(31)).toString())
                .encode(), 400),
        new Case("schedule in an unknown time zone", "PUT", "/api/v1/me/schedule", t, "application/json",
            "{\"timezone\":\"Mars/Olympus\",\"workingHours\":[]}", 400),
        new Case("an unknown route", "GET", "/api/v1/nothing-here", t, null, null, 404),
        new Case("a method the route has not", "DELETE", "/api/v1/me", t, null, null, 404),
        new Case("an export of a stranger's export", "GET", "/api/v1/me/exports/" + UUID.randomUUID(), t, null,
            null, 404)));
    run(api, cases);
    assertEquals(201, api.post("/api/v1/chats/" + chat + "/messages", t, new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", "still here")).status(),
        "a normal send still works after all of it");
  }

  private static Case json(String name, String method, String path, Session who, JsonObject body, int status) {
    return new Case(name, method, path, who.token(), body == null ? null : "application/json",
        body == null ? null : body.encode(), status);
  }

  /** Sends every case; collects every mismatch (so one run names them all), then checks the system's health. */
  static void run(TestApi api, List<Case> cases) throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Case c : cases) {
      Answer answer = api.call(c.method(), c.path(), c.token(), c.contentType(), c.body());
      if (answer.status() != c.status()) {
        wrong.add(c.name() + ": " + c.method() + " " + shorten(c.path()) + " answered " + answer.status()
            + " not " + c.status() + " " + shorten(answer.body()));
        continue;
      }
      String body = answer.body() == null ? "" : answer.body();
      if (answer.status() >= 400 && !body.isEmpty()) {
        JsonObject error = new JsonObject(body).getJsonObject("error");
        if (error == null || error.getString("code") == null || error.getString("message") == null) {
          wrong.add(c.name() + ": not the error shape: " + shorten(body));
        }
        if (body.contains("Exception") || body.contains("\tat ")) {
          wrong.add(c.name() + ": a stack trace reached the client: " + shorten(body));
        }
      }
    }
    assertEquals(List.of(), wrong, cases.size() + " cases, these mishandled");
    Answer health = api.get("/health", null);
    assertEquals(200, health.status(), health.body());
    assertFalse(health.body().contains("\"down\""), health.body());
    assertTrue(cases.size() > 0);
  }

  private static String shorten(String text) {
    return text == null ? "" : text.length() > 160 ? text.substring(0, 160) + "…" : text;
  }
}
