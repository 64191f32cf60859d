package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import chatpro.system.web.Seed.Colleague;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Off duty on a phone: the app goes quiet (no badge, no preview) while messages wait; the sender is told; looking
 * anyway shows what waited, a reload is quiet again, and "I'm back" brings everything.
 */
class WebOffDutyIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();
  private static final Pattern QUIET_BANNER = Pattern.compile("Off duty until .+ messages will wait");
  private static final Locator.GetByRoleOptions LOOK_ANYWAY = new Locator.GetByRoleOptions().setName("Look anyway")
      .setExact(true);
  private static final Locator.GetByRoleOptions BACK = new Locator.GetByRoleOptions().setName("I'm back")
      .setExact(true);

  @Test
  void messagesWaitWhileOffDutyUntilLookingAnywayOrComingBack() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Colleague alice = Seed.colleague(org, "alice", "Alice Adams");
    Colleague benjamin = Seed.colleague(org, "benjamin", "Benjamin Okafor");
    String chat = Seed.directChat(api, alice, benjamin);
    Seed.text(api, alice, chat, "Handover notes are on the desk");

    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");
    assertThat(b.message("Handover notes are on the desk")).isVisible();
    b.toList();
    assertThat(b.anyUnread("Alice Adams")).hasCount(0);
    b.openSettings();
    b.button("Go off duty").click();
    Locator banner = b.status(QUIET_BANNER);
    assertThat(banner).isVisible();
    assertThat(banner.getByRole(AriaRole.BUTTON, LOOK_ANYWAY)).isVisible();
    b.toList();

    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");
    a.send("Are you still around?");
    assertThat(a.tick("Are you still around?", "Sent")).isVisible();
    assertThat(a.status(Pattern.compile("Benjamin Okafor is off duty until")).or(
        a.status(Pattern.compile("off duty until", Pattern.CASE_INSENSITIVE))).first()).isVisible();
    Screenshots.take(a, "off-duty-sender");
    assertEquals(1, unreadOverApi(api, benjamin, chat), "the server holds the message for Benjamin");

    assertThat(b.anyUnread("Alice Adams")).hasCount(0);
    assertThat(b.chatLink("Alice Adams")).containsText("Handover notes are on the desk");
    Screenshots.take(b, "off-duty-quiet");
    banner.getByRole(AriaRole.BUTTON, LOOK_ANYWAY).click();
    assertThat(b.unread("Alice Adams", 1)).isVisible();
    assertThat(b.chatLink("Alice Adams")).containsText("Are you still around?");

    b.reload();
    assertThat(b.status(QUIET_BANNER)).isVisible();
    a.send("Call me when you are back");
    assertThat(a.tick("Call me when you are back", "Sent")).isVisible();
    assertEquals(2, unreadOverApi(api, benjamin, chat));
    assertThat(b.chatLink("Alice Adams")).not().containsText("Call me when you are back");
    assertThat(b.unread("Alice Adams", 2)).hasCount(0);
    Screenshots.take(b, "off-duty-quiet-after-reload");

    assertThat(banner.getByRole(AriaRole.BUTTON, BACK)).isVisible();
    banner.getByRole(AriaRole.BUTTON, BACK).click();
    assertThat(b.status(QUIET_BANNER)).hasCount(0);
    assertThat(b.chatLink("Alice Adams")).containsText("Call me when you are back");
    assertThat(b.unread("Alice Adams", 2)).isVisible();
  }

  private static int unreadOverApi(TestApi api, Colleague who, String chatId) throws Exception {
    return api.get("/api/v1/chats", who.session().token()).json().getJsonArray("chats").stream()
        .map(JsonObject.class::cast).filter(c -> chatId.equals(c.getString("id"))).findFirst().orElseThrow()
        .getInteger("unread");
  }
}
