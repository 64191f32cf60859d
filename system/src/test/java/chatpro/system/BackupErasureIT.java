package chatpro.system;

import static chatpro.system.TestDb.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import chatpro.common.config.ChatproConfig.PgConfig;
import chatpro.common.crypto.KeyRing;
import chatpro.common.crypto.MasterKey;
import chatpro.common.crypto.Sealed;
import chatpro.common.db.PgPools;
import chatpro.devstack.EmbeddedPg;
import chatpro.devstack.junit.DevStackExtension;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure reaches backups (docs/operations.md, "Keys"): a base backup taken before a person is erased, restored into
 * a server of its own, still holds their sealed messages; once its {@code keys} schema is the one kept after the
 * erasure (the older keys backups having aged out), their messages no longer open, while everyone else's do.
 */
@ExtendWith(ChatproExtension.class)
class BackupErasureIT {
  static final String MESSAGES = "SELECT actor_id, message_id, body FROM messaging.events WHERE chat_id = $1"
      + " AND type = 'message' ORDER BY seq";
  static final String PERSON_KEY = "SELECT keyset FROM keys.person_keys WHERE user_id = $1";
  static final String ORG_KEY = "SELECT keyset FROM keys.org_keys WHERE org_id = $1";
  static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts");

  @Test
  void aBackupFromBeforeAnErasureNoLongerOpensTheErasedPersonsMessages(@TempDir Path dir) throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String chat = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    send(api, ana, chat, "ana wrote this before she was erased");
    send(api, ben, chat, "ben's answer stays readable");

    Vertx vertx = ChatproExtension.system().vertx("messaging");
    PgConfig app = ChatproExtension.system().config("messaging").pg();
    Path restored = dir.resolve("restored");
    baseBackup(vertx, superuser(app.host(), app.port()), DevStackExtension.stack().dataDir()
        .resolve("postgres").resolve("data"), restored.resolve("data"));

    Answer erased = api.post("/api/v1/users/" + ana.userId() + "/erase", org.admin().token(),
        new JsonObject().put("reason", "asked to be forgotten"));
    assertEquals(204, erased.status(), erased.body());

