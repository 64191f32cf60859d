package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.audit.AuditEntry;
import chatpro.common.kafka.Topics;
import chatpro.devstack.DevStack;
import chatpro.devstack.junit.DevStackExtension;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log end to end on two gateway nodes: every audited action writes exactly one entry (and a failed one
 * none) within 5 seconds, with ids, counts and field names but nothing personal; the chain verifies, and tampering
 * in PostgreSQL as the schemas' owner is found at the entry where it happened; the services' own role cannot change
 * the chain; every head reaches Kafka; nobody but the org's admins and compliance officers reads it.
 */
@ExtendWith(ChatproExtension.class)
class AuditIT {
  static final Duration WITHIN = Duration.ofSeconds(5);

  @Test
  void everyAuditedActionWritesOneEntryWithNothingPersonalAndAFailedOneNone() throws Exception {
    TestApi api = ChatproExtension.api(1);
    TestApi other = ChatproExtension.api(2);
    Org org = api.newOrg();
    String admin = org.admin().token();
    String adminId = org.admin().userId();
    Log log = new Log(api, admin);
    JsonObject first = log.next("user.created");
    assertNull(first.getString("actorId"), "the operator creates the first admin");
    assertEquals(adminId, first.getString("targetId"));
    assertEquals(new JsonObject().put("roles", new JsonArray().add("admin")).put("password", true)
        .put("source", "org"), first.getJsonObject("details"));

    String secretName = "Zebulon Quartermaine " + UUID.randomUUID();
    String secretTitle = "Keeper of the " + UUID.randomUUID();
    JsonObject ana = org.create(new JsonObject().put("username", "ana").put("displayName", secretName)
        .put("title", secretTitle));
    String anaId = ana.getString("id");
    JsonObject created = log.next("user.created");
    assertEquals(adminId, created.getString("actorId"));
    assertEquals("user", created.getString("targetType"));
    assertEquals(anaId, created.getString("targetId"));
    assertEquals(new JsonObject().put("roles", new JsonArray().add("member")).put("password", true)
        .put("source", "admin"), created.getJsonObject("details"));

    // Failed actions: a taken username (409), a member creating people and changing someone else (403).
    assertEquals(409, api.post("/api/v1/users", admin, new JsonObject().put("username", "ana")
        .put("displayName", secretName).put("password", "password of ana")).status());
    Session anaSession = api.login(org.slug(), "ana", "password of ana");
    assertEquals(403, other.post("/api/v1/users", anaSession.token(), new JsonObject().put("username", "eve")
        .put("displayName", "Eve")).status());
    assertEquals(403, other.patch("/api/v1/users/" + adminId, anaSession.token(),
        new JsonObject().put("title", secretTitle)).status());
    assertEquals(403, other.patch("/api/v1/users/" + anaId, anaSession.token(),
        new JsonObject().put("roles", new JsonArray().add("admin"))).status());

    String newTitle = "Secret " + UUID.randomUUID();
    assertEquals(200, other.patch("/api/v1/users/" + anaId, admin, new JsonObject().put("title", newTitle)
        .put("department", "Ward " + UUID.randomUUID())).status());
    JsonObject updated = log.next("user.updated");
    assertEquals(new JsonObject().put("fields", new JsonArray().add("title").add("department")),
        updated.getJsonObject("details"), "only the names of the fields, and none of the failed attempts before");
    assertEquals(adminId, updated.getString("actorId"));

    assertEquals(200, api.patch("/api/v1/users/" + anaId, anaSession.token(),
        new JsonObject().put("displayName", secretName + " Jr")).status());
    JsonObject selfUpdate = log.next("user.updated");
    assertEquals(anaId, selfUpdate.getString("actorId"), "people changing themselves are the actor");

    assertEquals(200, api.patch("/api/v1/users/" + anaId, admin, new JsonObject()
        .put("roles", new JsonArray().add("member").add("compliance")).put("location", "Room " + UUID.randomUUID()))
        .status());
    JsonObject locationChanged = log.next("user.updated");
    assertEquals(new JsonObject().put("fields", new JsonArray().add("location")),
        locationChanged.getJsonObject("details"));
    JsonObject roles = log.next("user.roles_changed");
    assertEquals(new JsonObject().put("added", new JsonArray().add("compliance")).put("removed", new JsonArray())
        .put("roles", new JsonArray().add("member").add("compliance")), roles.getJsonObject("details"));
    assertEquals(200, api.patch("/api/v1/users/" + anaId, admin, new JsonObject().put("title", newTitle)).status());

    assertEquals(204, other.post("/api/v1/users/" + anaId + "/deactivate", admin, new JsonObject()).status());
    JsonObject deactivated = log.next("user.deactivated");
    assertEquals(anaId, deactivated.getString("targetId"), "and an unchanged patch before it recorded nothing");
    assertEquals(1, deactivated.getJsonObject("details").getInteger("sessionsEnded"));
    assertEquals(204, other.post("/api/v1/users/" + anaId + "/deactivate", admin, new JsonObject()).status());
    assertEquals(204, api.post("/api/v1/users/" + anaId + "/reactivate", admin, new JsonObject()).status());
    assertEquals(anaId, log.next("user.reactivated").getString("targetId"),
        "deactivating someone inactive is no change and records nothing");

    assertEquals(204, api.post("/api/v1/users/" + anaId + "/password", admin,
        new JsonObject().put("password", "a brand new password")).status());
    JsonObject reset = log.next("user.password_reset");
    assertEquals(anaId, reset.getString("targetId"));

    JsonObject ben = org.create(new JsonObject().put("username", "ben").put("displayName", "Ben " + secretName));
    String benId = ben.getString("id");
    log.next("user.created");
    Answer code = other.post("/api/v1/users/" + benId + "/sign-in-code", admin, new JsonObject());
    assertEquals(201, code.status(), code.body());
    JsonObject single = log.next("user.sign_in_code");
    assertEquals(benId, single.getString("targetId"));
    assertEquals(1, single.getJsonObject("details").getInteger("batch"));
    Answer cards = api.post("/api/v1/users/sign-in-codes", admin,
        new JsonObject().put("userIds", new JsonArray().add(anaId).add(benId)));
    assertEquals(201, cards.status(), cards.body());
    List<JsonObject> batch = log.next(2);
    assertEquals(List.of(anaId, benId), batch.stream().map(e -> e.getString("targetId")).toList(),
        "one entry per person of a batch");
    batch.forEach(e -> assertEquals("user.sign_in_code", e.getString("action")));

    String csv = "username,displayName,title,department,roles,password\n"
        + "cai,Cai " + secretName + "," + secretTitle + ",,,\ndev,Dev " + secretName + ",,,admin,\n";
    Answer imported = api.call("POST", "/api/v1/users/import", admin, "text/csv", csv);
    assertEquals(200, imported.status(), imported.body());
    List<JsonObject> rows = log.next(2);
    assertEquals(2, rows.stream().filter(e -> e.getString("action").equals("user.created")
        && e.getJsonObject("details").getString("source").equals("import")).count(), "one user.created per row");

    String orgName = "Secret Org " + UUID.randomUUID();
    assertEquals(200, other.patch("/api/v1/orgs/me", admin, new JsonObject().put("name", orgName)
        .put("settings", new JsonObject().put("hideLastSeen", true).put("sharedDeviceTimeoutMinutes", 10))).status());
    JsonObject settings = log.next("org.settings_changed");
    assertEquals(new JsonObject().put("fields", new JsonArray().add("name").add("hideLastSeen")),
        settings.getJsonObject("details"), "a setting given its current value is no change");
    assertEquals(org.id(), settings.getString("targetId"));

    String group = api.post("/api/v1/chats", admin, new JsonObject().put("type", "group").put("name", "Ward")
        .put("members", new JsonArray().add(anaId).add(benId))).json().getString("id");
    Answer urgent = other.post("/api/v1/chats/" + group + "/messages", admin, new JsonObject()
        .put("clientId", "u1").put("kind", "text").put("text", "the secret text " + secretName).put("urgent", true));
    assertEquals(201, urgent.status(), urgent.body());
    JsonObject sent = log.next("urgent.sent");
    assertEquals("message", sent.getString("targetType"));
    assertEquals(urgent.json().getString("messageId"), sent.getString("targetId"));
    assertEquals(new JsonObject().put("chatId", group).put("recipients", 2).put("offDuty", 0),
        sent.getJsonObject("details"));
    Answer retried = other.post("/api/v1/chats/" + group + "/messages", admin, new JsonObject()
        .put("clientId", "u1").put("kind", "text").put("text", "the secret text " + secretName).put("urgent", true));
    assertEquals(200, retried.status(), "a retry of the same send");

    // After the urgent message: the org's hours would put its people off duty outside them.
    JsonObject hours = new JsonObject().put("timezone", "Europe/London")
        .put("workingHours", new JsonArray().add(new JsonObject().put("day", "MON").put("start", "08:00")
            .put("end", "16:00")));
    assertEquals(200, api.put("/api/v1/orgs/me/schedule", admin, hours).status());
    JsonObject schedule = log.next("org.schedule_changed");
    assertEquals(new JsonObject().put("cleared", false).put("workingHours", 1).put("leave", 0),
        schedule.getJsonObject("details"));
    assertEquals(403, api.put("/api/v1/orgs/me/schedule", anaSession(api, org).token(), hours).status());

    log.assertNoMore();
    String everything = log.all().encode();
    for (String personal : List.of(secretName, secretTitle, newTitle, orgName, "password of", "a brand new password",
        "the secret text", "Ward ", "Room ")) {
      assertFalse(everything.contains(personal), "no personal value in the log: " + personal);
    }
    JsonObject verified = api.get("/api/v1/audit/verify", admin).json();
    assertEquals(new JsonObject().put("ok", true).put("entries", log.count()).put("head", log.head()), verified);
  }

