package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.db.PgPools;
import chatpro.messaging.compliance.ExportRepository;
import chatpro.messaging.compliance.ExportSweeper;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Investigation exports end to end on two gateway nodes: what a zip holds for a person (their membership periods
 * only, a leave and a rejoin included) and for a chat within a range, its manifest's hashes, who may see and
 * download it (its maker alone, by current roles), and its deletion 7 days after it is ready.
 */
@ExtendWith(ChatproExtension.class)
class ExportsIT {

  /** A person's chats: a direct chat, and a group they joined, left and rejoined; another chat and another org. */
  @Test
  void aPersonsExportHoldsExactlyTheirMembershipPeriodsAndTheirMedia() throws Exception {
    TestApi api = ChatproExtension.api(1);
    TestApi other = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session officer = officer(org, "olga");
    Session ann = org.member("ann");
    Session bob = org.member("bob");
    Session cat = org.member("cat");

    String direct = chat(api, ann, TestApi.directChat(bob.userId()));
    send(api, ann, direct, "hello bob");
    String annPicture = MediaIT.uploaded(api, ann, "image", "image/jpeg", "plain.jpg");
    sendMedia(api, ann, direct, annPicture);
    send(api, bob, direct, "hi ann");

    String group = chat(api, bob, new JsonObject().put("type", "group").put("name", "Night shift")
        .put("members", new JsonArray().add(cat.userId())));
    send(api, bob, group, "before ann joined");
    String before = MediaIT.uploaded(api, bob, "image", "image/png", "text-chunk.png");
    sendMedia(api, bob, group, before);
    addMember(api, bob, group, ann);
    send(api, cat, group, "welcome ann");
    send(api, ann, group, "thanks, leaving soon");
    assertEquals(204, api.call("DELETE", "/api/v1/chats/" + group + "/members/" + ann.userId(), ann.token(), null)
        .status());
    send(api, bob, group, "while ann was away");
    addMember(api, bob, group, ann);
    send(api, bob, group, "ann is back");
    String after = MediaIT.uploaded(api, bob, "image", "image/webp", "lossy.webp");
    sendMedia(api, bob, group, after);

    String elsewhere = chat(api, bob, TestApi.directChat(cat.userId()));
    send(api, bob, elsewhere, "not ann's business");
    Org foreign = other.newOrg();
    Session stranger = foreign.member("ann");
    Session friend = foreign.member("zed");
    send(other, stranger, chat(other, stranger, TestApi.directChat(friend.userId())), "another org");

    String id = create(api, officer, new JsonObject().put("scope", "user").put("targetId", ann.userId())
        .put("reason", "grievance 2026-41"));
    List<Integer> progress = new ArrayList<>();
    JsonObject status = ready(other, officer, id, progress);
    assertEquals(100, progress.get(progress.size() - 1), "progress ends at 100: " + progress);
    for (int i = 1; i < progress.size(); i++) {
      assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back: " + progress);
    }

    HttpResponse<byte[]> download = MediaIT.get(other, "/api/v1/exports/" + id + "/download", officer.token(), null);
    assertEquals(200, download.statusCode());
    assertEquals("application/zip", download.headers().firstValue("Content-Type").orElse(""));
    assertTrue(download.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
    byte[] zip = download.body();
    assertEquals(status.getLong("size"), (long) zip.length, "the status tells the zip's size");
    assertEquals(status.getString("sha256"), sha256(zip), "and its SHA-256");
    Map<String, byte[]> files = unzip(zip);
    JsonObject manifest = manifestChecked(files);
    assertEquals("user", manifest.getString("scope"));
    assertEquals(ann.userId(), manifest.getJsonObject("target").getString("id"));
    assertEquals("grievance 2026-41", manifest.getString("reason"));
    assertEquals(officer.userId(), manifest.getString("createdBy"));

    List<JsonObject> events = lines(files.get("events.jsonl"));
    List<JsonObject> expected = new ArrayList<>(history(api, bob, direct, seq -> true));
    List<JsonObject> groupEvents = history(api, bob, group, seq -> true);
    long[] periods = annPeriods(groupEvents, ann.userId());
    expected.addAll(history(api, bob, group, seq -> (seq >= periods[0] && seq <= periods[1]) || seq >= periods[2])
        .stream().toList());
    expected.sort((a, b) -> a.getString("chatId").equals(b.getString("chatId"))
        ? Long.compare(a.getLong("seq"), b.getLong("seq")) : a.getString("chatId").compareTo(b.getString("chatId")));
    assertEquals(expected, events, "exactly the events of ann's memberships, in chat then seq order");
    assertFalse(events.stream().anyMatch(e -> "while ann was away".equals(e.getString("text"))
        || "before ann joined".equals(e.getString("text"))), "nothing from outside her periods");
    assertEquals(Set.of(direct, group), new TreeSet<>(events.stream().map(e -> e.getString("chatId")).toList()),
        "no other chat, no other org");

    assertEquals(new TreeSet<>(List.of("media/" + annPicture, "media/" + after)), mediaFiles(files),
        "the media her exported messages carry, and no other");
    assertArrayEquals(stored(api, ann, annPicture), files.get("media/" + annPicture));
    assertArrayEquals(stored(api, bob, after), files.get("media/" + after));

    JsonArray chats = new JsonArray(new String(files.get("chats.json"), StandardCharsets.UTF_8));
    assertEquals(2, chats.size());
    JsonObject groupChat = chats.stream().map(JsonObject.class::cast).filter(c -> c.getString("id").equals(group))
        .findFirst().orElseThrow();
    JsonArray annsPeriods = member(groupChat, ann.userId()).getJsonArray("periods");
    assertEquals(2, annsPeriods.size(), "a leave and a rejoin are two periods: " + annsPeriods);
    assertEquals(periods[0], annsPeriods.getJsonObject(0).getLong("fromSeq"));
    assertEquals(periods[1], annsPeriods.getJsonObject(0).getLong("toSeq"));
    assertEquals(periods[2], annsPeriods.getJsonObject(1).getLong("fromSeq"));
    assertEquals(1L, member(groupChat, bob.userId()).getJsonArray("periods").getJsonObject(0).getLong("fromSeq"));

    List<JsonObject> audited = auditOf(api, officer, id, 2);
    assertEquals(List.of("export.created", "export.downloaded"), audited.stream().map(e -> e.getString("action"))
        .toList(), "making and downloading are audited, once each");
    for (JsonObject entry : audited) {
      assertEquals(officer.userId(), entry.getString("actorId"));
      assertEquals(ann.userId(), entry.getJsonObject("details").getString("subjectId"));
      assertFalse(entry.encode().contains("grievance"), "the reason (free text) stays out of the chain");
    }
  }

  @Test
  void aChatExportWithinARangeHoldsOnlyThatRange() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session officer = officer(org, "oscar");
    Session dan = org.member("dan");
    Session eve = org.member("eve");
    String group = chat(api, dan, new JsonObject().put("type", "group").put("name", "Depot")
        .put("members", new JsonArray().add(eve.userId())));
    send(api, dan, group, "too early");
    Thread.sleep(30);
    send(api, eve, group, "first in range");
    send(api, dan, group, "in range");
    send(api, eve, group, "last in range");
    Thread.sleep(30);
    send(api, dan, group, "too late");
    List<JsonObject> all = history(api, dan, group, seq -> true);
    Instant from = Instant.parse(all.get(1).getString("at"));
    Instant to = Instant.parse(all.get(3).getString("at")).plusMillis(1);

    String id = create(api, officer, new JsonObject().put("scope", "chat").put("targetId", group)
        .put("from", from.toString()).put("to", to.toString()).put("reason", "safety incident"));
    ready(api, officer, id, new ArrayList<>());
    Map<String, byte[]> files = unzip(MediaIT.get(api, "/api/v1/exports/" + id + "/download", officer.token(), null)
        .body());
    JsonObject manifest = manifestChecked(files);
    assertEquals(from.toString(), manifest.getJsonObject("range").getString("from"));
    assertEquals(all.subList(1, 4), lines(files.get("events.jsonl")), "only the range");
    JsonArray chats = new JsonArray(new String(files.get("chats.json"), StandardCharsets.UTF_8));
    assertEquals(group, chats.getJsonObject(0).getString("id"));
    assertEquals(2, chats.getJsonObject(0).getJsonArray("members").size());
  }

