package chatpro.system;

import static chatpro.system.ExportsIT.addMember;
import static chatpro.system.ExportsIT.chat;
import static chatpro.system.ExportsIT.send;
import static chatpro.system.ExportsIT.stored;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.devstack.junit.DevStackExtension;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Subject-access exports (protocol.md "Subject access") end to end on two gateway nodes: a person's own copy holds
 * exactly their data (their profile, sign-ins, schedule, the record about them, each conversation for the time they
 * were in it, the media they sent and no one else's; nothing of other chats or orgs), it is theirs alone, a
 * compliance officer may make one for anyone of their org (audited), and erasure deletes every copy about the person.
 */
@ExtendWith(ChatproExtension.class)
class SubjectAccessIT {

  @Test
  void aPersonsOwnCopyHoldsExactlyTheirData() throws Exception {
    TestApi api = ChatproExtension.api(1);
    TestApi other = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ann = org.member("ann");
    Session bob = org.member("bob");
    Session cat = org.member("cat");
    String marker = "sar-marker-" + UUID.randomUUID();

    String direct = chat(api, ann, TestApi.directChat(bob.userId()));
    send(api, ann, direct, marker + " <b>not markup</b>");
    String annPicture = MediaIT.uploaded(api, ann, "image", "image/jpeg", "plain.jpg");
    sendMedia(api, ann, direct, "image", annPicture);
    String annVoice = MediaIT.uploaded(api, ann, "voice", "audio/ogg", "voice.ogg");
    sendMedia(api, ann, direct, "voice", annVoice);
    String bobPicture = MediaIT.uploaded(api, bob, "image", "image/png", "text-chunk.png");
    sendMedia(api, bob, direct, "image", bobPicture);

    String group = chat(api, bob, new JsonObject().put("type", "group").put("name", "Night shift")
        .put("members", new JsonArray().add(cat.userId())));
    send(api, bob, group, "before ann joined");
    addMember(api, bob, group, ann);
    send(api, cat, group, "welcome ann");
    assertEquals(204, api.call("DELETE", "/api/v1/chats/" + group + "/members/" + ann.userId(), ann.token(), null)
        .status());
    send(api, bob, group, "while ann was away");
    send(api, bob, chat(api, bob, TestApi.directChat(cat.userId())), "not ann's business");
    Org foreign = other.newOrg();
    Session stranger = foreign.member("ann");
    send(other, stranger, chat(other, stranger, TestApi.directChat(foreign.member("zed").userId())),
        "another org's words");

    JsonObject schedule = new JsonObject().put("timezone", "Europe/Berlin")
        .put("workingHours", new JsonArray().add(new JsonObject().put("day", "TUE").put("start", "07:00")
            .put("end", "15:30")));
    assertEquals(200, api.put("/api/v1/me/schedule", ann.token(), schedule).status());
    assertEquals(200, api.patch("/api/v1/users/" + ann.userId(), org.admin().token(),
        new JsonObject().put("title", "Night nurse")).status());
    // the chain is appended within 5 seconds of an action (protocol.md): the copy holds what is in it when made
    auditAbout(api, org.admin(), ann.userId(), "user.updated");

    Answer asked = api.post("/api/v1/me/export", ann.token(), new JsonObject());
    assertEquals(202, asked.status(), asked.body());
    assertEquals("pending", asked.json().getString("status"));
    String id = asked.json().getString("id");
    JsonObject status = ready(other, ann, id);
    assertEquals("sar", status.getString("scope"));
    assertEquals(ann.userId(), status.getString("targetId"));
    assertNotNull(status.getString("expiresAt"), "kept for 7 days");
    assertEquals(List.of(id), ids(api.get("/api/v1/me/exports", ann.token())), "listed for the person");

    HttpResponse<byte[]> download = MediaIT.get(api, "/api/v1/me/exports/" + id + "/download", ann.token(), null);
    assertEquals(200, download.statusCode());
    assertEquals("application/zip", download.headers().firstValue("Content-Type").orElse(""));
    byte[] zip = download.body();
    assertEquals(status.getString("sha256"), ExportsIT.sha256(zip));
    Map<String, byte[]> files = ExportsIT.unzip(zip);
    JsonObject manifest = manifest(files);
    assertEquals(ann.userId(), manifest.getString("subject"));

    assertEquals(new TreeSet<>(List.of("index.html", "profile.json", "sessions.json", "schedule.json", "audit.json",
            "manifest.json", "chats/" + direct + ".json", "chats/" + direct + ".html", "chats/" + group + ".json",
            "chats/" + group + ".html", "media/" + annPicture, "media/" + annVoice)), new TreeSet<>(files.keySet()),
        "her conversations and only what she sent: not bob's picture, not bob and cat's chat");
    assertArrayEquals(stored(api, ann, annPicture),
        files.get("media/" + annPicture));

    JsonObject profile = json(files, "profile.json");
    assertEquals(ann.userId(), profile.getJsonObject("user").getString("id"));
    assertEquals("Night nurse", profile.getJsonObject("user").getString("title"));
    assertEquals(org.id(), profile.getJsonObject("organisation").getString("id"));
    assertTrue(profile.getJsonObject("settings").containsKey("messageRetentionDays"));
    JsonArray sessions = json(files, "sessions.json").getJsonArray("sessions");
    assertFalse(sessions.isEmpty(), "her sign-ins");
    assertNotNull(sessions.getJsonObject(0).getString("createdAt"));
    assertEquals("Java HTTP client", sessions.getJsonObject(0).getString("device"), "what she signed in with");
    JsonObject kept = json(files, "schedule.json").getJsonObject("schedule");
    assertEquals("Europe/Berlin", kept.getString("timezone"));
    assertEquals(schedule.getJsonArray("workingHours"), kept.getJsonArray("workingHours"), "her working hours");

    JsonArray audit = json(files, "audit.json").getJsonArray("entries");
    assertTrue(audit.stream().map(JsonObject.class::cast).anyMatch(e -> "user.updated".equals(e.getString("action"))
        && ann.userId().equals(e.getString("targetId"))), "the record about her: " + audit);
    assertTrue(audit.stream().map(JsonObject.class::cast).allMatch(e -> ann.userId().equals(e.getString("targetId"))
        || ann.userId().equals(e.getString("actorId"))), "and nothing else");

    JsonObject directJson = json(files, "chats/" + direct + ".json");
    assertEquals(history(api, ann, direct), directJson.getJsonArray("events").stream().map(JsonObject.class::cast)
        .toList(),
        "the direct chat exactly as she sees it");
    String groupText = new String(files.get("chats/" + group + ".json"), StandardCharsets.UTF_8);
    assertTrue(groupText.contains("welcome ann"), "her time in the group");
    assertFalse(groupText.contains("before ann joined"), "nothing from before she joined");
    assertFalse(groupText.contains("while ann was away"), "nothing from after she left");
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String text = new String(f.getValue(), StandardCharsets.ISO_8859_1);
      assertFalse(text.contains("another org's words") || text.contains("not ann's business"),
          "nothing of other chats or orgs in " + f.getKey());
    }

    String index = new String(files.get("index.html"), StandardCharsets.UTF_8);
    assertTrue(index.contains("href=\"chats/" + direct + ".html\""), "the index links her conversations");
    assertTrue(index.contains("Night shift"));
    assertTrue(index.contains("Europe/Berlin"), "times in her zone");
    String page = new String(files.get("chats/" + direct + ".html"), StandardCharsets.UTF_8);
    assertTrue(page.contains(marker + " &lt;b&gt;not markup&lt;/b&gt;"), "her words, escaped");
    assertTrue(page.contains("<img src=\"../media/" + annPicture + "\""), "her picture in place");
    assertTrue(page.contains("<audio controls preload=\"metadata\" src=\"../media/" + annVoice + "\""));
    assertFalse(page.contains("src=\"../media/" + bobPicture), "bob's picture is not in it");
    assertTrue(page.contains("Picture from Bob"), "but a placeholder says it was there: " + page);

    // hers alone
    assertEquals(404, other.get("/api/v1/me/exports/" + id, bob.token()).status());
    assertEquals(404, MediaIT.get(other, "/api/v1/me/exports/" + id + "/download", bob.token(), null).statusCode());
    assertEquals(404, other.get("/api/v1/me/exports/" + id, stranger.token()).status());
    assertEquals(List.of(), ids(api.get("/api/v1/me/exports", bob.token())));
    assertEquals(404, api.get("/api/v1/me/exports/not-an-id", ann.token()).status());
  }

  @Test
  void askingAgainWhileOneIsBeingMadeAnswersThatOne() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session dan = org.member("dan");
    String first = api.post("/api/v1/me/export", dan.token(), new JsonObject()).json().getString("id");
    String second = api.post("/api/v1/me/export", dan.token(), new JsonObject()).json().getString("id");
    if (!first.equals(second)) {
      assertEquals("ready", api.get("/api/v1/me/exports/" + first, dan.token()).json().getString("status"),
          "a second copy is made only once the first is done");
    }
    ready(api, dan, second);
  }

  @Test
  void aComplianceOfficerMakesOneForAnyoneOfTheirOrg() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session officer = ExportsIT.officer(org, "olga");
    Session eve = org.member("eve");
    Session fay = org.member("fay");
    send(api, eve, chat(api, eve, TestApi.directChat(fay.userId())), "eve's words");
    Session foreigner = ChatproExtension.api(2).newOrg().member("gus");

    assertEquals(403, api.post("/api/v1/users/" + eve.userId() + "/export", fay.token(), new JsonObject()).status(),
        "a member may not");
    assertEquals(403, api.post("/api/v1/users/" + eve.userId() + "/export", org.admin().token(), new JsonObject())
        .status(), "nor an admin without the compliance role");
    assertEquals(404, api.post("/api/v1/users/" + foreigner.userId() + "/export", officer.token(), new JsonObject())
        .status(), "someone of another org does not exist");
    Answer made = api.post("/api/v1/users/" + eve.userId() + "/export", officer.token(),
        new JsonObject().put("reason", "request by letter 2026-12-01"));
    assertEquals(202, made.status(), made.body());
    String id = made.json().getString("id");
    JsonObject status = ExportsIT.ready(api, officer, id, new ArrayList<>());
    assertEquals("sar", status.getString("scope"));
    assertTrue(ids(api.get("/api/v1/exports", officer.token())).contains(id), "in the officer's list");
    assertEquals(List.of(), ids(api.get("/api/v1/me/exports", eve.token())), "not in eve's own");

    HttpResponse<byte[]> download = MediaIT.get(api, "/api/v1/exports/" + id + "/download", officer.token(), null);
    assertEquals(200, download.statusCode());
    Map<String, byte[]> files = ExportsIT.unzip(download.body());
    assertEquals(eve.userId(), manifest(files).getString("subject"));
    assertTrue(new String(files.get("index.html"), StandardCharsets.UTF_8).contains("eve"));

    List<JsonObject> entries = auditAbout(api, officer, eve.userId(), "sar.created");
    assertEquals(officer.userId(), entries.get(0).getString("actorId"));
    assertEquals("compliance", entries.get(0).getJsonObject("details").getString("requestedBy"));
    assertFalse(entries.get(0).getJsonObject("details").encode().contains("letter"), "the reason stays out");
  }

  @Test
  void erasureDeletesEveryCopyAboutThePerson() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session officer = ExportsIT.officer(org, "oli");
    Session hal = org.member("hal");
    send(api, hal, chat(api, hal, TestApi.directChat(org.member("ivy").userId())), "hal's words");
    String own = api.post("/api/v1/me/export", hal.token(), new JsonObject()).json().getString("id");
    ready(api, hal, own);
    String theirs = api.post("/api/v1/users/" + hal.userId() + "/export", officer.token(), new JsonObject())
        .json().getString("id");
    ExportsIT.ready(api, officer, theirs, new ArrayList<>());
    assertEquals(List.of(own, theirs).size(), storedExportFiles(List.of(own, theirs)).size(),
        "both files are in the store");

    assertEquals(204, api.post("/api/v1/users/" + hal.userId() + "/erase", org.admin().token(),
        new JsonObject().put("reason", "left in 2019")).status());
    assertEquals(404, api.get("/api/v1/exports/" + theirs, officer.token()).status(), "the officer's copy is gone");
    assertEquals(List.of(), storedExportFiles(List.of(own, theirs)), "and both files with it");
    try (TestDb db = TestDb.of("messaging")) {
      assertEquals(0L, db.rows("SELECT count(*) FROM exports WHERE target_id = $1", UUID.fromString(hal.userId()))
          .get(0).getLong(0), "no row names them");
    }
  }

  // ---- helpers

  /** Polls the person's own export until it is ready; fails on a failed one or after 2 minutes. */
  static JsonObject ready(TestApi api, Session who, String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      Answer status = api.get("/api/v1/me/exports/" + id, who.token());
      assertEquals(200, status.status(), status.body());
      assertFalse("failed".equals(status.json().getString("status")), "the export failed: " + status.body());
      if ("ready".equals(status.json().getString("status"))) {
        assertEquals(100, status.json().getInteger("progress"));
        return status.json();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("export " + id + " not ready within 2 minutes");
  }

  /** The manifest, once every other file is checked against it. */
  private static JsonObject manifest(Map<String, byte[]> files) throws Exception {
    JsonObject manifest = json(files, "manifest.json");
    Set<String> listed = new TreeSet<>();
    for (Object o : manifest.getJsonArray("files")) {
      JsonObject f = (JsonObject) o;
      byte[] bytes = files.get(f.getString("name"));
      assertNotNull(bytes, f.encode());
      assertEquals(ExportsIT.sha256(bytes), f.getString("sha256"), f.getString("name"));
      listed.add(f.getString("name"));
    }
    Set<String> present = new TreeSet<>(files.keySet());
    present.remove("manifest.json");
    assertEquals(present, listed, "the manifest lists every other file");
    assertEquals("chatpro-subject-access-export/1", manifest.getString("format"));
    return manifest;
  }

  private static JsonObject json(Map<String, byte[]> files, String name) {
    assertNotNull(files.get(name), name);
    return new JsonObject(new String(files.get(name), StandardCharsets.UTF_8));
  }

  private static List<JsonObject> history(TestApi api, Session who, String chat) throws Exception {
    Answer page = api.get("/api/v1/chats/" + chat + "/events?after=0&limit=1000", who.token());
    assertEquals(200, page.status(), page.body());
    return page.json().getJsonArray("events").stream().map(JsonObject.class::cast).toList();
  }

  private static List<String> ids(Answer list) {
    assertEquals(200, list.status(), list.body());
    return list.json().getJsonArray("exports").stream().map(e -> ((JsonObject) e).getString("id")).toList();
  }

  /** The chain's entries with this action about the person, once there is one (admins and officers may read). */
  private static List<JsonObject> auditAbout(TestApi api, Session officer, String userId, String action)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<JsonObject> found = List.of();
    while (found.isEmpty() && System.nanoTime() < deadline) {
      Answer page = api.get("/api/v1/audit?limit=1000&action=" + action + "&targetId=" + userId, officer.token());
      assertEquals(200, page.status(), page.body());
      found = page.json().getJsonArray("entries").stream().map(JsonObject.class::cast).toList();
      Thread.sleep(found.isEmpty() ? 250 : 0);
    }
    assertFalse(found.isEmpty(), action + " about " + userId);
    return found;
  }

  private static void sendMedia(TestApi api, Session who, String chat, String kind, String media) throws Exception {
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", kind).put("mediaId", media));
    assertEquals(201, sent.status(), sent.body());
  }

  /** The files of the object store's folder that hold these exports. */
  private static List<Path> storedExportFiles(List<String> exportIds) throws Exception {
    Path root = DevStackExtension.stack().dataDir().resolve("s3");
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> exportIds.stream().anyMatch(id -> p.toString().contains(id))).toList();
    }
  }
}
