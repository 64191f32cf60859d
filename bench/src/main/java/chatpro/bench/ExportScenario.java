package chatpro.bench;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * An investigation export ({@code --scenario export}) or a subject-access export ({@code --scenario sar}) of one
 * person with {@code --messages} messages carrying {@code --media-mb} MiB of media:
 * how long the job takes from the request to a ready zip, how fast its download is, and what the server's JVM holds
 * meanwhile (RSS of {@code --server-pid}, heap from {@code /metrics}). The org, its people and their chat are made
 * through the API; the messages and the media are seeded straight into the log and the bucket (the dev instance's
 * {@code infra.env} names them), because 100,000 sends and 1 GiB of inspected uploads would measure something else.
 * Seeded media are random bytes: the export copies bytes and never looks inside them. The subject-access flavour
 * uploads its media through the API instead (voice notes padded to {@code --media-object-mb} with an ID3 tag), so
 * they are stored encrypted and the export decrypts them as it would a person's real voice notes; the person asks
 * for their own copy and downloads it.
 */
final class ExportScenario {
  static final long POLL_MS = 500;
  static final long EXPORT_TIMEOUT_MS = Duration.ofMinutes(60).toMillis();

  static final String INSERT_MEDIA = "INSERT INTO media.objects (id, org_id, uploader_id, kind, mime, size, object_key)"
      + " SELECT id, $2, $3, 'image', 'image/jpeg', $4, 'media/' || $2 || '/' || id FROM unnest($1::uuid[]) AS t(id)";
  /** Every {@code step}-th message carries the next media object; the others are texts of about 100 characters. */
  static final String INSERT_EVENTS = "INSERT INTO messaging.events (chat_id, seq, org_id, type, at, actor_id,"
      + " message_id, body, media_id)"
      + " SELECT $1, $3 + g, $2, 'message', t.at, s.sender, m.id,"
      + "   jsonb_build_object('messageId', m.id, 'senderId', s.sender, 'sentAt',"
      + "     to_char(t.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
      + "     'kind', CASE WHEN md.id IS NULL THEN 'text' ELSE $11 END)"
      + "   || CASE WHEN md.id IS NULL THEN jsonb_build_object('text', 'message ' || g || ' of the seeded log, long"
      + " enough to look like a sentence people write')"
      + "      ELSE jsonb_build_object('media', jsonb_build_object('id', md.id, 'mime', $12::text, 'size', $8::bigint))"
      + "      END,"
      + "   md.id"
      + " FROM generate_series(1, $5) g"
      + " CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id) m"
      + " CROSS JOIN LATERAL (SELECT $4::timestamptz + g * interval '1 millisecond' AS at) t"
      + " CROSS JOIN LATERAL (SELECT CASE WHEN g % 2 = 0 THEN $6::uuid ELSE $7::uuid END AS sender) s"
      + " LEFT JOIN unnest($9::uuid[]) WITH ORDINALITY AS md(id, n) ON g = md.n * $10";
  static final String MOVE_LAST_SEQ = "UPDATE messaging.chats SET last_seq = last_seq + $2 WHERE id = $1";

  private final Harness h;
  private final Options o;

  ExportScenario(Harness h) {
    this.h = h;
    this.o = h.options;
  }

