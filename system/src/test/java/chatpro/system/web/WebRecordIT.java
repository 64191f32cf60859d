package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.web.Seed.Colleague;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The secure record's screens in the admin area, on the real stack: the audit log and its chain check, legal holds,
 * an investigation export made and downloaded, and the retention setting; each for the role it belongs to.
 */
class WebRecordIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();

  private final TestApi api;
  private final Org org;
  private final Colleague bob;
  private final Colleague carol;

  WebRecordIT() throws Exception {
    api = ChatproExtension.api(1);
    org = api.newOrg();
    bob = Seed.colleague(org, "bob", "Bob Baker");
    JsonObject officer = org.create(new JsonObject().put("username", "carol").put("displayName", "Carol Clark")
        .put("roles", new JsonArray(List.of("member", "compliance"))));
    carol = new Colleague(officer.getString("id"), "carol", "Carol Clark",
        api.login(org.slug(), "carol", "password of carol"));
  }

  private Person compliance(int node) throws Exception {
    return BROWSERS.person(node, Browsers.DESKTOP).signIn(org.slug(), carol);
  }

  private static Locator heading(Person p, String name) {
    return p.page().getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  /** Audit entries are appended within seconds of their action: wait until the org's chain holds this many. */
  private void awaitEntries(int count) throws Exception {
    for (int i = 0; i < 150; i++) {
      if (api.get("/api/v1/audit?limit=1000", carol.session().token()).json().getJsonArray("entries").size() >= count) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("fewer than " + count + " audit entries after 15 s");
  }

  @Test
  void theAuditLogListsWhatHappenedAndItsChainVerifies() throws Exception {
    awaitEntries(3);
    Person officer = compliance(1);
    officer.page().navigate("/admin/audit");
    assertThat(heading(officer, "Audit log")).isVisible();
    Locator rows = officer.page().getByRole(AriaRole.TABLE).getByRole(AriaRole.ROW)
        .filter(new Locator.FilterOptions().setHasText("Person added"));
    assertThat(rows.filter(new Locator.FilterOptions().setHasText("Bob Baker"))).hasCount(1);
    officer.page().getByLabel("Action").selectOption("user.created");
    assertThat(officer.page().getByRole(AriaRole.TABLE).getByRole(AriaRole.ROW)
        .filter(new Locator.FilterOptions().setHasText("Person added"))).hasCount(3);
    officer.button("Verify chain").click();
    assertThat(officer.status(Person.containing("The chain is intact"))).isVisible();
    List<String> violations = Accessibility.seriousViolations(officer.page());
    assertTrue(violations.isEmpty(), violations.toString());
    Screenshots.take(officer, "admin-audit");
  }

  @Test
  void aComplianceOfficerPlacesAndLiftsAHoldWhichAnAdminCannotSee() throws Exception {
    Person admin = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), "admin", "correct horse battery");
    admin.page().navigate("/admin");
    assertThat(admin.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log").setExact(true)))
        .isVisible();
    assertThat(admin.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Legal holds").setExact(true)))
        .hasCount(0);
    assertEquals(403, api.get("/api/v1/holds", org.admin().token()).status());

    Person officer = compliance(1);
    officer.page().navigate("/admin/holds");
    officer.page().getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Person")).fill("bob");
    officer.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Person.startsWith("Bob Baker"))).click();
    officer.textbox("Reason").fill("Grievance 2026-14");
    officer.button("Place hold").click();
    Locator holds = officer.page().getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Legal holds"));
    assertThat(holds).containsText("Everything Bob Baker wrote");
    assertThat(holds).containsText("Grievance 2026-14");
    assertEquals(1, api.get("/api/v1/holds", carol.session().token()).json().getJsonArray("holds").size());
    List<String> violations = Accessibility.seriousViolations(officer.page());
    assertTrue(violations.isEmpty(), violations.toString());
    Screenshots.take(officer, "admin-holds");

    officer.button("Lift hold").click();
    officer.confirm("Lift hold");
    assertThat(officer.status(Person.containing("No holds are in place"))).isVisible();
    assertEquals(0, api.get("/api/v1/holds", carol.session().token()).json().getJsonArray("holds").size());
  }

  @Test
  void anExportIsMadeWithItsProgressAndDownloadedAsAZipWithItsManifest() throws Exception {
    Colleague dee = Seed.colleague(org, "dee", "Dee Doyle");
    String chat = Seed.directChat(api, bob, dee);
    Seed.text(api, bob, chat, "The forklift key is in the office");
    Seed.text(api, dee, chat, "Thanks, got it");

    Person officer = compliance(2);
    officer.page().navigate("/admin/exports");
    officer.page().getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Person")).fill("bob");
    officer.page().getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Person.startsWith("Bob Baker"))).click();
    officer.textbox("Reason").fill("Safety incident 7");
    officer.button("Make export").click();
    Locator exports = officer.page().getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Exports"));
    assertThat(exports).containsText("Conversations of Bob Baker");
    Locator download = exports.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Download"));
    assertThat(download).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
        .setTimeout(60_000));
    List<String> violations = Accessibility.seriousViolations(officer.page());
    assertTrue(violations.isEmpty(), violations.toString());
    Screenshots.take(officer, "admin-exports");

    Download file = officer.page().waitForDownload(download::click);
    Set<String> names = new HashSet<>();
    String events = "";
    try (InputStream in = Files.newInputStream(file.path()); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        names.add(e.getName());
        if (e.getName().equals("events.jsonl")) {
          events = new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    assertTrue(names.containsAll(List.of("manifest.json", "events.jsonl", "chats.json")), names.toString());
    assertTrue(events.contains("The forklift key is in the office") && events.contains("Thanks, got it"), events);
  }

  @Test
  void anAdminSetsHowLongMessagesAreKept() throws Exception {
    Person admin = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), "admin", "correct horse battery");
    admin.page().navigate("/admin/settings");
    Locator form = admin.page().getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("How long messages are kept"));
    assertThat(form).containsText("within an hour");
    form.getByRole(AriaRole.RADIO, new Locator.GetByRoleOptions().setName("Delete messages after a number of days")).check();
    form.getByRole(AriaRole.SPINBUTTON, new Locator.GetByRoleOptions().setName("Days to keep messages")).fill("30");
    form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    assertThat(form.getByRole(AriaRole.STATUS)).containsText("Saved");
    assertEquals(30, api.get("/api/v1/orgs/me", org.admin().token()).json().getJsonObject("settings")
        .getInteger("messageRetentionDays"));
    form.scrollIntoViewIfNeeded();
    Screenshots.take(admin, "admin-retention");
  }
  @Test
  void anAdminErasesAPersonOnceTheirHoldIsLiftedAndTheirMessagesReadAsAFormerColleagues() throws Exception {
    Colleague dee = Seed.colleague(org, "dee", "Dee Doyle");
    Colleague eve = Seed.colleague(org, "eve", "Eve Evans");
    String chat = Seed.directChat(api, eve, dee);
    Seed.text(api, eve, chat, "Are you on the late shift?");
    Seed.text(api, dee, chat, "Yes, until ten");
    Answer hold = api.post("/api/v1/holds", carol.session().token(), new JsonObject().put("scope", "user")
        .put("targetId", dee.id()).put("reason", "Case 12"));
    assertEquals(201, hold.status(), hold.body());

    Person admin = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), "admin", "correct horse battery");
    admin.page().navigate("/admin/people/" + dee.id());
    admin.button("Erase person").click();
    Locator confirm = admin.page().getByRole(AriaRole.ALERTDIALOG);
    assertThat(confirm).containsText("cannot be undone");
    assertThat(confirm).containsText("Message from a former colleague");
    Screenshots.take(admin, "admin-erase");
    confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Erase person").setExact(true)).click();
    assertThat(confirm.getByRole(AriaRole.ALERT)).containsText("reason");
    confirm.getByLabel("Reason").fill("Request of 1 December");
    confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Erase person").setExact(true)).click();
    assertThat(admin.alert(Person.containing("legal hold"))).isVisible();
    assertEquals("Dee Doyle", api.get("/api/v1/users/" + dee.id(), eve.session().token()).json()
        .getString("displayName"), "nothing was erased under the hold");

    assertEquals(204, api.call("DELETE", "/api/v1/holds/" + hold.json().getString("id"), carol.session().token(),
        null).status());
    admin.button("Erase person").click();
    confirm.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Erase person").setExact(true)).click();
    assertThat(admin.status(Person.containing("was erased"))).isVisible();

    Person eves = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), eve).openChat("Former colleague");
    assertThat(eves.message("Message from a former colleague")).isVisible();
    assertThat(eves.message("Are you on the late shift?")).isVisible();
    assertThat(eves.page().getByText("Yes, until ten")).hasCount(0);
    assertThat(eves.status(Person.containing("nobody will get a reply"))).isVisible();
    Screenshots.take(eves, "chat-erased");
  }
}