  /** A member's session for a second attempt, signed in again after the password reset. */
  private static Session anaSession(TestApi api, Org org) throws Exception {
    return api.login(org.slug(), "ana", "a brand new password");
  }

  @Test
  void theChainVerifiesAndEachKindOfTamperingIsFoundWhereItHappened() throws Exception {
    TestApi api = ChatproExtension.api(2);

    Chain edited = chain(api, 8);
    owner("UPDATE audit.entries SET target_id = 'someone-else' WHERE org_id = ?::uuid AND seq = 3", edited.orgId);
    assertEquals(broken(3), edited.verify());

    Chain rehashed = chain(api, 8);
    owner("UPDATE audit.entries SET hash = repeat('a', 64) WHERE org_id = ?::uuid AND seq = 4", rehashed.orgId);
    assertEquals(broken(4), rehashed.verify());

    Chain deleted = chain(api, 8);
    owner("DELETE FROM audit.entries WHERE org_id = ?::uuid AND seq = 6", deleted.orgId);
    assertEquals(broken(6), deleted.verify(), "position 6 now holds seq 7");

    Chain swapped = chain(api, 8);
    owner("UPDATE audit.entries SET seq = CASE seq WHEN 5 THEN -6 ELSE -5 END WHERE org_id = ?::uuid"
        + " AND seq IN (5, 6)", swapped.orgId);
    owner("UPDATE audit.entries SET seq = -seq WHERE org_id = ?::uuid AND seq < 0", swapped.orgId);
    assertEquals(broken(5), swapped.verify());

    Chain inserted = chain(api, 8);
    forgeAt(inserted, 3);
    assertEquals(broken(4), inserted.verify(),
        "a forged entry that links to entry 2 is found at the entry it pushed along");

    Chain intact = chain(api, 3);
    JsonObject ok = intact.verify();
    assertEquals(new JsonObject().put("ok", true).put("entries", 3).put("head", intact.log.head()), ok);
    Answer job = api.post("/api/v1/audit/verifications", intact.admin, new JsonObject());
    assertEquals(202, job.status(), job.body());
    assertEquals("running", job.json().getString("status"));
    assertEquals(3, job.json().getInteger("total"));
    JsonObject done = awaitJob(api, intact.admin, job.json().getString("id"));
    assertEquals(100, done.getInteger("progress"));
    assertEquals(ok, done.getJsonObject("result"), "the job answers what the direct verification does");
    JsonObject brokenJob = awaitJob(api, inserted.admin,
        api.post("/api/v1/audit/verifications", inserted.admin, new JsonObject()).json().getString("id"));
    assertEquals(broken(4), brokenJob.getJsonObject("result"));
    assertEquals(3, brokenJob.getInteger("checked"));
  }