  JsonObject run() {
    h.provision(3);
    Session officer = h.people.get(0);
    Session ann = h.people.get(1);
    Session bob = h.people.get(2);
    String base = o.targets.get(0).url();
    h.deadline.await(h.http.json(HttpMethod.PATCH, base + "/api/v1/users/" + officer.userId,
        h.provisioner.adminToken(), new JsonObject().put("roles", new JsonArray().add("compliance")), 30_000),
        30_000, "making a compliance officer");
    String chat = h.deadline.await(h.provisioner.directChat(ann, bob), 30_000, "creating the chat");
    h.deadline.await(h.provisioner.restMessage(ann, chat, "first", "hello"), 30_000, "a first message");

    JsonObject results = new JsonObject().put("provisioningSeconds", Report.round1(h.provisioningSeconds));
    results.put("seed", seed(chat, ann, bob));

    Map<Long, ProcStats.Sample> before = h.serverSample();
    double postgresBefore = o.postgresPid < 0 ? -1 : h.proc.treeCpuSeconds(o.postgresPid);
    long heapBefore = heap();
    long start = System.nanoTime();
    boolean sar = o.scenario == Options.Scenario.SAR;
    Session asking = sar ? ann : officer;
    String routes = base + (sar ? "/api/v1/me/exports/" : "/api/v1/exports/");
    JsonObject made = h.deadline.await(sar
        ? h.http.json(HttpMethod.POST, base + "/api/v1/me/export", ann.accessToken, new JsonObject(), 30_000)
        : h.http.json(HttpMethod.POST, base + "/api/v1/exports", officer.accessToken,
            new JsonObject().put("scope", "user").put("targetId", ann.userId).put("reason", "benchmark"), 30_000),
        30_000, "asking for the export");
    String id = made.getString("id");
    long peakRss = rss(before);
    long peakHeap = heapBefore;
    JsonObject status;
    List<JsonObject> timeline = new ArrayList<>();
    while (true) {
      if ((System.nanoTime() - start) / 1_000_000 > EXPORT_TIMEOUT_MS) {
        throw new IllegalStateException("the export was not ready within an hour");
      }
      status = h.deadline.await(h.http.json(HttpMethod.GET, routes + id, asking.accessToken, null, 30_000), 30_000,
          "the export's status");
      Map<Long, ProcStats.Sample> now = h.serverSample();
      long rss = rss(now);
      long heap = heap();
      peakRss = Math.max(peakRss, rss);
      peakHeap = Math.max(peakHeap, heap);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (timeline.isEmpty() || seconds - timeline.get(timeline.size() - 1).getDouble("s") >= 5) {
        timeline.add(new JsonObject().put("s", Report.round1(seconds)).put("progress", status.getInteger("progress"))
            .put("rssMiB", rss >> 20).put("heapMiB", heap >> 20));
        Log.info(String.format("export %s: %d%% after %.0f s (RSS %d MiB, heap %d MiB)",
            status.getString("status"), status.getInteger("progress"), seconds, rss >> 20, heap >> 20));
      }
      if (!"pending".equals(status.getString("status"))) {
        break;
      }
      Deadline.sleep(POLL_MS);
    }
    double exportSeconds = (System.nanoTime() - start) / 1e9;
    Map<Long, ProcStats.Sample> after = h.serverSample();
    double postgresAfter = o.postgresPid < 0 ? -1 : h.proc.treeCpuSeconds(o.postgresPid);
    if (!"ready".equals(status.getString("status"))) {
      throw new IllegalStateException("the export failed: " + status.encode());
    }
    long mediaBytes = mediaBytes();
    JsonObject export = new JsonObject().put("seconds", Report.round1(exportSeconds))
        .put("zipBytes", status.getLong("size"))
        .put("messagesPerSecond", Report.round1(o.messages / exportSeconds))
        .put("mediaMiBPerSecond", Report.round1(mediaBytes / 1048576.0 / exportSeconds))
        .put("server", Report.serverUsage(before, after, 0, exportSeconds))
        .put("postgresCpuSeconds", o.postgresPid < 0 ? null : Report.round1(postgresAfter - postgresBefore))
        .put("serverRssBeforeMiB", rss(before) >> 20).put("serverRssPeakMiB", peakRss >> 20)
        .put("heapBeforeMiB", heapBefore >> 20).put("heapPeakMiB", peakHeap >> 20)
        .put("timeline", new JsonArray(timeline));
    results.put("export", export);
    results.put("download", download(routes + id + "/download", asking, status));
    Log.info("export: " + export.copy().put("timeline", timeline.size() + " samples").encode());
    return results;
  }

  private int mediaCount() {
    return o.mediaMb / o.mediaObjectMb;
  }

  private long mediaBytes() {
    return (long) mediaCount() * objectBytes();
  }

  /** The size of each media object: random bytes (export), or a voice note padded to it (sar). */
  private long objectBytes() {
    return (long) o.mediaObjectMb << 20;
  }

