package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import chatpro.system.web.Seed.Colleague;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subject access (GDPR Art. 15) on the real stack: a person asks for a copy of their data in Settings, follows its
 * progress, saves the zip, and reads it offline from the disk in a browser (their conversation, their picture and
 * voice note; the other person's picture only as a placeholder, since it is not theirs); and a compliance officer
 * makes the same copy for someone from that person's page and downloads it from Exports.
 */
class WebSubjectAccessIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();
  /** How long a copy may take to be made (the contract: within a minute for 100,000 messages). */
  private static final double MINUTE_MS = 60_000;

  private final TestApi api;
  private final Org org;
  private final Colleague alice;
  private final Colleague bob;
  private final Colleague carol;
  private final String chat;

  WebSubjectAccessIT() throws Exception {
    api = ChatproExtension.api(1);
    org = api.newOrg();
    alice = Seed.colleague(org, "alice", "Alice Adams");
    bob = Seed.colleague(org, "bob", "Bob Baker");
    JsonObject officer = org.create(new JsonObject().put("username", "carol").put("displayName", "Carol Clark")
        .put("roles", new JsonArray(List.of("member", "compliance"))));
    carol = new Colleague(officer.getString("id"), "carol", "Carol Clark",
        api.login(org.slug(), "carol", "password of carol"));
    chat = Seed.directChat(api, alice, bob);
  }

  @Test
  void aPersonSavesACopyOfTheirDataAndReadsItOfflineWithTheirPictureAndVoiceNoteButNotTheOtherPersonsPicture(
      @TempDir Path dir) throws Exception {
    String marker = "Handover note " + UUID.randomUUID();
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Bob Baker");
    a.send(marker);
    a.attachPicture(Pictures.liftPanel(), "The lift panel on level 2");
    a.recordVoiceNote(1_500);
    String bobsPicture = upload(bob, "image", Pictures.liftPanel());
    Seed.text(api, bob, chat, "Thanks, here is the other side");
    send(bob, new JsonObject().put("kind", "image").put("mediaId", bobsPicture).put("text", "The other lift"));
    List<JsonObject> messages = awaitMessages(5);
    String alicesPicture = mediaOf(messages, alice, "image");
    String alicesVoice = mediaOf(messages, alice, "voice");

    a.openSettings();
    Locator section = a.page().getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Your data"));
    assertThat(section).containsText("every conversation, as you saw it");
    // The first answer already says "pending": the progress bar shows at least once, however fast the copy is made.
    a.page().evaluate("() => { window.sawProgress = false; new MutationObserver(() => { window.sawProgress ||="
        + " !!document.querySelector('progress[aria-label=\"Preparing your data\"]'); })"
        + ".observe(document.body, { subtree: true, childList: true, attributes: true }); }");
    a.button("Download my data").click();
    Locator save = section.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
        .setName(Pattern.compile("^Save my data \\(\\d+([.,]\\d)? (B|KB|MB)\\)$")));
    assertThat(save).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(MINUTE_MS));
    assertTrue((Boolean) a.page().evaluate("() => window.sawProgress"), "the progress bar showed while it was made");
    assertThat(section).containsText("You can save it until");
    assertThat(section.getByRole(AriaRole.PROGRESSBAR)).hasCount(0);
    List<String> violations = Accessibility.seriousViolations(a.page());
    assertTrue(violations.isEmpty(), violations.toString());
    section.scrollIntoViewIfNeeded();
    Screenshots.take(a, "settings-my-data");

    // Nothing is lost on a reload: the ready copy is read from the server again.
    a.reload();
    assertThat(save).isVisible();
    Download file = a.page().waitForDownload(save::click);
    assertTrue(file.suggestedFilename().matches("chatpro-my-data-\\d{4}-\\d{2}-\\d{2}\\.zip"), file.suggestedFilename());
    List<String> names = unzip(file.path(), dir);
    assertTrue(names.containsAll(List.of("index.html", "profile.json", "sessions.json", "schedule.json", "audit.json",
        "manifest.json", "chats/" + chat + ".json", "chats/" + chat + ".html", "media/" + alicesPicture,
        "media/" + alicesVoice)), names.toString());
    assertFalse(names.contains("media/" + bobsPicture), "only what she sent: " + names);
    assertTrue(Files.readString(dir.resolve("chats/" + chat + ".json")).contains(marker));

    readOffline(dir, marker, alicesPicture, bobsPicture);
  }

  /** The zip's viewer, opened from the disk at phone size with the network cut: everything it shows is in the zip. */
  private void readOffline(Path dir, String marker, String alicesPicture, String bobsPicture) throws Exception {
    BrowserContext context = Browsers.shared().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
        .setViewportSize(Browsers.PHONE.width(), Browsers.PHONE.height()).setLocale("en-GB")
        .setTimezoneId("Europe/London").setOffline(true));
    try {
      context.setDefaultTimeout(20_000);
      Person reader = new Person(context, context.newPage(), 0);
      List<String> failed = new ArrayList<>();
      reader.page().onRequestFailed(r -> failed.add(r.url()));
      reader.page().navigate(dir.resolve("index.html").toUri().toString());
      assertThat(reader.page().locator("body")).containsText("Alice Adams");
      Locator toBob = reader.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions()
          .setName(Person.containing("Bob Baker")));
      assertThat(toBob.first()).isVisible();
      Screenshots.take(reader, "sar-index");
      List<String> violations = new ArrayList<>();
      Accessibility.seriousViolations(reader.page()).forEach(v -> violations.add("index.html: " + v));

      toBob.first().click();
      Page page = reader.page();
      assertThat(page.getByText(marker)).isVisible();
      Locator mine = page.locator("img[src$='" + alicesPicture + "']");
      assertThat(mine).hasCount(1);
      mine.scrollIntoViewIfNeeded();
      page.waitForFunction("img => img.complete && img.naturalWidth > 0", mine.elementHandle());
      assertThat(page.locator("img")).hasCount(1);
      // Bob's picture is his, not hers: the copy has only her own media, and the page says a picture was there.
      Locator his = page.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText("The other lift"));
      assertThat(his).hasCount(1);
      assertThat(his.locator("img")).hasCount(0);
      assertThat(his).containsText("Picture");
      assertThat(page.locator("[src*='" + bobsPicture + "'], [href*='" + bobsPicture + "']")).hasCount(0);

      Locator voice = page.locator("audio");
      assertThat(voice).hasCount(1);
      Object duration = voice.evaluate("async (audio) => { audio.muted = true; await audio.play();"
          + " for (let i = 0; i < 100 && !Number.isFinite(audio.duration); i++) await new Promise((r) => setTimeout(r, 100));"
          + " audio.pause(); audio.muted = false; audio.currentTime = 0; return audio.duration; }");
      assertTrue(duration instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() > 0,
          "her voice note plays from the zip: duration " + duration);
      // her picture and voice note, and Bob's picture as a placeholder below them
      his.evaluate("li => li.scrollIntoView({ block: 'end' })");
      Screenshots.take(reader, "sar-chat");
      Accessibility.seriousViolations(page).forEach(v -> violations.add("the chat's page: " + v));
      assertEquals(List.of(), violations, "the offline viewer is accessible");
      assertEquals(List.of(), failed.stream().filter(u -> !u.startsWith("file:")).toList(),
          "the viewer reaches for nothing outside the zip");
    } finally {
      context.close();
    }
  }

  @Test
  void aComplianceOfficerExportsAPersonsDataFromTheirPageAndDownloadsItFromExports(@TempDir Path dir)
      throws Exception {
    Seed.text(api, alice, chat, "Morning Bob");
    Person officer = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), carol);
    officer.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Admin").setExact(true)).click();
    officer.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("People").setExact(true)).click();
    officer.page().getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search people")).fill("alice");
    officer.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Person.startsWith("Alice Adams"))).click();
    assertThat(officer.page().getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Alice Adams")))
        .isVisible();
    assertThat(officer.button("Deactivate")).hasCount(0);
    assertThat(officer.button("Create sign-in code")).hasCount(0);

    officer.textbox("Reason (optional)").fill("Request of 1 December");
    officer.button("Export their data").click();
    assertThat(officer.status(Person.containing("is being made"))).isVisible();
    List<String> violations = Accessibility.seriousViolations(officer.page());
    assertTrue(violations.isEmpty(), violations.toString());
    Screenshots.take(officer, "admin-person-export");

    officer.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open Exports")).click();
    Locator exports = officer.page().getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Exports"));
    Locator row = exports.getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions()
        .setHasText("Subject access: Alice Adams"));
    Locator download = row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Download"));
    assertThat(download).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(MINUTE_MS));
    violations = Accessibility.seriousViolations(officer.page());
    assertTrue(violations.isEmpty(), violations.toString());
    row.scrollIntoViewIfNeeded();
    Screenshots.take(officer, "admin-exports-sar");

    Download file = officer.page().waitForDownload(download::click);
    List<String> names = unzip(file.path(), dir);
    assertTrue(names.containsAll(List.of("index.html", "profile.json", "manifest.json")), names.toString());
    assertTrue(Files.readString(dir.resolve("profile.json")).contains(alice.id()));
    JsonArray audit = api.get("/api/v1/audit?limit=1000", carol.session().token()).json().getJsonArray("entries");
    assertTrue(audit.stream().map(JsonObject.class::cast).anyMatch(e -> "sar.created".equals(e.getString("action"))
        && carol.id().equals(e.getString("actorId"))), audit.encodePrettily());
    assertEquals(0, api.get("/api/v1/me/exports", alice.session().token()).json().getJsonArray("exports").size(),
        "the officer's copy is not among Alice's own");
  }

  /** Waits until the chat holds this many messages (the browser's uploads and sends are done). */
  private List<JsonObject> awaitMessages(int count) throws Exception {
    for (int i = 0; i < 200; i++) {
      List<JsonObject> messages = Seed.messages(api, alice, chat);
      if (messages.size() >= count) {
        return messages;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("fewer than " + count + " messages after 20 s: " + Seed.messages(api, alice, chat));
  }

  private static String mediaOf(List<JsonObject> messages, Colleague sender, String kind) {
    return messages.stream().filter(m -> kind.equals(m.getString("kind")) && sender.id().equals(m.getString("senderId")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " of " + sender.displayName() + ": " + messages))
        .getJsonObject("media").getString("id");
  }

  private void send(Colleague from, JsonObject message) throws Exception {
    TestApi.Answer sent = api.post("/api/v1/chats/" + chat + "/messages", from.session().token(),
        message.put("clientId", UUID.randomUUID().toString()));
    assertEquals(201, sent.status(), sent.body());
  }

  private String upload(Colleague who, String kind, Path file) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + api.port() + "/api/v1/media?kind=" + kind))
        .header("Authorization", "Bearer " + who.session().token())
        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("id");
  }

  /** Unpacks the zip into the folder (refusing names that would leave it) and answers its entries' names. */
  private static List<String> unzip(Path zip, Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
        Path target = dir.resolve(e.getName()).normalize();
        assertTrue(target.startsWith(dir), "an entry outside the folder: " + e.getName());
        names.add(e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(entries, target);
        }
      }
    }
    return names;
  }
}