  @Test
  void theServicesRoleMayAddToTheChainButNeverChangeIt() throws Exception {
    DevStack stack = DevStackExtension.stack();
    Chain chain = chain(ChatproExtension.api(1), 2);
    try (Connection app = DriverManager.getConnection(stack.pgJdbcUrl(), stack.pgAppUser("messaging"),
        stack.pgAppUser("messaging"));
        Statement s = app.createStatement()) {
      for (String change : List.of("UPDATE audit.entries SET action = 'x' WHERE org_id = '" + chain.orgId + "'",
          "DELETE FROM audit.entries WHERE org_id = '" + chain.orgId + "'", "TRUNCATE audit.entries")) {
        SQLException refused = assertThrows(SQLException.class, () -> s.execute(change), change);
        assertEquals("42501", refused.getSQLState(), "permission denied: " + change);
      }
      try (ResultSet rs = s.executeQuery("SELECT has_table_privilege('audit.entries', 'INSERT'),"
          + " has_table_privilege('audit.entries', 'SELECT'), has_table_privilege('messaging.chats', 'UPDATE'),"
          + " has_table_privilege('messaging.audit_outbox', 'DELETE'), has_schema_privilege('audit', 'CREATE')")) {
        assertTrue(rs.next());
        assertTrue(rs.getBoolean(1), "the writer appends as the services' role");
        assertTrue(rs.getBoolean(2));
        assertTrue(rs.getBoolean(3), "its own tables stay writable");
        assertTrue(rs.getBoolean(4));
        assertFalse(rs.getBoolean(5), "and it changes no schema");
      }
    }
    assertEquals(new JsonObject().put("ok", true).put("entries", 2).put("head", chain.log.head()), chain.verify());
  }

