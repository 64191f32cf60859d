package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import chatpro.system.web.Seed.Colleague;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin area on the real stack: an import with its dry run, printed sign-in cards, a new starter getting in with
 * a card's code on a phone, deactivation reaching an open browser, and a setting changing what members see.
 */
class WebAdminIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();
  private static final Pattern CODE = Pattern.compile("\\b([2-9A-HJKMNP-Z]{4}) ([2-9A-HJKMNP-Z]{4}) ([2-9A-HJKMNP-Z]{4})\\b");

  private final TestApi api;
  private final Org org;

  WebAdminIT() throws Exception {
    api = ChatproExtension.api(1);
    org = api.newOrg();
  }

  /** Twenty people of the night shift, one of them with a username the directory refuses. */
  static String twentyPeople() {
    StringBuilder csv = new StringBuilder("username,displayName,title,department,roles,password\n");
    for (int i = 1; i <= 20; i++) {
      String username = i == 7 ? "Not A Username!" : "cleaner" + i;
      csv.append(username).append(",Cleaner ").append(i).append(",Cleaner,Night shift,,\n");
    }
    return csv.toString();
  }

  @Test
  void anImportIsCheckedFirstThenCreatedAndItsCardsLetANewStarterInOnce() throws Exception {
    Person admin = BROWSERS.person(1, Browsers.DESKTOP).signIn(org.slug(), "admin", "correct horse battery");
    admin.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Admin").setExact(true)).click();
    admin.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("People").setExact(true)).click();
    assertThat(admin.page().getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("People").setExact(true)))
        .isVisible();

    FileChooser chooser = admin.page().waitForFileChooser(() -> admin.button("Import CSV").click());
    chooser.setFiles(new FilePayload("night-shift.csv", "text/csv", twentyPeople().getBytes(StandardCharsets.UTF_8)));
    Locator table = admin.page().getByRole(AriaRole.TABLE);
    assertThat(table.getByRole(AriaRole.ROW)).hasCount(21);
    Locator bad = table.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Not imported"));
    assertThat(bad).hasCount(1);
    assertThat(bad).containsText("Not A Username!");
    assertThat(admin.page().getByText("19 rows are ready.")).isVisible();
    assertEquals(0, usersNamed("Cleaner").size(), "the dry run creates nobody");

    Screenshots.take(admin, "admin-import-dry-run");
    admin.button("Import").click();
    assertThat(admin.page().getByText("19 people were created.")).isVisible();
    assertThat(table.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("Created"))).hasCount(19);
    assertEquals(19, usersNamed("Cleaner").size());

    admin.button("Print sign-in cards").click();
    Locator sheets = admin.page().locator(".card-sheet");
    assertThat(sheets).hasCount(3);
    assertThat(sheets.nth(0).locator(".sign-in-card")).hasCount(8);
    assertThat(sheets.nth(2).locator(".sign-in-card")).hasCount(3);
    Screenshots.take(admin, "admin-cards");
    byte[] pdf = admin.page().pdf(new Page.PdfOptions().setPreferCSSPageSize(true).setPrintBackground(true));
    assertEquals(3, pdfPages(pdf), "three A4 sheets of at most 8 cards");
    String firstCard = sheets.nth(0).locator(".sign-in-card").first().innerText();
    assertTrue(firstCard.contains("Cleaner 1"), firstCard);
    Matcher code = CODE.matcher(firstCard);
    assertTrue(code.find(), "a card shows its code: " + firstCard);
    String signInCode = code.group(1) + code.group(2) + code.group(3);

    Person starter = BROWSERS.person(2, Browsers.PHONE);
    starter.page().navigate("/code/" + signInCode);
    assertThat(starter.textbox("Sign-in code")).not().hasValue("");
    starter.page().getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("New password").setExact(true))
        .fill("my own night shift password");
    starter.button("Set password and sign in").click();
    assertThat(starter.button("New chat")).isVisible();
    starter.startChatWith("Ada", "Ada Admin").send("Hello, I start tonight");
    admin.toList();
    assertThat(admin.chatLink("Cleaner 1")).isVisible();

    Person again = BROWSERS.person(1, Browsers.PHONE);
    again.page().navigate("/code/" + signInCode);
    again.page().getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("New password").setExact(true))
        .fill("someone else's password");
    again.button("Set password and sign in").click();
    assertThat(again.alert(Person.containing("does not work"))).isVisible();
    assertThat(again.button("New chat")).hasCount(0);
  }

  @Test
  void deactivatingSomeoneSignsTheirOpenBrowserOutAtOnce() throws Exception {
    Colleague bob = Seed.colleague(org, "bob", "Bob Baker");
    Person bobsPhone = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), bob);
    Person admin = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), "admin", "correct horse battery");
    admin.page().navigate("/admin/people");
    admin.page().getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search people")).fill("bob");
    admin.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Person.startsWith("Bob Baker"))).click();
    assertThat(admin.page().getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Bob Baker"))).isVisible();
    admin.button("Deactivate").click();
    assertThat(admin.confirmation("Deactivate")).containsText("signed out on all their devices at once");
    Screenshots.take(admin, "admin-deactivate");
    admin.confirm("Deactivate");
    assertThat(admin.button("Reactivate")).isVisible();

    assertThat(bobsPhone.button("Sign in")).isVisible();
    assertThat(bobsPhone.status(Person.containing("signed out"))).isVisible();
    assertEquals(401, api.get("/api/v1/me", bob.session().token()).status());

    admin.button("Reactivate").click();
    assertThat(admin.button("Deactivate")).isVisible();
    bobsPhone.signIn(org.slug(), bob);
  }

  @Test
  void hidingLastSeenInTheOrganisationSettingsHidesItFromMembers() throws Exception {
    Colleague alice = Seed.colleague(org, "alice", "Alice Adams");
    Colleague bob = Seed.colleague(org, "bob", "Bob Baker");
    Seed.text(api, bob, Seed.directChat(api, bob, alice), "See you tomorrow");
    Person bobsPhone = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), bob);
    String bobsPresence = "/api/v1/presence/" + bob.id();
    // the chat list shows before the socket is up: he is seen only once presence counts his phone
    for (int i = 0; i < 300 && !"online".equals(api.get(bobsPresence, alice.session().token()).json()
        .getString("status")); i++) {
      Thread.sleep(100);
    }
    bobsPhone.context().close();
    for (int i = 0; i < 300 && !api.get(bobsPresence, alice.session().token()).json().containsKey("lastSeen"); i++) {
      Thread.sleep(100);
    }
    JsonObject closed = api.get(bobsPresence, alice.session().token()).json();
    assertTrue(closed.containsKey("lastSeen"), "Bob is offline with a time last seen once his phone is closed: "
        + closed);
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Bob Baker");
    assertThat(a.status(Person.containing("last seen"))).isVisible();

    Person admin = BROWSERS.person(2, Browsers.DESKTOP).signIn(org.slug(), "admin", "correct horse battery");
    admin.page().navigate("/admin/settings");
    admin.page().getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Hide when people were last seen"))
        .check();
    admin.page().getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Organisation"))
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    assertThat(admin.status(Person.containing("Saved"))).isVisible();
    Screenshots.take(admin, "admin-org-settings");
    assertTrue(api.get("/api/v1/orgs/me", alice.session().token()).json().getJsonObject("settings")
        .getBoolean("hideLastSeen"));

    a.reload();
    assertThat(a.chatTitle("Bob Baker")).isVisible();
    JsonObject presence = api.get(bobsPresence, alice.session().token()).json();
    assertTrue(!presence.containsKey("lastSeen"), presence.encode());
    a.page().waitForTimeout(1_500);
    assertThat(a.status(Person.containing("last seen"))).hasCount(0);
  }

  @Test
  void theAdminScreensAreFoundByNameAndHaveNoSeriousAccessibilityProblems() throws Exception {
    List<String> porters = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      porters.add(org.create(new JsonObject().put("username", "porter" + i)
          .put("displayName", String.format("Porter %02d", i)).put("department", i % 2 == 0 ? "Kitchen" : "Wards"))
          .getString("id"));
    }
    String token = org.admin().token();
    JsonObject group = api.post("/api/v1/chats", token, new JsonObject().put("type", "group").put("name", "Loading bay")
        .put("members", new JsonArray(List.of(porters.get(0), porters.get(1))))).json();
    api.patch("/api/v1/chats/" + group.getString("id") + "/members/" + porters.get(0), token,
        new JsonObject().put("role", "admin"));
    String direct = api.post("/api/v1/chats", token, TestApi.directChat(porters.get(2))).json().getString("id");
    assertEquals(201, api.post("/api/v1/chats/" + direct + "/messages", token, new JsonObject()
        .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", "Fire drill at 3")
        .put("urgent", true)).status());
    Person admin = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), "admin", "correct horse battery");
    admin.page().navigate("/admin");
    assertThat(admin.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(
        "Organisation settings").setExact(true))).isVisible();
    noSeriousViolations(admin, "admin home");
    Screenshots.take(admin, "admin-home");

    admin.page().navigate("/admin/people");
    Locator people = admin.page().getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("People").setExact(true))
        .getByRole(AriaRole.LINK);
    assertThat(people).hasCount(50);
    admin.button("Show more").click();
    assertThat(people).hasCount(61);
    admin.page().getByLabel("Department").selectOption("Kitchen");
    assertThat(people).hasCount(30);
    noSeriousViolations(admin, "people");
    admin.page().evaluate("document.querySelector('.pane-main .screen').scrollTo(0, 0)");
    Screenshots.take(admin, "admin-people");

    admin.button("Add person").click();
    Locator form = admin.dialog("Add person");
    form.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Username").setExact(true)).fill("dee");
    form.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Display name").setExact(true))
        .fill("Dee Doyle");
    form.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Title").setExact(true)).fill("Porter");
    form.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Department").setExact(true))
        .fill("Kitchen");
    assertThat(form.getByRole(AriaRole.GROUP, new Locator.GetByRoleOptions().setName("Roles"))).isVisible();
    noSeriousViolations(admin, "add person");
    Screenshots.take(admin, "admin-add-person");
    form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create").setExact(true)).click();

    assertThat(admin.page().getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Dee Doyle"))).isVisible();
    Locator code = admin.textbox("Sign-in code");
    assertThat(code).hasValue(Pattern.compile("^[2-9A-HJKMNP-Z]{4}( [2-9A-HJKMNP-Z]{1,4})+$"));
    noSeriousViolations(admin, "person");
    Screenshots.take(admin, "admin-person");

    admin.page().navigate("/admin/people/" + porters.get(0));
    Locator groups = admin.page().getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Groups"));
    assertThat(groups).containsText("Loading bay");
    assertThat(groups).containsText("Group admin");
    groups.getByText("Loading bay").click();
    assertThat(groups).containsText("Porter 02");
    assertThat(admin.page().getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Groups")))
        .not().containsText("Porter 03");

    admin.page().navigate("/admin/urgent");
    assertThat(admin.page().getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Urgent messages used")))
        .isVisible();
    Locator urgent = admin.page().getByRole(AriaRole.TABLE).getByRole(AriaRole.ROW);
    assertThat(urgent).hasCount(2);
    assertThat(urgent.nth(1)).containsText("Ada Admin");
    assertThat(urgent.nth(1)).containsText("Porter 03");
    assertThat(urgent.nth(1)).not().containsText("Fire drill");
    noSeriousViolations(admin, "urgent record");
    Screenshots.take(admin, "admin-urgent");

    admin.page().navigate("/admin/settings");
    assertThat(admin.page().getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Working hours"))).isVisible();
    noSeriousViolations(admin, "organisation settings");
  }

  private static void noSeriousViolations(Person person, String screen) throws Exception {
    List<String> violations = Accessibility.seriousViolations(person.page());
    assertTrue(violations.isEmpty(), screen + ": " + violations);
  }

  private List<Object> usersNamed(String q) throws Exception {
    return api.get("/api/v1/users?limit=100&q=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8),
        org.admin().token()).json().getJsonArray("users").getList();
  }

  /** The pages of a PDF, counted by their page objects. */
  static int pdfPages(byte[] pdf) {
    Matcher m = Pattern.compile("/Type\\s*/Page[^s]").matcher(new String(pdf, StandardCharsets.ISO_8859_1));
    int pages = 0;
    while (m.find()) {
      pages++;
    }
    return pages;
  }
}
