package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import chatpro.system.web.Seed.Colleague;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A group of three on three phones: made in the app, read by everyone, and run from its Group info. */
class WebGroupsIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();
  private static final Locator.GetByRoleOptions ADD_MEMBERS = new Locator.GetByRoleOptions().setName("Add members")
      .setExact(true);

  private final TestApi api;
  private final Org org;
  private final Colleague alice;
  private final Colleague benjamin;
  private final Colleague chioma;

  WebGroupsIT() throws Exception {
    api = ChatproExtension.api(1);
    org = api.newOrg();
    alice = Seed.colleague(org, "alice", "Alice Adams");
    benjamin = Seed.colleague(org, "benjamin", "Benjamin Okafor");
    chioma = Seed.colleague(org, "chioma", "Chioma Eze");
  }

  @Test
  void aGroupMadeInTheAppReachesBothMembersAndMessageInfoShowsWhenEachReadIt() throws Exception {
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice);
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin);
    Person c = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), chioma);

    a.createGroup("Night shift", List.of("Benjamin Okafor", "Chioma Eze"));
    a.send("Handover at 7 tonight");
    b.openChat("Night shift");
    assertThat(b.message("Handover at 7 tonight")).isVisible();
    assertThat(b.messages().getByRole(AriaRole.ARTICLE, new Locator.GetByRoleOptions()
        .setName(Person.startsWith("Alice Adams")))).hasCount(1);
    c.openChat("Night shift");
    assertThat(c.message("Handover at 7 tonight")).isVisible();
    assertThat(a.tick("Handover at 7 tonight", "Read")).isVisible();

    a.act("Handover at 7 tonight", "Message info");
    Locator info = a.dialog("Message info");
    assertThat(info).containsText("Benjamin Okafor");
    assertThat(info).containsText("Chioma Eze");
    assertThat(info.getByText(Pattern.compile("^Read "))).hasCount(2);
    Screenshots.take(a, "groups-message-info");
  }

  @Test
  void anAdminPromotesDemotesRemovesAndRenamesAndAMemberLeaves() throws Exception {
    JsonObject created = api.post("/api/v1/chats", alice.session().token(), new JsonObject().put("type", "group")
        .put("name", "Night shift").put("members", new JsonArray(List.of(benjamin.id(), chioma.id())))).json();
    Seed.text(api, alice, created.getString("id"), "Welcome to the night shift");
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Night shift");
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Night shift");
    Person c = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), chioma).openChat("Night shift");

    b.button("Group info").click();
    Locator benjaminsInfo = b.dialog("Group info");
    assertThat(benjaminsInfo.getByRole(AriaRole.BUTTON, ADD_MEMBERS)).hasCount(0);
    a.button("Group info").click();
    Locator info = a.dialog("Group info");
    Locator benjaminRow = member(info, "Benjamin Okafor");
    benjaminRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Make admin")).click();
    assertThat(benjaminRow).containsText("Group admin");
    assertThat(benjaminsInfo.getByRole(AriaRole.BUTTON, ADD_MEMBERS)).isVisible();
    benjaminRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove as admin")).click();
    assertThat(benjaminRow).not().containsText("Group admin");
    assertThat(benjaminsInfo.getByRole(AriaRole.BUTTON, ADD_MEMBERS)).hasCount(0);
    benjaminsInfo.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).click();

    member(info, "Chioma Eze").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove").setExact(true))
        .click();
    assertThat(member(info, "Chioma Eze")).hasCount(0);
    assertThat(c.status(Pattern.compile("no longer a member"))).isVisible();
    assertThat(c.textbox("Message")).hasCount(0);

    info.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Group name")).fill("Day shift");
    info.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Rename")).click();
    Screenshots.take(a, "groups-group-info");
    info.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).click();
    assertThat(a.chatTitle("Day shift")).isVisible();
    assertThat(b.chatTitle("Day shift")).isVisible();
    b.toList();
    assertThat(b.chatLink("Day shift")).isVisible();

    b.openChat("Day shift");
    b.button("Group info").click();
    b.dialog("Group info").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Leave group")).click();
    b.confirm("Leave group");
    assertThat(b.button("New chat")).isVisible();
    assertThat(b.chatLink("Day shift")).hasCount(0);
    a.button("Group info").click();
    assertThat(member(a.dialog("Group info"), "Benjamin Okafor")).hasCount(0);
    assertThat(member(a.dialog("Group info"), "Alice Adams")).hasCount(1);
  }

  /** A member's row in Group info. */
  private static Locator member(Locator info, String name) {
    return info.getByRole(AriaRole.LIST, new Locator.GetByRoleOptions().setName("Members"))
        .getByRole(AriaRole.LISTITEM).filter(new Locator.FilterOptions().setHasText(name));
  }
}