  /** Puts the media objects in the bucket and their rows in media, then the messages into the chat's log. */
  private JsonObject seed(String chat, Session ann, Session bob) {
    Map<String, String> env = nodeEnv(o.devData.resolve("infra.env"));
    String org = h.provisioner.orgId();
    int count = mediaCount();
    long objectBytes = objectBytes();
    long t0 = System.nanoTime();
    boolean sar = o.scenario == Options.Scenario.SAR;
    List<UUID> media = sar ? uploadVoiceNotes(ann, count) : putMedia(env, org, count, (int) objectBytes);
    double mediaSeconds = (System.nanoTime() - t0) / 1e9;
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(new PgConnectOptions().setHost(env.get("CHATPRO_PG_HOST"))
            .setPort(Integer.parseInt(env.get("CHATPRO_PG_PORT"))).setDatabase(env.get("CHATPRO_PG_DATABASE"))
            .setUser(env.get("CHATPRO_PG_USER")).setPassword(env.getOrDefault("CHATPRO_PG_PASSWORD", "")))
        .using(h.vertx).build();
    long t1 = System.nanoTime();
    try {
      UUID orgId = UUID.fromString(org);
      UUID chatId = UUID.fromString(chat);
      if (!sar) {
        h.deadline.await(pool.preparedQuery(INSERT_MEDIA).execute(Tuple.of(media.toArray(UUID[]::new), orgId,
            UUID.fromString(ann.userId), objectBytes)), 120_000, "seeding media rows");
      }
      long last = h.deadline.await(pool.preparedQuery("SELECT last_seq FROM messaging.chats WHERE id = $1")
          .execute(Tuple.of(chatId)), 30_000, "the chat's last seq").iterator().next().getLong(0);
      int step = count == 0 ? Integer.MAX_VALUE : Math.max(1, o.messages / count);
      OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
      Tuple args = Tuple.tuple().addValue(chatId).addValue(orgId).addValue(last).addValue(from)
          .addValue(o.messages).addValue(UUID.fromString(ann.userId)).addValue(UUID.fromString(bob.userId))
          .addValue(objectBytes).addValue(media.toArray(UUID[]::new)).addValue(step)
          .addValue(sar ? "voice" : "image").addValue(sar ? "audio/mpeg" : "image/jpeg");
      h.deadline.await(pool.withTransaction(conn -> conn.preparedQuery(INSERT_EVENTS).execute(args)
          .compose(v -> conn.preparedQuery(MOVE_LAST_SEQ).execute(Tuple.of(chatId, o.messages)))),
          600_000, "seeding messages");
    } finally {
      pool.close();
    }
    double eventSeconds = (System.nanoTime() - t1) / 1e9;
    Log.info(String.format("seeded %d media objects (%d MiB) in %.1f s and %d messages in %.1f s", count,
        count * (long) o.mediaObjectMb, mediaSeconds, o.messages, eventSeconds));
    return new JsonObject().put("messages", o.messages).put("mediaObjects", count)
        .put("mediaMiB", count * (long) o.mediaObjectMb).put("mediaSeconds", Report.round1(mediaSeconds))
        .put("messagesSeconds", Report.round1(eventSeconds));
  }