  @Test
  void onlyItsMakerSeesOrDownloadsAnExportAndOnlyCompliance() throws Exception {
    TestApi api = ChatproExtension.api(1);
    TestApi other = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session maker = officer(org, "mia");
    Session colleague = officer(org, "noah");
    Session member = org.member("fin");
    Session admin = org.admin();
    String id = create(api, maker, new JsonObject().put("scope", "user").put("targetId", member.userId())
        .put("reason", "audit sample"));
    ready(api, maker, id, new ArrayList<>());
    Org foreign = other.newOrg();
    Session foreignOfficer = officer(foreign, "olaf");

    String[] paths = {"/api/v1/exports/" + id, "/api/v1/exports/" + id + "/download"};
    for (String path : paths) {
      assertEquals(404, other.get(path, colleague.token()).status(), "another officer of the org: " + path);
      assertEquals(404, other.get(path, foreignOfficer.token()).status(), "an officer of another org: " + path);
      assertEquals(403, api.get(path, admin.token()).status(), "an admin without the compliance role: " + path);
      assertEquals(403, api.get(path, member.token()).status(), "a member: " + path);
      assertEquals(200, other.get(path, maker.token()).status(), "its maker: " + path);
    }
    assertEquals(List.of("export.created", "export.downloaded"), auditOf(api, maker, id, 2).stream()
        .map(e -> e.getString("action")).toList(), "one download (the maker's), none for the refused ones");
    assertEquals(404, other.get("/api/v1/exports/" + UUID.randomUUID(), maker.token()).status());
    assertEquals(404, other.get("/api/v1/exports/not-an-id/download", maker.token()).status());
    assertEquals(List.of(id), ids(api.get("/api/v1/exports", maker.token())), "the maker lists their own");
    assertEquals(List.of(), ids(api.get("/api/v1/exports", colleague.token())), "nobody else's");
    assertEquals(List.of(), ids(other.get("/api/v1/exports", foreignOfficer.token())));
    assertEquals(403, api.get("/api/v1/exports", admin.token()).status());
    assertEquals(403, api.get("/api/v1/exports", member.token()).status());
    JsonObject ask = new JsonObject().put("scope", "user").put("targetId", member.userId()).put("reason", "x");
    assertEquals(403, api.post("/api/v1/exports", admin.token(), ask).status());
    assertEquals(403, api.post("/api/v1/exports", member.token(), ask).status());
    assertEquals(400, other.post("/api/v1/exports", foreignOfficer.token(), ask).status(),
        "a person of another org is not a target");

    Answer revoked = api.patch("/api/v1/users/" + colleague.userId(), admin.token(),
        new JsonObject().put("roles", new JsonArray().add("member")));
    assertEquals(200, revoked.status(), revoked.body());
    assertEquals(403, api.post("/api/v1/exports", colleague.token(), ask).status(),
        "current roles decide, not the token's");
    assertEquals(403, api.get("/api/v1/exports", colleague.token()).status());
  }