  @Test
  void everyHeadReachesKafkaOnceInOrder() throws Exception {
    Chain chain = chain(ChatproExtension.api(1), 4);
    List<TestKafka.Record> heads = TestKafka.read(Topics.AUDIT, v -> chain.orgId.equals(v.getString("orgid")), 4);
    assertEquals(4, heads.size(), "exactly one record per entry");
    for (int i = 0; i < 4; i++) {
      TestKafka.Record head = heads.get(i);
      assertEquals(chain.orgId, head.key());
      assertEquals("chatpro.audit.appended", head.value().getString("type"));
      assertEquals(chain.orgId + ":" + (i + 1), head.value().getString("id"));
      assertEquals(chain.log.all().getJsonObject(i), head.value().getJsonObject("data"));
    }
  }

  @Test
  void onlyTheOrgsAdminsAndComplianceOfficersReadItsLog() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Chain mine = chain(api, 3);
    Chain theirs = chain(ChatproExtension.api(2), 2);
    JsonArray entries = api.get("/api/v1/audit", theirs.admin).json().getJsonArray("entries");
    assertEquals(2, entries.size(), "another org's entries never appear");
    for (String id : mine.targets()) {
      assertFalse(entries.encode().contains(id));
    }
    Org org = mine.org;
    Session member = org.member("mia");
    mine.log.next("user.created");
    for (String path : List.of("/api/v1/audit", "/api/v1/audit/verify")) {
      assertEquals(403, api.get(path, member.token()).status(), path);
    }
    assertEquals(403, api.post("/api/v1/audit/verifications", member.token(), new JsonObject()).status());
    String job = api.post("/api/v1/audit/verifications", mine.admin, new JsonObject()).json().getString("id");
    assertEquals(404, api.get("/api/v1/audit/verifications/" + job, theirs.admin).status());

