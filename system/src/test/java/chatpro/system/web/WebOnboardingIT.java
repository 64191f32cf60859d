package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.web.Seed.Colleague;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Getting in, on a phone: a new starter's sign-in code, a shared device that leaves nothing behind (checked through
 * the browser's own storage APIs) and signs out when left alone, and an organisation created from the browser with
 * the operator token. The pages are checked with axe-core and photographed.
 */
class WebOnboardingIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();
  /** What the page holds of ChatPro in the browser: databases, caches, service workers and both storages. */
  private static final String STORAGE = "async () => JSON.stringify({"
      + " databases: (await indexedDB.databases()).map((d) => d.name),"
      + " caches: await caches.keys(),"
      + " workers: (await navigator.serviceWorker.getRegistrations()).length,"
      + " session: Object.keys(sessionStorage),"
      + " local: Object.keys(localStorage).sort() })";
  private static final String NOTHING_KEPT = "async () => (await indexedDB.databases()).length === 0"
      + " && (await caches.keys()).length === 0 && (await navigator.serviceWorker.getRegistrations()).length === 0";

  private final TestApi api;
  private final Org org;
  private final Colleague benjamin;

  WebOnboardingIT() throws Exception {
    api = ChatproExtension.api(1);
    org = api.newOrg();
    benjamin = Seed.colleague(org, "benjamin", "Benjamin Okafor");
  }

  @Test
  void aNewStarterSetsTheirPasswordWithTheCodeFromTheirCardAndSendsAFirstMessage() throws Exception {
    String id = personWithoutPassword("nadia", "Nadia Novak");
    String code = signInCode(id);

    Person nadia = BROWSERS.person(1, Browsers.PHONE);
    nadia.page().navigate("/code/" + code.toLowerCase());
    Locator codeBox = nadia.textbox("Sign-in code");
    assertThat(codeBox).hasValue(grouped(code));
    // The code leaves the address (and so the history) at once.
    nadia.page().waitForURL(Pattern.compile("/code$"));
    assertFalse((Boolean) nadia.page().evaluate("c => location.href.toUpperCase().includes(c)", code));
    assertEquals(List.of(), Accessibility.seriousViolations(nadia.page()), "code page");
    Screenshots.take(nadia, "onboarding-code-page");

    nadia.textbox("New password").fill("my first day at riverside");
    nadia.button("Set password and sign in").click();
    assertThat(nadia.button("New chat")).isVisible();
    nadia.startChatWith("Benjamin", "Benjamin Okafor").send("Hello, it is my first day");

    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin);
    b.openChat("Nadia Novak");
    assertThat(b.message("Hello, it is my first day")).isVisible();
    assertEquals(id, api.login(org.slug(), "nadia", "my first day at riverside").userId(),
        "the chosen password signs in from now on");
  }

  @Test
  void aCodeUsedOnceIsRefusedInWordsAndSoIsACommonPassword() throws Exception {
    String id = personWithoutPassword("omar", "Omar Haddad");
    String code = signInCode(id);
    Answer used = api.post("/api/v1/auth/code", null, new JsonObject().put("code", code).put("password", "omar's own password"));
    assertEquals(200, used.status(), used.body());

    Person someone = BROWSERS.person(2, Browsers.PHONE);
    someone.page().navigate("/");
    someone.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("I have a sign-in code").setExact(true))
        .click();
    someone.textbox("Sign-in code").fill(grouped(code).toLowerCase().replace(' ', '-'));
    someone.textbox("New password").fill("1234567890");
    someone.button("Set password and sign in").click();
    assertThat(someone.alert(Person.containing("too common"))).isVisible();

    someone.textbox("New password").fill("someone else's password");
    someone.button("Set password and sign in").click();
    assertThat(someone.alert(Person.containing("does not work"))).isVisible();
    assertThat(someone.alert(Person.containing("new card"))).isVisible();
    assertThat(someone.button("New chat")).hasCount(0);
    assertEquals(List.of(), Accessibility.seriousViolations(someone.page()), "code page with its alert");
    Screenshots.take(someone, "onboarding-code-refused");
  }

  @Test
  void aSharedDeviceSessionLeavesNothingInTheBrowserWhileAnOrdinaryOneKeepsItsCache() throws Exception {
    Colleague alice = Seed.colleague(org, "alice", "Alice Adams");
    Seed.text(api, benjamin, Seed.directChat(api, benjamin, alice), "The keys are at the front desk");

    Person own = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice);
    own.page().waitForFunction("async () => (await indexedDB.databases()).some((d) => d.name === 'chatpro')"
        + " && (await caches.keys()).length > 0");

    Person shared = BROWSERS.person(2, Browsers.PHONE);
    shared.page().navigate("/");
    // An ordinary start first: the service worker and the database are there to be removed.
    shared.page().waitForFunction("async () => (await caches.keys()).length > 0"
        + " && (await indexedDB.databases()).some((d) => d.name === 'chatpro')");
    shared.textbox("Organisation").fill(org.slug());
    shared.textbox("Username").fill(alice.username());
    shared.page().getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Password").setExact(true))
        .fill(alice.password());
    sharedBox(shared).check();
    Screenshots.take(shared, "onboarding-shared-device-sign-in");
    shared.button("Sign in").click();
    assertThat(shared.button("New chat")).isVisible();
    shared.page().waitForFunction(NOTHING_KEPT);

    shared.openChat("Benjamin Okafor");
    assertThat(shared.message("The keys are at the front desk")).isVisible();
    shared.send("Thanks, I have them");
    assertThat(shared.tick("Thanks, I have them", "Sent").or(shared.tick("Thanks, I have them", "Delivered")))
        .isVisible();
    // The login lives in this tab's sessionStorage: a reload stays signed in.
    shared.reload();
    assertThat(shared.message("Thanks, I have them")).isVisible();
    JsonObject during = storage(shared);
    assertEquals(new JsonArray(), during.getJsonArray("databases"), during.encode());
    assertEquals(new JsonArray(), during.getJsonArray("caches"), during.encode());

    shared.signOut();
    shared.page().waitForFunction(NOTHING_KEPT);
    JsonObject after = storage(shared);
    assertEquals(new JsonArray(), after.getJsonArray("session"), after.encode());
    assertTrue(List.of("chatpro.language", "chatpro.lastOrg").containsAll(after.getJsonArray("local").getList()),
        after.encode());
    assertThat(sharedBox(shared)).isChecked();

    JsonObject ordinary = storage(own);
    assertTrue(ordinary.getJsonArray("databases").contains("chatpro"), ordinary.encode());
    assertFalse(ordinary.getJsonArray("caches").isEmpty(), ordinary.encode());
  }

  @Test
  void aSharedDeviceAsksStillThereThenSignsOutAfterTheOrganisationsMinutesWithoutUse() throws Exception {
    Answer set = api.patch("/api/v1/orgs/me", org.admin().token(),
        new JsonObject().put("settings", new JsonObject().put("sharedDeviceTimeoutMinutes", 1)));
    assertEquals(200, set.status(), set.body());
    Colleague carla = Seed.colleague(org, "carla", "Carla Reyes");

    Person tablet = BROWSERS.person(1, Browsers.PHONE);
    tablet.page().navigate("/");
    tablet.textbox("Organisation").fill(org.slug());
    tablet.textbox("Username").fill(carla.username());
    tablet.page().getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Password").setExact(true))
        .fill(carla.password());
    sharedBox(tablet).check();
    tablet.button("Sign in").click();
    assertThat(tablet.button("New chat")).isVisible();

    // A one-minute timeout asks halfway; a button keeps the session, and the clock starts again.
    Locator stillThere = tablet.page().getByRole(AriaRole.ALERTDIALOG,
        new Page.GetByRoleOptions().setName("Still there?").setExact(true));
    assertThat(stillThere).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(45_000));
    assertThat(stillThere).containsText("signs you out in 30 seconds");
    Screenshots.take(tablet, "onboarding-still-there");
    stillThere.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Stay signed in").setExact(true))
        .click();
    assertThat(stillThere).hasCount(0);
    assertThat(tablet.button("New chat")).isVisible();

    assertThat(stillThere).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(45_000));
    assertThat(tablet.button("Sign in")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(45_000));
    assertThat(tablet.status(Person.containing("signed out after 1 minute without use"))).isVisible();
    tablet.page().waitForFunction(NOTHING_KEPT);
    assertEquals(new JsonArray(), storage(tablet).getJsonArray("session"));
    Screenshots.take(tablet, "onboarding-signed-out-idle");
  }

  @Test
  void anOrganisationIsCreatedFromTheBrowserWithTheOperatorTokenAndItsAdminIsSignedIn() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    Person rita = BROWSERS.person(2, Browsers.PHONE);
    rita.page().navigate("/");
    rita.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create an organisation").setExact(true))
        .click();
    rita.textbox("Operator token").fill("not the operator token");
    rita.textbox("Organisation name").fill("Riverside Care " + suffix);
    Locator slug = rita.textbox("Short name for signing in");
    assertThat(slug).hasValue("riverside-care-" + suffix);
    rita.textbox("Your name").fill("Rita Moreno");
    rita.textbox("Username").fill("Rita");
    rita.textbox("Password").fill("short");
    rita.button("Create organisation").click();
    assertThat(rita.page().getByText("The password needs at least 10 characters.")).isVisible();
    assertThat(rita.textbox("Password")).isFocused();

    rita.textbox("Password").fill("a long admin password");
    rita.button("Create organisation").click();
    assertThat(rita.page().getByText("That operator token is not right.", new Page.GetByTextOptions().setExact(false)))
        .isVisible();
    assertEquals(List.of(), Accessibility.seriousViolations(rita.page()), "create-organisation page with errors");

    rita.textbox("Operator token").fill(ChatproExtension.OPERATOR_TOKEN);
    slug.fill(org.slug());
    rita.button("Create organisation").click();
    assertThat(rita.page().getByText("That short name is taken already.", new Page.GetByTextOptions().setExact(false)))
        .isVisible();

    rita.page().evaluate("document.getElementById('app').scrollTo(0, 0)");
    Screenshots.take(rita, "onboarding-create-organisation");

    slug.fill("riverside-" + suffix);
    rita.button("Create organisation").click();
    assertThat(rita.button("New chat")).isVisible();
    assertThat(rita.page().getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Admin").setExact(true)))
        .isVisible();
    TestApi.Session admin = api.login("riverside-" + suffix, "rita", "a long admin password");
    JsonObject me = api.get("/api/v1/me", admin.token()).json();
    assertEquals("Rita Moreno", me.getString("displayName"));
    assertTrue(me.getJsonArray("roles").contains("admin"), me.encode());
  }

  /** A person the admin added without a password: they get in with a sign-in code. */
  private String personWithoutPassword(String username, String displayName) throws Exception {
    Answer created = api.post("/api/v1/users", org.admin().token(),
        new JsonObject().put("username", username).put("displayName", displayName));
    assertEquals(201, created.status(), created.body());
    return created.json().getString("id");
  }

  private String signInCode(String userId) throws Exception {
    Answer answer = api.post("/api/v1/users/" + userId + "/sign-in-code", org.admin().token(), new JsonObject());
    assertEquals(201, answer.status(), answer.body());
    return answer.json().getString("code");
  }

  /** The code as the card prints it, in groups of four. */
  private static String grouped(String code) {
    return code.replaceAll("(.{4})(?=.)", "$1 ");
  }

  private static Locator sharedBox(Person person) {
    return person.page().getByRole(AriaRole.CHECKBOX,
        new Page.GetByRoleOptions().setName("This is a shared device").setExact(true));
  }

  private static JsonObject storage(Person person) {
    return new JsonObject((String) person.page().evaluate(STORAGE));
  }
}