  @Test
  void malformedRequestsAreRefused() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session officer = officer(org, "pia");
    Session gus = org.member("gus");
    JsonObject ok = new JsonObject().put("scope", "user").put("targetId", gus.userId()).put("reason", "r");
    assertEquals(400, api.post("/api/v1/exports", officer.token(), ok.copy().put("scope", "org")).status());
    assertEquals(400, api.post("/api/v1/exports", officer.token(), ok.copy().put("reason", "")).status());
    assertEquals(400, api.post("/api/v1/exports", officer.token(), ok.copy().put("reason", "x".repeat(501))).status());
    JsonObject noReason = ok.copy();
    noReason.remove("reason");
    assertEquals(400, api.post("/api/v1/exports", officer.token(), noReason).status());
    assertEquals(400, api.post("/api/v1/exports", officer.token(), ok.copy().put("targetId", UUID.randomUUID()
        .toString())).status(), "an unknown person");
    assertEquals(400, api.post("/api/v1/exports", officer.token(), ok.copy().put("scope", "chat")
        .put("targetId", UUID.randomUUID().toString())).status(), "an unknown chat");
    assertEquals(400, api.post("/api/v1/exports", officer.token(), ok.copy().put("from", "yesterday")).status());
    assertEquals(400, api.post("/api/v1/exports", officer.token(), ok.copy().put("from", "2026-02-01T00:00:00Z")
        .put("to", "2026-01-01T00:00:00Z")).status(), "from after to");
    Answer accepted = api.post("/api/v1/exports", officer.token(), ok.copy().put("reason", "x".repeat(500))
        .put("from", "2026-01-01T00:00:00Z").put("to", "2026-01-01T00:00:00Z"));
    assertEquals(202, accepted.status(), accepted.body());
    assertEquals("pending", accepted.json().getString("status"));
  }

  @Test
  void anExportIsDeletedSevenDaysAfterItIsReady() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session officer = officer(org, "quinn");
    Session hal = org.member("hal");
    Session ida = org.member("ida");
    send(api, hal, chat(api, hal, TestApi.directChat(ida.userId())), "something to export");
    String id = create(api, officer, new JsonObject().put("scope", "user").put("targetId", hal.userId())
        .put("reason", "retention check"));
    JsonObject status = ready(api, officer, id, new ArrayList<>());
    Instant expires = Instant.parse(status.getString("expiresAt"));
    assertEquals(1, MediaIT.objects("exports/" + org.id() + "/").size(), "the file is in the store");

    LocalSystem system = ChatproExtension.system();
    Vertx vertx = system.vertx("messaging");
    Pool pool = PgPools.create(vertx, system.config("messaging").pg(), "messaging");
    try {
      await(sweeperAt(vertx, pool, expires.minusSeconds(1)).sweep());
      assertEquals(200, api.get("/api/v1/exports/" + id, officer.token()).status(), "kept until its 7 days end");
      await(sweeperAt(vertx, pool, expires).sweep());
    } finally {
      await(pool.close());
    }
    assertEquals(404, api.get("/api/v1/exports/" + id, officer.token()).status());
    assertEquals(404, api.get("/api/v1/exports/" + id + "/download", officer.token()).status());
    assertEquals(List.of(), ids(api.get("/api/v1/exports", officer.token())));
    assertEquals(List.of(), MediaIT.objects("exports/" + org.id() + "/"), "the file is gone from the store");
  }

  /** Interrupted jobs are failed, not resumed (docs/architecture.md): found by their heartbeat stopping. */
  @Test
  void aJobWhoseReplicaStoppedIsFailedWhenItsHeartbeatStops() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session officer = officer(org, "rita");
    Session jon = org.member("jon");
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();
    LocalSystem system = ChatproExtension.system();
    Vertx vertx = system.vertx("messaging");
    Pool pool = PgPools.create(vertx, system.config("messaging").pg(), "messaging");
    try {
      // The row a replica that died mid-job leaves behind: running, its heartbeat silent for two minutes.
      await(pool.preparedQuery("INSERT INTO exports (id, org_id, created_by, scope, target_id, reason, status,"
          + " progress, created_at, started_at, heartbeat_at) VALUES ($1, $2, $3, 'user', $4, 'r', 'running', 40,"
          + " $5, $5, $6)").execute(io.vertx.sqlclient.Tuple.of(id, UUID.fromString(org.id()),
          UUID.fromString(officer.userId()), UUID.fromString(jon.userId()),
          now.minusSeconds(180).atOffset(ZoneOffset.UTC), now.minusSeconds(120).atOffset(ZoneOffset.UTC))));
      assertEquals("pending", api.get("/api/v1/exports/" + id, officer.token()).json().getString("status"),
          "a running job reads pending");
      await(sweeperAt(vertx, pool, now).sweep());
    } finally {
      await(pool.close());
    }
    JsonObject status = api.get("/api/v1/exports/" + id, officer.token()).json();
    assertEquals("failed", status.getString("status"));
    assertNotNull(status.getString("expiresAt"), "a failed export goes after 7 days too");
    assertEquals(409, api.get("/api/v1/exports/" + id + "/download", officer.token()).status());
  }

  // ---- helpers

  /** The audit entries about this export, once there are {@code expected} of them (the chain is written within 5 s). */
  static List<JsonObject> auditOf(TestApi api, Session officer, String exportId, int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<JsonObject> found = List.of();
    while (System.nanoTime() < deadline) {
      Answer page = api.get("/api/v1/audit?limit=1000", officer.token());
      assertEquals(200, page.status(), page.body());
      found = page.json().getJsonArray("entries").stream().map(JsonObject.class::cast)
          .filter(e -> exportId.equals(e.getString("targetId"))).toList();
      if (found.size() >= expected) {
        break;
      }
      Thread.sleep(250);
    }
    assertEquals(expected, found.size(), "audit entries of export " + exportId + ": " + found);
    return found;
  }

  private static ExportSweeper sweeperAt(Vertx vertx, Pool pool, Instant now) {
    return new ExportSweeper(vertx, pool, new ExportRepository(), Clock.fixed(now, ZoneOffset.UTC));
  }

  /** A compliance officer of the org, signed in. */
  static Session officer(Org org, String username) throws Exception {
    org.create(new JsonObject().put("username", username).put("displayName", "Officer " + username)
        .put("roles", new JsonArray().add("compliance")));
    return org.api().login(org.slug(), username, "password of " + username);
  }

  static String create(TestApi api, Session officer, JsonObject body) throws Exception {
    Answer made = api.post("/api/v1/exports", officer.token(), body);
    assertEquals(202, made.status(), made.body());
    assertEquals("pending", made.json().getString("status"));
    return made.json().getString("id");
  }

  /** Polls until the export is ready, noting each progress seen; fails on a failed export or after 2 minutes. */
  static JsonObject ready(TestApi api, Session officer, String id, List<Integer> progress) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      Answer status = api.get("/api/v1/exports/" + id, officer.token());
      assertEquals(200, status.status(), status.body());
      JsonObject json = status.json();
      progress.add(json.getInteger("progress", 0));
      assertFalse("failed".equals(json.getString("status")), "the export failed: " + json);
      if ("ready".equals(json.getString("status"))) {
        assertEquals(100, json.getInteger("progress"));
        assertNotNull(json.getLong("size"));
        assertEquals(64, json.getString("sha256").length());
        return json;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("export " + id + " not ready within 2 minutes");
  }

  /** The manifest, after checking that it names every other file with its size and SHA-256, and no more. */
  static JsonObject manifestChecked(Map<String, byte[]> files) throws Exception {
    JsonObject manifest = new JsonObject(new String(files.get("manifest.json"), StandardCharsets.UTF_8));
    Set<String> listed = new TreeSet<>();
    for (Object o : manifest.getJsonArray("files")) {
      JsonObject f = (JsonObject) o;
      byte[] bytes = files.get(f.getString("name"));
      assertNotNull(bytes, "a listed file is in the zip: " + f);
      assertEquals(bytes.length, f.getLong("size"), f.getString("name"));
      assertEquals(sha256(bytes), f.getString("sha256"), f.getString("name"));
      listed.add(f.getString("name"));
    }
    Set<String> present = new TreeSet<>(files.keySet());
    present.remove("manifest.json");
    assertEquals(present, listed, "the manifest lists every other file");
    assertTrue(listed.containsAll(List.of("events.jsonl", "chats.json")));
    return manifest;
  }

  static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), in.readAllBytes());
      }
    }
    return files;
  }

  static List<JsonObject> lines(byte[] jsonl) {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        lines.add(new JsonObject(line));
      }
    }
    return lines;
  }

  private static Set<String> mediaFiles(Map<String, byte[]> files) {
    return new TreeSet<>(files.keySet().stream().filter(n -> n.startsWith("media/")).toList());
  }

  /** A chat's events as a member who was there all along sees them, filtered by seq. */
  private static List<JsonObject> history(TestApi api, Session who, String chat, LongPredicate seqs)
      throws Exception {
    Answer page = api.get("/api/v1/chats/" + chat + "/events?after=0&limit=1000", who.token());
    assertEquals(200, page.status(), page.body());
    return page.json().getJsonArray("events").stream().map(JsonObject.class::cast)
        .filter(e -> seqs.test(e.getLong("seq"))).toList();
  }

  /** Ann's first join, first leave and second join in the group's log. */
  private static long[] annPeriods(List<JsonObject> events, String ann) {
    List<Long> seqs = events.stream()
        .filter(e -> ann.equals(e.getString("userId")) && e.getString("type").startsWith("member."))
        .map(e -> e.getLong("seq")).toList();
    assertEquals(3, seqs.size(), "added, removed, added: " + seqs);
    return new long[] {seqs.get(0), seqs.get(1), seqs.get(2)};
  }

  private static JsonObject member(JsonObject chat, String userId) {
    return chat.getJsonArray("members").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("userId").equals(userId)).findFirst().orElseThrow();
  }

  static byte[] stored(TestApi api, Session who, String media) throws Exception {
    HttpResponse<byte[]> r = MediaIT.get(api, "/api/v1/media/" + media, who.token(), null);
    assertEquals(200, r.statusCode());
    return r.body();
  }

  private static List<String> ids(Answer list) {
    assertEquals(200, list.status(), list.body());
    return list.json().getJsonArray("exports").stream().map(e -> ((JsonObject) e).getString("id")).toList();
  }

  static String chat(TestApi api, Session who, JsonObject body) throws Exception {
    Answer made = api.post("/api/v1/chats", who.token(), body);
    assertTrue(made.status() == 201 || made.status() == 200, made.body());
    return made.json().getString("id");
  }

  static void send(TestApi api, Session who, String chat, String text) throws Exception {
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", text));
    assertEquals(201, sent.status(), sent.body());
  }

  private static void sendMedia(TestApi api, Session who, String chat, String media) throws Exception {
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", "image").put("mediaId", media));
    assertEquals(201, sent.status(), sent.body());
  }

  static void addMember(TestApi api, Session admin, String chat, Session who) throws Exception {
    Answer added = api.post("/api/v1/chats/" + chat + "/members", admin.token(),
        new JsonObject().put("userIds", new JsonArray().add(who.userId())));
    assertEquals(200, added.status(), added.body());
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