  /**
   * Uploads the person's voice notes through the API, as a phone would (inspected, encrypted with their key):
   * the voice.mp3 fixture behind an ID3 tag of random bytes, each one different.
   */
  private List<UUID> uploadVoiceNotes(Session ann, int count) {
    HttpClient client = HttpClient.newHttpClient();
    List<UUID> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] voice = voice(o.mediaObjectMb);
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(o.targets.get(0).url()
                + "/api/v1/media?kind=voice")).header("Authorization", "Bearer " + ann.accessToken)
            .header("Content-Type", "audio/mpeg").timeout(Duration.ofMinutes(2))
            .POST(HttpRequest.BodyPublishers.ofByteArray(voice)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
          throw new IllegalStateException("upload " + i + " answered " + r.statusCode() + ": " + r.body());
        }
        ids.add(UUID.fromString(new JsonObject(r.body()).getString("id")));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("upload " + i + " failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return ids;
  }

  /** A valid MP3 of about {@code mib} MiB: the fixture with an ID3v2 tag of random bytes in front. */
  static byte[] voice(int mib) {
    byte[] mp3;
    try (InputStream in = ExportScenario.class.getResourceAsStream("/voice.mp3")) {
      mp3 = in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the voice fixture is missing", e);
    }
    int oldTag = 10 + ((mp3[6] & 0x7F) << 21 | (mp3[7] & 0x7F) << 14 | (mp3[8] & 0x7F) << 7 | (mp3[9] & 0x7F));
    int tag = (mib << 20) - (mp3.length - oldTag) - 10;
    byte[] out = new byte[10 + tag + mp3.length - oldTag];
    byte[] header = {'I', 'D', '3', 4, 0, 0, (byte) (tag >> 21 & 0x7F), (byte) (tag >> 14 & 0x7F),
        (byte) (tag >> 7 & 0x7F), (byte) (tag & 0x7F)};
    System.arraycopy(header, 0, out, 0, 10);
    byte[] filler = new byte[tag];
    new Random().nextBytes(filler);
    System.arraycopy(filler, 0, out, 10, tag);
    System.arraycopy(mp3, oldTag, out, 10 + tag, mp3.length - oldTag);
    return out;
  }

  private static List<UUID> putMedia(Map<String, String> env, String org, int count, int bytes) {
    MinioClient client = MinioClient.builder().endpoint(env.get("CHATPRO_S3_ENDPOINT"))
        .credentials(env.get("CHATPRO_S3_ACCESS_KEY"), env.get("CHATPRO_S3_SECRET_KEY"))
        .region(env.getOrDefault("CHATPRO_S3_REGION", "us-east-1")).build();
    String bucket = env.getOrDefault("CHATPRO_S3_BUCKET", "chatpro-media");
    byte[] content = new byte[bytes];
    new Random(42).nextBytes(content);
    List<UUID> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      // Each object differs, so nothing along the way can de-duplicate them.
      System.arraycopy(id.toString().getBytes(), 0, content, 0, 36);
      try {
        client.putObject(PutObjectArgs.builder().bucket(bucket).object("media/" + org + "/" + id)
            .stream(new ByteArrayInputStream(content), bytes, -1).contentType("image/jpeg").build());
      } catch (Exception e) {
        throw new IllegalStateException("seeding media object " + i + " failed: " + e, e);
      }
      ids.add(id);
    }
    return ids;
  }

  /** Streams the zip to nothing, hashing it: its time, throughput, and whether size and SHA-256 match. */
  private JsonObject download(String url, Session officer, JsonObject status) {
    long start = System.nanoTime();
    try {
      HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .header("Authorization", "Bearer " + officer.accessToken).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      long size = 0;
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = r.body()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          digest.update(buffer, 0, n);
          size += n;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      String sha = HexFormat.of().formatHex(digest.digest());
      return new JsonObject().put("status", r.statusCode()).put("seconds", Report.round1(seconds))
          .put("bytes", size).put("MiBPerSecond", Report.round1(size / 1048576.0 / seconds))
          .put("matchesStatus", size == status.getLong("size") && sha.equals(status.getString("sha256")));
    } catch (Exception e) {
      throw new IllegalStateException("the download failed: " + e, e);
    }
  }

  private long rss(Map<Long, ProcStats.Sample> samples) {
    return samples.values().stream().mapToLong(ProcStats.Sample::rssBytes).sum();
  }

  /** The heap in use in the JVM behind the first target (the dev instance runs every service in one JVM). */
  private long heap() {
    Double used = h.metrics().values().stream().findFirst().map(m -> m.get(GatewayMetrics.HEAP)).orElse(null);
    return used == null ? 0 : used.longValue();
  }

  /** The {@code export KEY='value'} lines the dev instance writes. */
  static Map<String, String> nodeEnv(Path file) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (!line.startsWith("export ") || !line.contains("=")) {
          continue;
        }
        String rest = line.substring("export ".length());
        int eq = rest.indexOf('=');
        String value = rest.substring(eq + 1);
        if (value.startsWith("'") && value.endsWith("'")) {
          value = value.substring(1, value.length() - 1).replace("'\\''", "'");
        }
        env.put(rest.substring(0, eq), value);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return env;
  }
}