    assertEquals(200, api.patch("/api/v1/users/" + member.userId(), mine.admin, new JsonObject()
        .put("roles", new JsonArray().add("compliance"))).status());
    mine.log.next("user.roles_changed");
    Answer asCompliance = api.get("/api/v1/audit", member.token());
    assertEquals(200, asCompliance.status(), "compliance officers read it, by their roles now");
    assertEquals(mine.log.count(), asCompliance.json().getJsonArray("entries").size());
    assertEquals(200, api.patch("/api/v1/users/" + member.userId(), mine.admin, new JsonObject()
        .put("roles", new JsonArray().add("member"))).status());
    assertEquals(403, api.get("/api/v1/audit", member.token()).status(), "a token's old roles do not count");
  }

  @Test
  void theLogPagesAndFilters() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Chain chain = chain(api, 6);
    String admin = chain.admin;
    assertEquals(List.of(3L, 4L), seqs(api.get("/api/v1/audit?after=2&limit=2", admin)));
    assertEquals(List.of(5L, 6L), seqs(api.get("/api/v1/audit?before=7&limit=2", admin)), "the newest two");
    assertEquals(List.of(2L, 3L, 4L, 5L, 6L),
        seqs(api.get("/api/v1/audit?action=user.created&actorId=" + chain.org.admin().userId(), admin)));
    assertEquals(List.of(1L), seqs(api.get("/api/v1/audit?targetId=" + chain.org.admin().userId(), admin)));
    String at = chain.log.all().getJsonObject(3).getString("at");
    assertEquals(List.of(), seqs(api.get("/api/v1/audit?from=2999-01-01T00:00:00Z", admin)));
    assertTrue(seqs(api.get("/api/v1/audit?to=" + at, admin)).stream().allMatch(seq -> seq < 4));
    assertTrue(seqs(api.get("/api/v1/audit?from=" + at, admin)).contains(4L));
    assertEquals(400, api.get("/api/v1/audit?limit=1001", admin).status());
    assertEquals(400, api.get("/api/v1/audit?after=x", admin).status());
    assertEquals(400, api.get("/api/v1/audit?actorId=nobody", admin).status());
    assertEquals(400, api.get("/api/v1/audit?from=yesterday", admin).status());
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static JsonObject broken(long seq) {
    return new JsonObject().put("ok", false).put("brokenAt", seq);
  }

  private static List<Long> seqs(Answer answer) {
    assertEquals(200, answer.status(), answer.body());
    return answer.json().getJsonArray("entries").stream().map(e -> ((JsonObject) e).getLong("seq")).toList();
  }

  /** A new org whose chain has {@code length} entries: its first admin, then people made without a password. */
  private static Chain chain(TestApi api, int length) throws Exception {
    Org org = api.newOrg();
    Log log = new Log(api, org.admin().token());
    log.next("user.created");
    for (int i = 1; i < length; i++) {
      Answer made = api.post("/api/v1/users", org.admin().token(), new JsonObject().put("username", "p" + i)
          .put("displayName", "Person " + i));
      assertEquals(201, made.status(), made.body());
      log.next("user.created");
    }
    return new Chain(org, org.id(), org.admin().token(), log, api);
  }

  /** An org's chain as its admin reads it. */
  record Chain(Org org, String orgId, String admin, Log log, TestApi api) {
    JsonObject verify() throws Exception {
      Answer answer = api.get("/api/v1/audit/verify", admin);
      assertEquals(200, answer.status(), answer.body());
      return answer.json();
    }

    List<String> targets() {
      List<String> ids = new ArrayList<>();
      log.all().forEach(e -> ids.add(((JsonObject) e).getString("targetId")));
      return ids;
    }
  }

  /**
   * What an attacker with the owner's password would do to slip an entry in: move the entries from {@code seq} on
   * one place up, and insert one there that links to the entry before it with a hash of its own that checks out.
   */
  private static void forgeAt(Chain chain, long seq) throws Exception {
    JsonObject before = chain.log.all().getJsonObject((int) seq - 2);
    Instant at = Instant.parse(before.getString("at")).plusMillis(1);
    String fakeTarget = UUID.randomUUID().toString();
    AuditEntry forged = AuditEntry.next(seq, before.getString("hash"), at, null, "user.created", "user",
        fakeTarget, new JsonObject());
    owner("UPDATE audit.entries SET seq = -seq WHERE org_id = ?::uuid AND seq >= " + seq, chain.orgId);
    owner("UPDATE audit.entries SET seq = -seq + 1 WHERE org_id = ?::uuid AND seq < 0", chain.orgId);
    try (Connection c = ownerConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO audit.entries"
        + " (org_id, seq, at, action, target_type, target_id, details, prev_hash, hash, source_id)"
        + " VALUES (?::uuid, ?, ?, 'user.created', 'user', ?, '{}'::jsonb, ?, ?, gen_random_uuid())")) {
      insert.setString(1, chain.orgId);
      insert.setLong(2, seq);
      insert.setTimestamp(3, Timestamp.from(at));
      insert.setString(4, fakeTarget);
      insert.setString(5, forged.prevHash());
      insert.setString(6, forged.hash());
      assertEquals(1, insert.executeUpdate());
    }
  }

  /** Runs a statement as the schemas' owner, the role a tampering operator or attacker would have. */
  private static void owner(String sql, String orgId) throws Exception {
    try (Connection c = ownerConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, orgId);
      assertTrue(s.executeUpdate() > 0, sql);
    }
  }

  private static Connection ownerConnection() throws Exception {
    DevStack stack = DevStackExtension.stack();
    return DriverManager.getConnection(stack.pgJdbcUrl(), stack.pgOwnerUser("messaging"),
        stack.pgOwnerUser("messaging"));
  }

  private static JsonObject awaitJob(TestApi api, String token, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Answer answer = api.get("/api/v1/audit/verifications/" + id, token);
      assertEquals(200, answer.status(), answer.body());
      if (!answer.json().getString("status").equals("running") || System.nanoTime() > deadline) {
        assertEquals("done", answer.json().getString("status"), answer.body());
        return answer.json();
      }
      Thread.sleep(50);
    }
  }

  /** An org's log as its admin reads it, followed entry by entry: each expected one must arrive within 5 s. */
  static final class Log {
    private final TestApi api;
    private final String token;
    private final JsonArray seen = new JsonArray();

    Log(TestApi api, String token) {
      this.api = api;
      this.token = token;
    }

    /** The next entry, which must be this action. */
    JsonObject next(String action) throws Exception {
      JsonObject entry = next(1).get(0);
      assertEquals(action, entry.getString("action"), entry.encode());
      return entry;
    }

    /** The next {@code n} entries, in the order the chain holds them, checked against the chain's rules. */
    List<JsonObject> next(int n) throws Exception {
      long deadline = System.nanoTime() + WITHIN.toNanos();
      while (true) {
        JsonArray page = api.get("/api/v1/audit?after=" + seen.size(), token).json().getJsonArray("entries");
        if (page.size() >= n) {
          List<JsonObject> added = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            JsonObject entry = page.getJsonObject(i);
            assertEquals(seen.size() + 1, entry.getLong("seq"));
            assertEquals(seen.isEmpty() ? AuditEntry.GENESIS : head(), entry.getString("prevHash"));
            assertEquals(AuditEntry.fromJson(entry).computeHash(), entry.getString("hash"),
                "the hash is reproducible from the entry alone");
            seen.add(entry);
            added.add(entry);
          }
          return added;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("expected " + n + " more entries within " + WITHIN + " after " + seen.size()
              + ", found " + page.encode());
        }
        Thread.sleep(25);
      }
    }

    /** Nothing more arrives (a second is well past the 5 s a record takes in practice to be a fraction of). */
    void assertNoMore() throws Exception {
      Thread.sleep(1500);
      JsonArray page = api.get("/api/v1/audit?after=" + seen.size(), token).json().getJsonArray("entries");
      assertEquals(new JsonArray(), page, "no further entries");
    }

    JsonArray all() {
      return seen;
    }

    long count() {
      return seen.size();
    }

    String head() {
      return seen.getJsonObject(seen.size() - 1).getString("hash");
    }
  }
}
