package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every screen at phone and desktop size, in English and German, with an accessibility check (axe-core: no serious
 * or critical violation) on each, over a conversation seeded through the public API. The screenshots land in
 * target/screenshots (docs/screenshots with -Dchatpro.updateScreenshots=true).
 */
class WebScreensIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();
  /** The few names the tour looks for, as each language's catalogue has them. */
  private static final Map<String, String> EN = Map.of("actions", "Message actions", "info", "Message info",
      "back", "Back to chats", "group", "Group info", "search", "Search people", "people", "People",
      "newGroup", "New group", "hours", "Working hours");
  private static final Map<String, String> DE = Map.of("actions", "Nachrichtenoptionen", "info", "Nachrichteninfo",
      "back", "Zurück zu den Chats", "group", "Gruppeninfo", "search", "Personen suchen", "people", "Personen",
      "newGroup", "Neue Gruppe", "hours", "Arbeitszeiten");
  private static final Path VOICE = Path.of("../media-service/src/test/resources/media/voice.webm");

  @Test
  void everyScreenIsAccessibleAtPhoneAndDesktopSizeInBothLanguages() throws Exception {
    Conversation c = seed();
    List<String> problems = new ArrayList<>();
    for (Browsers.Viewport size : List.of(Browsers.PHONE, Browsers.DESKTOP)) {
      for (String locale : List.of("en-GB", "de-DE")) {
        tour(c, size, locale, problems);
      }
    }
    assertEquals(List.of(), problems, "serious or critical accessibility violations");
  }

  @Test
  void theAppIsInstallableAndLooksRightInDarkMode() throws Exception {
    Conversation c = seed();
    Browser browser = Browsers.shared();
    try (BrowserContext dark = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
        .setLocale("en-GB").setColorScheme(ColorScheme.DARK)
        .setBaseURL("http://127.0.0.1:" + ChatproExtension.system().gatewayPort(1)))) {
      Person ada = new Person(dark, dark.newPage(), 0);
      ada.signIn(c.org.slug(), "admin", "correct horse battery");
      ada.openChat("Ben Okafor");
      assertThat(ada.message("The lift on level 2 is fixed")).isVisible();
      assertThat(ada.page().locator(".msg-picture img")).isVisible();
      ada.page().waitForFunction("() => [...document.images].every((i) => i.complete && i.naturalWidth > 0)");
      Screenshots.take(ada, "chat-phone-dark");
      List<String> problems = Accessibility.seriousViolations(ada.page());
      assertEquals(List.of(), problems, "dark mode");
      // A test's browser context is private ("in-incognito"), which alone stops installing; nothing else may.
      JsonArray errors = new JsonObject(dark.newCDPSession(ada.page()).send("Page.getInstallabilityErrors").toString())
          .getJsonArray("installabilityErrors");
      errors.stream().map(e -> ((JsonObject) e).getString("errorId")).filter(id -> !"in-incognito".equals(id))
          .findAny().ifPresent(id -> fail("the app cannot be added to the home screen: " + errors.encode()));
    }
  }

  /** A laptop at 200 % zoom is 640 × 400 CSS pixels: everything reflows into one column, nothing scrolls sideways. */
  @Test
  void everythingStillWorksAtTwiceTheZoom() throws Exception {
    Conversation c = seed();
    try (BrowserContext zoomed = Browsers.shared().newContext(new Browser.NewContextOptions().setViewportSize(640, 400)
        .setDeviceScaleFactor(2).setLocale("en-GB")
        .setBaseURL("http://127.0.0.1:" + ChatproExtension.system().gatewayPort(1)))) {
      Person ada = new Person(zoomed, zoomed.newPage(), 0);
      ada.signIn(c.org.slug(), "admin", "correct horse battery");
      assertNoSidewaysScroll(ada);
      ada.openChat("Ben Okafor");
      assertThat(ada.message("The lift on level 2 is fixed")).isVisible();
      assertThat(ada.textbox("Message")).isVisible();
      assertThat(ada.button("Send")).isVisible();
      assertNoSidewaysScroll(ada);
      Screenshots.take(ada, "chat-zoom-200");
      assertEquals(List.of(), Accessibility.seriousViolations(ada.page()), "at 200 % zoom");
    }
  }

  private static void assertNoSidewaysScroll(Person person) {
    Object wider = person.page().evaluate("() => [...document.querySelectorAll('*')].filter((e) => e.scrollWidth > "
        + "e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'hidden' && getComputedStyle(e).overflowX !== 'clip'"
        + " && !['TEXTAREA','INPUT','SELECT'].includes(e.tagName)).map((e) => e.className || e.tagName)");
    assertEquals(List.of(), wider, "nothing scrolls sideways");
  }

  private void tour(Conversation c, Browsers.Viewport size, String locale, List<String> problems) throws Exception {
    String suffix = (size == Browsers.PHONE ? "phone" : "desktop") + ("de-DE".equals(locale) ? "-de" : "");
    boolean en = "en-GB".equals(locale);
    Browser browser = Browsers.shared();
    try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
        .setViewportSize(size.width(), size.height()).setLocale(locale).setTimezoneId("Europe/London")
        .setBaseURL("http://127.0.0.1:" + ChatproExtension.system().gatewayPort(1)))) {
      Page page = context.newPage();
      Person ada = new Person(context, page, 0);
      page.navigate("/");
      assertThat(page.locator("#org")).isVisible();
      shoot(ada, "sign-in-" + suffix, problems);
      page.locator("#org").fill(c.org.slug());
      page.locator("#username").fill("admin");
      page.locator("#password").fill("correct horse battery");
      page.locator("form button[type=submit]").click();
      Locator chats = page.locator("ul.chats");
      assertThat(chats).isVisible();
      assertThat(chats.getByRole(AriaRole.LINK)).hasCount(3);
      assertThat(chats.locator(".chat-row-title").getByText("Cleo Martin")).isVisible();
      shoot(ada, "chat-list-" + suffix, problems);

      chats.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(Person.startsWith("Ben Okafor"))).click();
      assertThat(page.getByRole(AriaRole.ARTICLE).filter(new Locator.FilterOptions().setHasText("is fixed")))
          .isVisible();
      assertThat(page.locator(".msg-picture img")).isVisible();
      page.waitForFunction("() => [...document.images].every((i) => i.complete && i.naturalWidth > 0)");
      shoot(ada, "chat-" + suffix, problems);
      Map<String, String> name = en ? EN : DE;
      page.getByRole(AriaRole.ARTICLE).filter(new Locator.FilterOptions().setHasText("Thanks, that was quick"))
          .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name.get("actions"))).click();
      page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName(name.get("info"))).click();
      Locator info = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(name.get("info")));
      assertThat(info.getByText("Ben Okafor")).isVisible();
      shoot(ada, "message-info-" + suffix, problems);
      page.keyboard().press("Escape");

      Locator back = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name.get("back")));
      if (back.isVisible()) {
        back.click();
      }
      chats.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(Person.startsWith("Night shift"))).click();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name.get("group")).setExact(true)).click();
      Locator group = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(name.get("group")));
      assertThat(group.getByText("Cleo Martin")).isVisible();
      shoot(ada, "group-info-" + suffix, problems);
      page.keyboard().press("Escape");

      page.navigate("/new");
      page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName(name.get("search"))).fill("ward");
      assertThat(page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName(name.get("people")))
          .getByRole(AriaRole.BUTTON)).not().hasCount(0);
      shoot(ada, "new-chat-" + suffix, problems);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name.get("newGroup")).setExact(true)).click();
      shoot(ada, "new-group-" + suffix, problems);

      page.navigate("/settings");
      assertThat(page.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName(name.get("hours")))).isVisible();
      shoot(ada, "settings-" + suffix, problems);
    }
  }

  private static void shoot(Person person, String name, List<String> problems) throws Exception {
    Screenshots.take(person, name);
    for (String v : Accessibility.seriousViolations(person.page())) {
      problems.add(name + ": " + v);
    }
  }

  /** Ada (admin), Ben and Cleo: a direct chat with text, a picture, a voice note, a reply and reactions; a group. */
  private record Conversation(Org org, Session ada, Session ben, Session cleo) {}

  private static Conversation seed() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    org.create(new JsonObject().put("username", "ben").put("displayName", "Ben Okafor").put("title", "Porter")
        .put("department", "Ward 4"));
    org.create(new JsonObject().put("username", "cleo").put("displayName", "Cleo Martin").put("title", "Nurse")
        .put("department", "Ward 4"));
    Session ben = api.login(org.slug(), "ben", "password of ben");
    Session cleo = api.login(org.slug(), "cleo", "password of cleo");
    Session ada = org.admin();
    String direct = api.post("/api/v1/chats", ben.token(), TestApi.directChat(ada.userId())).json().getString("id");
    String first = send(api, ben, direct, new JsonObject().put("kind", "text")
        .put("text", "Morning Ada, the lift on level 2 is stuck again"));
    send(api, ada, direct, new JsonObject().put("kind", "text").put("text", "Thanks, I'll call maintenance")
        .put("replyTo", first));
    send(api, ben, direct, new JsonObject().put("kind", "image").put("mediaId", upload(api, ben, "image", Pictures.liftPanel()))
        .put("text", "The panel by the door"));
    send(api, ben, direct, new JsonObject().put("kind", "voice").put("mediaId", upload(api, ben, "voice", VOICE)));
    send(api, ben, direct, new JsonObject().put("kind", "text").put("text", "The lift on level 2 is fixed 👍"));
    String thanks = send(api, ada, direct, new JsonObject().put("kind", "text").put("text", "Thanks, that was quick"));
    read(ben, direct, 6);
    read(ada, direct, 6);
    JsonObject group = new JsonObject().put("type", "group").put("name", "Night shift")
        .put("members", new JsonArray().add(ben.userId()).add(cleo.userId()));
    String night = api.post("/api/v1/chats", ada.token(), group).json().getString("id");
    send(api, cleo, night, new JsonObject().put("kind", "text").put("text", "Who has the keys to the store room?"));
    String dm = api.post("/api/v1/chats", cleo.token(), TestApi.directChat(ada.userId())).json().getString("id");
    send(api, cleo, dm, new JsonObject().put("kind", "text").put("text", "Can we swap Friday's shift?"));
    assertEquals(36, thanks.length());
    return new Conversation(org, ada, ben, cleo);
  }

  private static String send(TestApi api, Session who, String chatId, JsonObject message) throws Exception {
    TestApi.Answer a = api.post("/api/v1/chats/" + chatId + "/messages", who.token(),
        message.put("clientId", UUID.randomUUID().toString()));
    assertEquals(201, a.status(), a.body());
    return a.json().getString("messageId");
  }

  private static void read(Session who, String chatId, long seq) throws Exception {
    try (chatpro.system.TestSocket s = chatpro.system.TestSocket.authenticated(ChatproExtension.api(1).port(), who.token())) {
      s.send(new JsonObject().put("type", "read").put("chatId", chatId).put("seq", seq));
      s.request(new JsonObject().put("type", "ping").put("id", "flush"));
    }
  }

  private static String upload(TestApi api, Session who, String kind, Path file) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + api.port() + "/api/v1/media?kind=" + kind))
        .header("Authorization", "Bearer " + who.token())
        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("id");
  }
}