    MasterKey master = MasterKey.load(ChatproExtension.system().config("messaging").masterKeyFile());
    UUID orgId = UUID.fromString(org.id());
    try (EmbeddedPg backup = restore(restored)) {
      Pool old = PgPools.create(vertx, superuser(backup.host(), backup.port()), "public");
      Pool live = PgPools.create(vertx, superuser(app.host(), app.port()), "public");
      try {
        List<Row> messages = rows(old, MESSAGES, UUID.fromString(chat));
        assertEquals(2, messages.size(), "the backup holds both messages, sealed");
        assertEquals(List.of("ana wrote this before she was erased", "ben's answer stays readable"),
            open(old, master, orgId, chat, messages), "with its own keys schema the backup still opens everything:"
                + " why that schema's backups must age out quickly");

        replaceKeys(old, live);

        List<String> opened = open(old, master, orgId, chat, messages);
        assertNull(opened.get(0), "ana's message no longer opens from the backup");
        assertEquals("ben's answer stays readable", opened.get(1));
      } finally {
        await(old.close());
        await(live.close());
      }
    }
  }

  /**
   * PostgreSQL's low-level base backup of a running server: files copied between {@code pg_backup_start} and
   * {@code pg_backup_stop} on one connection, the WAL of that time copied after, and the backup label written.
   */
  static void baseBackup(Vertx vertx, PgConfig superuser, Path data, Path copy) throws Exception {
    Pool pool = PgPools.create(vertx, superuser, "public");
    SqlConnection conn = await(pool.getConnection());
    try {
      await(conn.query("SELECT pg_backup_start('chatpro-test', true)").execute());
      copyTree(data, copy, p -> !p.startsWith(data.resolve("pg_wal")));
      Row stop = await(conn.query("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)").execute())
          .iterator().next();
      copyTree(data.resolve("pg_wal"), copy.resolve("pg_wal"), p -> true);
      Files.writeString(copy.resolve("backup_label"), stop.getString("labelfile"));
      // PostgreSQL starts only on a data folder its owner alone may enter
      Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } finally {
      await(conn.close());
      await(pool.close());
    }
  }

  private static void copyTree(Path from, Path to, java.util.function.Predicate<Path> wanted) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(from)) {
      all = walk.toList();
    }
    for (Path source : all) {
      if (!wanted.test(source) || NOT_COPIED.contains(source.getFileName().toString())) {
        continue;
      }
      Path target = to.resolve(from.relativize(source).toString());
      try {
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (NoSuchFileException e) {
        // removed while we copied (a temporary file); the WAL replay makes up for it
      }
    }
    if (Files.notExists(to)) {
      Files.createDirectories(to);
    }
  }

  /** A server on the restored files; when it does not start, its log says why. */
  private static EmbeddedPg restore(Path dir) throws IOException {
    try {
      return EmbeddedPg.start(dir);
    } catch (IOException e) {
      Path log = dir.resolve("postgres.log");
      throw new AssertionError("the restored backup did not start: "
          + (Files.exists(log) ? Files.readString(log) : e.getMessage()), e);
    }
  }

  /** The restore procedure docs/operations.md gives: the newest keys (after the erasure) replace the backup's. */
  private static void replaceKeys(Pool backup, Pool live) throws Exception {
    List<Row> people = rows(live, "SELECT user_id, org_id, keyset, destroyed_at FROM keys.person_keys");
    List<Row> orgs = rows(live, "SELECT org_id, keyset FROM keys.org_keys");
    await(backup.withTransaction(conn -> conn.query("TRUNCATE keys.person_keys, keys.org_keys").execute()
        .compose(v -> conn.preparedQuery("INSERT INTO keys.org_keys (org_id, keyset) VALUES ($1, $2)")
            .executeBatch(orgs.stream().map(r -> Tuple.of(r.getUUID("org_id"), r.getString("keyset"))).toList()))
        .compose(v -> conn.preparedQuery("INSERT INTO keys.person_keys (user_id, org_id, keyset, destroyed_at)"
                + " VALUES ($1, $2, $3, $4)")
            .executeBatch(people.stream().map(r -> Tuple.of(r.getUUID("user_id"), r.getUUID("org_id"),
                r.getString("keyset"), r.getOffsetDateTime("destroyed_at"))).toList()))));
  }

  /** Each message's text opened with the keys in that database, or null where its author's key is gone. */
  private static List<String> open(Pool db, MasterKey master, UUID org, String chat, List<Row> messages)
      throws Exception {
    Aead orgKey = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(rows(db, ORG_KEY, org).get(0).getString("keyset"),
        master.aead(), KeyRing.orgContext(org)).getPrimitive(RegistryConfiguration.get(), Aead.class);
    List<String> texts = new ArrayList<>();
    for (Row m : messages) {
      UUID author = m.getUUID("actor_id");
      String keyset = rows(db, PERSON_KEY, author).get(0).getString("keyset");
      if (keyset == null) {
        texts.add(null);
        continue;
      }
      Aead key = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(keyset, orgKey, KeyRing.personContext(org, author))
          .getPrimitive(RegistryConfiguration.get(), Aead.class);
      JsonObject sealed = m.getJsonObject("body").getJsonObject("sealed");
      assertNotNull(sealed, "stored sealed: " + m.getJsonObject("body"));
      texts.add(Sealed.open(key, sealed.getString("data"),
          "chatpro.text:" + org + ":" + chat + ":" + m.getUUID("message_id")));
    }
    return texts;
  }

  private static PgConfig superuser(String host, int port) {
    return new PgConfig(host, port, "chatpro", "postgres", "postgres", 1);
  }

  private static List<Row> rows(Pool pool, String sql, Object... args) throws Exception {
    List<Row> out = new ArrayList<>();
    await(pool.preparedQuery(sql).execute(Tuple.wrap(new ArrayList<>(List.of(args))))).forEach(out::add);
    return out;
  }

  private static void send(TestApi api, Session who, String chat, String text) throws Exception {
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", text));
    assertEquals(201, sent.status(), sent.body());
  }
}
