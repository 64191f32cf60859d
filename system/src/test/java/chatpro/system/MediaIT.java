package chatpro.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.config.ChatproConfig.S3Config;
import chatpro.media.access.LinkSigner;
import chatpro.media.lifecycle.Lifecycle;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pictures and voice notes end to end: upload, type and metadata, privacy, access, and the objects' lifecycle. */
@ExtendWith(ChatproExtension.class)
class MediaIT {
  private static final Path FIXTURES = Path.of("..", "media-service", "src", "test", "resources", "media");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyAcceptedFormatRoundTripsWithItsMetadata() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Session ana = api.newOrg().member("ana");
    String[][] cases = {
        {"image", "plain.jpg", "image/jpeg", "image/jpeg"},
        {"image", "text-chunk.png", "image/png", "image/png"},
        {"image", "lossy.webp", "image/webp", "image/webp"},
        {"voice", "voice.ogg", "audio/ogg; codecs=opus", "audio/ogg"},
        {"voice", "voice.webm", "audio/webm", "audio/webm"},
        {"voice", "voice.m4a", "audio/x-m4a", "audio/mp4"},
        {"voice", "voice.mp3", "application/octet-stream", "audio/mpeg"},
    };
    for (String[] c : cases) {
      Answer up = upload(api, ana.token(), c[0], c[2], fixture(c[1]));
      assertEquals(201, up.status(), c[1] + ": " + up.body());
      JsonObject media = up.json();
      assertEquals(c[3], media.getString("mime"), c[1]);
      assertEquals(c[0], media.getString("kind"), c[1]);
      if (c[0].equals("image")) {
        assertTrue(media.getInteger("width") > 0 && media.getInteger("height") > 0, c[1]);
      } else {
        long ms = media.getLong("durationMs");
        assertTrue(Math.abs(ms - 2000) <= 150, c[1] + " lasts about 2 s, was " + ms);
      }
      HttpResponse<byte[]> down = get(api, "/api/v1/media/" + media.getString("id"), ana.token(), null);
      assertEquals(200, down.statusCode(), c[1]);
      assertEquals(c[3], down.headers().firstValue("Content-Type").orElse(""), c[1]);
      assertEquals("nosniff", down.headers().firstValue("X-Content-Type-Options").orElse(""), c[1]);
      assertTrue(down.headers().firstValue("Content-Disposition").orElse("").startsWith("inline; filename="), c[1]);
      assertEquals(media.getLong("size"), down.body().length, c[1]);
    }
  }

  @Test
  void aPhotoLosesItsLocationAndShowsTheRightWayUp() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Session ana = api.newOrg().member("ana");
    byte[] original = fixture("photo-gps-orientation6.jpg");
    assertTrue(jpegSegments(original).contains(0xE1), "the fixture carries EXIF (with GPS)");
    Answer up = upload(api, ana.token(), "image", "image/jpeg", original);
    assertEquals(201, up.status(), up.body());
    assertEquals(40, up.json().getInteger("width"), "80x40 turned by orientation 6 shows as 40x80");
    assertEquals(80, up.json().getInteger("height"));

    byte[] stored = get(api, "/api/v1/media/" + up.json().getString("id"), ana.token(), null).body();
    List<Integer> markers = jpegSegments(stored);
    assertFalse(markers.contains(0xE1), "no APP1 (EXIF, XMP) in the stored bytes: " + markers);
    assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("GPS"), "no GPS anywhere");
    BufferedImage shown = ImageIO.read(new ByteArrayInputStream(stored));
    assertEquals(40, shown.getWidth());
    assertEquals(80, shown.getHeight());

    HttpResponse<byte[]> thumb = get(api, "/api/v1/media/" + up.json().getString("id") + "/thumbnail", ana.token(),
        null);
    assertEquals(200, thumb.statusCode());
    assertEquals("image/jpeg", thumb.headers().firstValue("Content-Type").orElse(""));
    BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumb.body()));
    assertTrue(Math.max(small.getWidth(), small.getHeight()) <= 320);
  }

  @Test
  void whatIsNotAPictureOrVoiceNoteIsRefusedAndNothingIsStored() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    byte[] jpeg = fixture("plain.jpg");
    byte[] html = "<!DOCTYPE html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
    byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
        .getBytes(StandardCharsets.UTF_8);
    byte[] polyglot = concat(jpeg, "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
    assertEquals(415, upload(api, ana.token(), "image", "text/html", html).status());
    assertEquals(415, upload(api, ana.token(), "image", "image/svg+xml", svg).status());
    assertEquals(415, upload(api, ana.token(), "image", "image/jpeg", polyglot).status());
    assertEquals(415, upload(api, ana.token(), "image", "image/png", jpeg).status(), "a header that lies");
    assertEquals(415, upload(api, ana.token(), "image", null, fixture("voice.mp3")).status(), "voice sent as image");
    assertEquals(415, upload(api, ana.token(), "voice", "audio/ogg", jpeg).status(), "a picture sent as voice");
    Answer badKind = upload(api, ana.token(), "video", "video/mp4", jpeg);
    assertEquals(400, badKind.status());
    assertEquals("bad_request", badKind.errorCode());
    assertEquals(401, upload(api, null, "image", "image/jpeg", jpeg).status());
    assertEquals(List.of(), objects("media/" + org.id() + "/"), "nothing stored");
    assertEquals(List.of(), objects("staging/" + org.id() + "/"), "nothing left staged");
  }

  @Test
  void aRefusedUploadIsAnsweredOnAConnectionAlreadyInUse() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> warm = client.send(HttpRequest.newBuilder(uri(api, "/api/v1/me"))
        .header("Authorization", "Bearer " + ana.token()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_1_1, warm.version(), "no plain-text HTTP/2 upgrade");
    // this client sends the whole body before it reads the answer: the gateway must read what it refused
    byte[] big = new byte[16 * 1024 * 1024 + 1];
    HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri(api, "/api/v1/media?kind=image"))
        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + ana.token())
        .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(413, refused.statusCode(), refused.body());
    HttpResponse<String> unsigned = client.send(HttpRequest.newBuilder(uri(api, "/api/v1/media?kind=image"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "image/jpeg")
        .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, unsigned.statusCode(), "refused before the body is looked at, and still heard");
    HttpResponse<String> after = client.send(HttpRequest.newBuilder(uri(api, "/api/v1/me"))
        .header("Authorization", "Bearer " + ana.token()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, after.statusCode(), "the connection still serves what comes next");
  }

  @Test
  void aRefusedUploadDeclaredFarTooLongIsAnsweredAndTheConnectionEnds() throws Exception {
    TestApi api = ChatproExtension.api(1);
    URI target = uri(api, "/");
    try (Socket socket = new Socket(target.getHost(), target.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /api/v1/media?kind=image HTTP/1.1\r\nHost: " + target.getHost()
          + "\r\nContent-Type: image/jpeg\r\nContent-Length: 1073741824\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
      assertTrue(answer.contains("\"error\""), "the protocol's error shape: " + answer);
    }
  }

  @Test
  void anUploadOverTheLimitIsRefusedWithoutStoringAnything() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    byte[] big = new byte[16 * 1024 * 1024 + 1];
    System.arraycopy(fixture("plain.jpg"), 0, big, 0, fixture("plain.jpg").length);
    Answer declared = upload(api, ana.token(), "image", "image/jpeg", big);
    assertEquals(413, declared.status(), declared.body());
    assertEquals("payload_too_large", declared.errorCode());

    HttpRequest streamed = HttpRequest.newBuilder(uri(api, "/api/v1/media?kind=image"))
        .header("Authorization", "Bearer " + ana.token()).header("Content-Type", "image/jpeg")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
    try {
      assertEquals(413, HTTP.send(streamed, HttpResponse.BodyHandlers.ofString()).statusCode(),
          "a body without a length is cut off at the limit");
    } catch (java.io.IOException closed) {
      // The gateway may close the connection before the client reads the 413; either way nothing is kept.
    }
    assertEquals(List.of(), objects("media/" + org.id() + "/"));
    assertEquals(List.of(), objects("staging/" + org.id() + "/"));
  }

  @Test
  void onlyTheUploaderAndMembersOfAChatWhereItWasSentMayDownload() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    Session cai = org.member("cai");
    Session stranger = api.newOrg().member("ana");
    String media = uploaded(api, ana, "image", "image/jpeg", "plain.jpg");
    String path = "/api/v1/media/" + media;
    assertEquals(404, get(api, path, ben.token(), null).statusCode(), "not sent yet: only the uploader");

    String chat = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    Answer benTries = api.post("/api/v1/chats/" + chat + "/messages", ben.token(), new JsonObject()
        .put("clientId", "b1").put("kind", "image").put("mediaId", media));
    assertEquals(400, benTries.status(), "someone else's upload cannot be sent");
    Answer wrongKind = api.post("/api/v1/chats/" + chat + "/messages", ana.token(), new JsonObject()
        .put("clientId", "a0").put("kind", "voice").put("mediaId", media));
    assertEquals(400, wrongKind.status(), "a picture cannot be sent as a voice note");
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", ana.token(), new JsonObject()
        .put("clientId", "a1").put("kind", "image").put("mediaId", media).put("text", "the broken pump"));
    assertEquals(201, sent.status(), sent.body());
    JsonObject event = api.get("/api/v1/chats/" + chat + "/events", ben.token()).json().getJsonArray("events")
        .getJsonObject(0);
    assertEquals(media, event.getJsonObject("media").getString("id"));
    assertEquals("image/jpeg", event.getJsonObject("media").getString("mime"));
    assertNotNull(event.getJsonObject("media").getInteger("width"));

    assertEquals(200, get(api, path, ben.token(), null).statusCode(), "a member of the chat");
    assertEquals(404, get(api, path, cai.token(), null).statusCode(), "same org, not in the chat");
    assertEquals(404, get(api, path, stranger.token(), null).statusCode(), "another org");
    assertEquals(404, get(api, path + "/url", stranger.token(), null).statusCode());
    assertEquals(404, get(api, "/api/v1/media/" + UUID.randomUUID(), ana.token(), null).statusCode());
    assertEquals(404, get(api, "/api/v1/media/not-an-id", ana.token(), null).statusCode());

    HttpResponse<byte[]> linked = get(api, linkTo(api, media, ben.token(), false), null, null);
    assertEquals(200, linked.statusCode(), "the signed link needs no header");
    assertTrue(Arrays.equals(linked.body(), get(api, path, ben.token(), null).body()));
    assertEquals(404, get(api, path + "/url", cai.token(), null).statusCode(), "no link for who may not see it");

    Answer forwarded = api.post("/api/v1/chats", ben.token(), TestApi.directChat(cai.userId()));
    String benCai = forwarded.json().getString("id");
    Answer forward = api.post("/api/v1/chats/" + benCai + "/messages", ben.token(), new JsonObject()
        .put("clientId", "f1").put("kind", "image").put("mediaId", media)
        .put("forwardOf", sent.json().getString("messageId")));
    assertEquals(201, forward.status(), "forwarding media from a chat the sender can see: " + forward.body());
    assertEquals(200, get(api, path, cai.token(), null).statusCode(), "now cai has it in a chat");
  }

  @Test
  void voiceNotesSeekWithByteRanges() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Session ana = api.newOrg().member("ana");
    byte[] voice = fixture("voice.ogg");
    String media = upload(api, ana.token(), "voice", "audio/ogg", voice).json().getString("id");
    HttpResponse<byte[]> part = get(api, "/api/v1/media/" + media, ana.token(), "bytes=100-199");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 100-199/" + voice.length, part.headers().firstValue("Content-Range").orElse(""));
    assertTrue(Arrays.equals(Arrays.copyOfRange(voice, 100, 200), part.body()));
    assertEquals("audio/ogg", part.headers().firstValue("Content-Type").orElse(""));
    assertEquals(404, get(api, "/api/v1/media/" + media + "/thumbnail", ana.token(), null).statusCode(),
        "voice has no thumbnail");
    assertEquals(404, get(api, "/api/v1/media/" + media + "/url?thumbnail=true", ana.token(), null).statusCode());

    String link = linkTo(api, media, ana.token(), false);
    HttpResponse<byte[]> linkedPart = get(api, link, null, "bytes=100-199");
    assertEquals(206, linkedPart.statusCode(), "an <audio> element seeks on the signed link too");
    assertEquals("bytes 100-199/" + voice.length, linkedPart.headers().firstValue("Content-Range").orElse(""));
    assertTrue(Arrays.equals(Arrays.copyOfRange(voice, 100, 200), linkedPart.body()));
    assertEquals("audio/ogg", linkedPart.headers().firstValue("Content-Type").orElse(""));
    HttpResponse<byte[]> outside = get(api, link, null, "bytes=" + voice.length + "-");
    assertEquals(416, outside.statusCode());
    assertEquals("bytes */" + voice.length, outside.headers().firstValue("Content-Range").orElse(""));
  }

  @Test
  void aLinkFromUrlLoadsFromTheGatewayWithoutAHeader() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Session ana = api.newOrg().member("ana");
    String media = uploaded(api, ana, "image", "image/png", "text-chunk.png");
    String path = "/api/v1/media/" + media;
    JsonObject answer = linkAnswer(api, media, ana.token(), false);
    String url = answer.getString("url");
    assertTrue(url.startsWith(path + "/content?"), "a path on the gateway's own origin: " + url);
    S3Config s3 = ChatproExtension.system().config("media").s3();
    String storeHost = URI.create(s3.endpoint()).getAuthority();
    assertFalse(url.contains(storeHost) || url.contains("X-Amz") || url.contains(s3.bucket()),
        "nothing of the object store in the link: " + url);
    Instant expiresAt = Instant.parse(answer.getString("expiresAt"));
    assertEquals(expiresAt.getEpochSecond(), Long.parseLong(SignedLink.parse(url).query().get("expires")));
    assertTrue(expiresAt.isAfter(Instant.now()));
    assertTrue(expiresAt.isBefore(Instant.now().plus(Duration.ofMinutes(5).plusSeconds(5))), "at most 5 minutes");

    HttpResponse<byte[]> linked = get(ChatproExtension.api(2), url, null, null);
    assertEquals(200, linked.statusCode(), "any gateway node serves it, with no header");
    assertTrue(Arrays.equals(get(api, path, ana.token(), null).body(), linked.body()), "the same bytes");
    assertEquals("image/png", linked.headers().firstValue("Content-Type").orElse(""));
    assertEquals("nosniff", linked.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertEquals("inline; filename=\"" + media + ".png\"",
        linked.headers().firstValue("Content-Disposition").orElse(""));
    assertEquals("private, max-age=300", linked.headers().firstValue("Cache-Control").orElse(""));

    String thumbnailUrl = linkTo(api, media, ana.token(), true);
    assertEquals("true", SignedLink.parse(thumbnailUrl).query().get("thumbnail"), thumbnailUrl);
    HttpResponse<byte[]> thumbnail = get(api, thumbnailUrl, null, null);
    assertEquals(200, thumbnail.statusCode());
    assertEquals("image/jpeg", thumbnail.headers().firstValue("Content-Type").orElse(""));
    assertTrue(Arrays.equals(get(api, path + "/thumbnail", ana.token(), null).body(), thumbnail.body()),
        "the thumbnail's bytes, not the picture's");
    assertFalse(Arrays.equals(linked.body(), thumbnail.body()));
  }

  @Test
  void aSignedLinkCannotBeTurnedIntoAnother() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    String media = uploaded(api, ana, "image", "image/jpeg", "plain.jpg");
    String other = uploaded(api, ana, "image", "image/png", "text-chunk.png");
    SignedLink full = SignedLink.parse(linkTo(api, media, ana.token(), false));
    SignedLink thumb = SignedLink.parse(linkTo(api, media, ana.token(), true));
    assertEquals(200, get(api, full.path(), null, null).statusCode(), "the link as given works");
    assertEquals(200, get(api, thumb.path(), null, null).statusCode());
    long expires = Long.parseLong(full.query().get("expires"));
    String signature = full.query().get("signature");
    String otherOrg = api.newOrg().id();
    Map<String, SignedLink> tampered = new LinkedHashMap<>();
    tampered.put("other media of the same person", full.forMedia(other));
    tampered.put("an id that names nothing", full.forMedia(UUID.randomUUID().toString()));
    tampered.put("full bytes turned into the thumbnail", full.with("thumbnail", "true"));
    tampered.put("the thumbnail turned into full bytes", thumb.with("thumbnail", null));
    tampered.put("the thumbnail turned into full bytes (false)", thumb.with("thumbnail", "false"));
    tampered.put("a longer life", full.with("expires", Long.toString(expires + 3600)));
    tampered.put("a shorter life", full.with("expires", Long.toString(expires - 1)));
    tampered.put("an expiry that is no number", full.with("expires", "tomorrow"));
    tampered.put("no expiry", full.with("expires", null));
    tampered.put("another org", full.with("org", otherOrg));
    tampered.put("no org", full.with("org", null));
    tampered.put("a changed signature", full.with("signature", flipLastDigit(signature)));
    tampered.put("the signature in capitals", full.with("signature", signature.toUpperCase()));
    tampered.put("no signature", full.with("signature", null));
    tampered.put("the thumbnail's signature on the full link", full.with("signature", thumb.query().get("signature")));
    String refusal = null;
    for (Map.Entry<String, SignedLink> t : tampered.entrySet()) {
      String body = assertNotFound(get(api, t.getValue().path(), null, null), t.getKey());
      refusal = refusal == null ? body : refusal;
      assertEquals(refusal, body, t.getKey() + ": every refusal reads the same, so none tells which check failed");
    }
  }

  @Test
  void anExpiredLinkAnswersNotFound() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    String media = uploaded(api, ana, "image", "image/jpeg", "plain.jpg");
    LinkSigner now = serviceSigner(Clock.systemUTC());
    LinkSigner sixMinutesAgo = serviceSigner(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6)));
    assertEquals(200, get(api, SignedLink.of(now.sign(org.id(), media, false)).path(), null, null).statusCode(),
        "a link signed with the service's key now is served: the key is the same");
    assertNotFound(get(api, SignedLink.of(sixMinutesAgo.sign(org.id(), media, false)).path(), null, null),
        "signed six minutes ago, so expired a minute ago");
  }

  @Test
  void aLinkOfOneOrgCannotFetchAnotherOrgsMedia() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org acme = api.newOrg();
    Org globex = api.newOrg();
    Session ana = acme.member("ana");
    Session bob = globex.member("bob");
    String anas = uploaded(api, ana, "image", "image/jpeg", "plain.jpg");
    String bobs = uploaded(api, bob, "image", "image/png", "text-chunk.png");
    SignedLink anasLink = SignedLink.parse(linkTo(api, anas, ana.token(), false));
    assertEquals(acme.id(), anasLink.query().get("org"));
    assertEquals(404, get(api, anasLink.forMedia(bobs).path(), null, null).statusCode(), "ana's link, bob's id");
    assertEquals(404, get(api, anasLink.forMedia(bobs).with("org", globex.id()).path(), null, null).statusCode(),
        "ana's signature on bob's org and id");

    LinkSigner service = serviceSigner(Clock.systemUTC());
    assertEquals(200, get(api, SignedLink.of(service.sign(globex.id(), bobs, false)).path(), null, null)
        .statusCode(), "signed for bob's own org, it is served");
    assertEquals(404, get(api, SignedLink.of(service.sign(acme.id(), bobs, false)).path(), null, null)
        .statusCode(), "even a well-signed link finds media only in the org it names");
  }

  @Test
  void deletingTheLastMessageThatCarriesMediaDeletesTheObject() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String media = uploaded(api, ana, "image", "image/png", "text-chunk.png");
    String one = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    String group = api.post("/api/v1/chats", ana.token(), new JsonObject().put("type", "group").put("name", "Pumps")
        .put("members", new io.vertx.core.json.JsonArray().add(ben.userId()))).json().getString("id");
    String first = sendImage(api, ana, one, media, "i1");
    String second = sendImage(api, ana, group, media, "i2");
    String link = linkTo(api, media, ben.token(), false);
    assertEquals(2, objects("media/" + org.id() + "/").size(), "the picture and its thumbnail");

    assertEquals(204, api.call("DELETE", "/api/v1/chats/" + one + "/messages/" + first, ana.token(), null).status());
    Thread.sleep(3000);
    assertEquals(2, objects("media/" + org.id() + "/").size(), "another message still carries it");
    assertEquals(200, get(api, "/api/v1/media/" + media, ben.token(), null).statusCode());

    assertEquals(204, api.call("DELETE", "/api/v1/chats/" + group + "/messages/" + second, ana.token(), null)
        .status());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!objects("media/" + org.id() + "/").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertEquals(List.of(), objects("media/" + org.id() + "/"), "the last carrier is gone, so are the bytes");
    assertEquals(404, get(api, "/api/v1/media/" + media, ana.token(), null).statusCode());
    assertEquals(404, get(api, link, null, null).statusCode(), "a link made before answers 404 once the media is gone");
  }

  @Test
  void uploadsNeverSentAreRemovedAfterADay() throws Exception {
    TestApi api = ChatproExtension.api(2);
    Org org = api.newOrg();
    Session ana = org.member("ana");
    Session ben = org.member("ben");
    String unsent = uploaded(api, ana, "image", "image/jpeg", "plain.jpg");
    String sent = uploaded(api, ana, "voice", "audio/mpeg", "voice.mp3");
    String chat = api.post("/api/v1/chats", ana.token(), TestApi.directChat(ben.userId())).json().getString("id");
    assertEquals(201, api.post("/api/v1/chats/" + chat + "/messages", ana.token(), new JsonObject()
        .put("clientId", "v1").put("kind", "voice").put("mediaId", sent)).status());

    LocalSystem system = ChatproExtension.system();
    io.vertx.core.Vertx vertx = system.vertx("media");
    chatpro.common.config.ChatproConfig config = system.config("media");
    io.vertx.sqlclient.Pool pool = chatpro.common.db.PgPools.create(vertx, config.pg(), "media");
    try {
      Lifecycle dayLater = new Lifecycle(vertx, new MediaRepository(pool), new ObjectStore(vertx, config.s3()),
          Clock.offset(Clock.systemUTC(), Duration.ofHours(25)));
      dayLater.sweep().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.close();
    }
    List<String> left = objects("media/" + org.id() + "/");
    assertFalse(left.stream().anyMatch(k -> k.contains(unsent)), "the upload never sent is gone: " + left);
    assertTrue(left.stream().anyMatch(k -> k.contains(sent)), "the one a message carries stays");
    assertEquals(404, get(api, "/api/v1/media/" + unsent, ana.token(), null).statusCode());
    assertEquals(200, get(api, "/api/v1/media/" + sent, ben.token(), null).statusCode());
  }

  private static String sendImage(TestApi api, Session who, String chat, String media, String clientId)
      throws Exception {
    Answer sent = api.post("/api/v1/chats/" + chat + "/messages", who.token(), new JsonObject()
        .put("clientId", clientId).put("kind", "image").put("mediaId", media));
    assertEquals(201, sent.status(), sent.body());
    return sent.json().getString("messageId");
  }

  static byte[] fixture(String name) throws Exception {
    return Files.readAllBytes(FIXTURES.resolve(name));
  }

  static Answer upload(TestApi api, String token, String kind, String type, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(api, "/api/v1/media?kind=" + kind))
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r);
  }

  /** A GET; without a token it sends no Authorization header at all, as an {@code <img>} element would. */
  static HttpResponse<byte[]> get(TestApi api, String path, String token, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(api, path)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (range != null) {
      b.header("Range", range);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * One person may store at most CHATPRO_UPLOAD_MB_PER_DAY (1,024 MB here) in any 24 hours: past it an upload is
   * refused with 429 and a Retry-After of when their oldest upload of the day ages out; others still upload.
   */
  @Test
  void aPersonsUploadsOfADayAreCapped() throws Exception {
    TestApi api = ChatproExtension.api(1);
    TestApi.Org org = api.newOrg();
    Session ana = org.member("quota-ana");
    Session ben = org.member("quota-ben");
    UUID filler = UUID.randomUUID();
    try (TestDb db = TestDb.of("media")) {
      // what 1,024 MB of uploads earlier today leave in the table (no object behind it: only the sizes count)
      db.rows("INSERT INTO objects (id, org_id, uploader_id, kind, mime, size, object_key, object_keyset, created_at)"
          + " VALUES ($1, $2, $3, 'voice', 'audio/mpeg', $4, 'media/quota-filler', 'none', now() - interval '1 hour')",
          filler, UUID.fromString(org.id()), UUID.fromString(ana.userId()), 1024L * 1024 * 1024);
    }
    try {
      Answer refused = upload(api, ana.token(), "image", "image/jpeg", fixture("plain.jpg"));
      assertEquals(429, refused.status(), refused.body());
      assertEquals("rate_limited", refused.errorCode());
      long retryAfter = Long.parseLong(refused.raw().headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter > 22 * 3600 && retryAfter <= 23 * 3600 + 5, "when the filler ages out: " + retryAfter);
      assertEquals(201, upload(api, ben.token(), "image", "image/jpeg", fixture("plain.jpg")).status(),
          "another person is not affected");
    } finally {
      try (TestDb db = TestDb.of("media")) {
        db.rows("DELETE FROM objects WHERE id = $1", filler);
      }
    }
    assertEquals(201, upload(api, ana.token(), "image", "image/jpeg", fixture("plain.jpg")).status(),
        "under the cap again, she uploads");
  }

  static String uploaded(TestApi api, Session who, String kind, String type, String fixture) throws Exception {
    Answer up = upload(api, who.token(), kind, type, fixture(fixture));
    assertEquals(201, up.status(), fixture + ": " + up.body());
    return up.json().getString("id");
  }

  /** The answer of {@code GET /api/v1/media/{id}/url}: {@code {"url","expiresAt"}}. */
  static JsonObject linkAnswer(TestApi api, String media, String token, boolean thumbnail) throws Exception {
    HttpResponse<byte[]> r = get(api, "/api/v1/media/" + media + "/url" + (thumbnail ? "?thumbnail=true" : ""), token,
        null);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertEquals(200, r.statusCode(), body);
    return new JsonObject(body);
  }

  static String linkTo(TestApi api, String media, String token, boolean thumbnail) throws Exception {
    return linkAnswer(api, media, token, thumbnail).getString("url");
  }

  /** Signs as media-service does (its settings, so its key), with a clock of the test's choosing. */
  static LinkSigner serviceSigner(Clock clock) throws Exception {
    return LinkSigner.from(ChatproExtension.system().config("media").s3(), clock);
  }

  /** A 404 in the protocol's error shape; answers its body. */
  static String assertNotFound(HttpResponse<byte[]> r, String why) {
    assertEquals(404, r.statusCode(), why);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertEquals("not_found", new JsonObject(body).getJsonObject("error").getString("code"), why);
    return body;
  }

  private static String flipLastDigit(String hex) {
    char last = hex.charAt(hex.length() - 1);
    return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
  }

  private static URI uri(TestApi api, String path) {
    return URI.create("http://127.0.0.1:" + api.port() + path);
  }

  /** The object keys under a prefix, read straight from the object store. */
  static List<String> objects(String prefix) throws Exception {
    S3Config s3 = ChatproExtension.system().config("media").s3();
    MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey())
        .region(s3.region()).build();
    List<String> keys = new ArrayList<>();
    for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(s3.bucket()).prefix(prefix)
        .recursive(true).build())) {
      keys.add(r.get().objectName());
    }
    return keys;
  }

  /** The markers of a JPEG's segments up to the start of the image data. */
  static List<Integer> jpegSegments(byte[] jpeg) {
    List<Integer> markers = new ArrayList<>();
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      int marker = jpeg[i + 1] & 0xFF;
      markers.add(marker);
      if (marker == 0xDA) {
        break;
      }
      i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
    }
    return markers;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
