package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import chatpro.system.web.Seed.Colleague;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.AriaRole;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The everyday journeys on a phone: signing in, finding a colleague, a direct chat with its ticks, and what one
 * does to a message (reply, react, edit, delete, forward) as the other person sees it on another gateway node.
 */
class WebJourneysIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();

  private final TestApi api;
  private final Org org;
  private final Colleague alice;
  private final Colleague benjamin;

  WebJourneysIT() throws Exception {
    api = ChatproExtension.api(1);
    org = api.newOrg();
    alice = Seed.colleague(org, "alice", "Alice Adams");
    benjamin = Seed.colleague(org, "benjamin", "Benjamin Okafor");
  }

  @Test
  void aColleagueFoundDespiteATypoChatsBothWaysAndTheTicksGoFromSendingToRead() throws Exception {
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice);
    a.startChatWith("Benjamn", "Benjamin Okafor");

    a.offline(true);
    assertThat(a.status(Pattern.compile("No connection"))).isVisible();
    a.type("Are you on the ward today?");
    a.button("Send").click();
    assertThat(a.tick("Are you on the ward today?", "Sending")).isVisible();
    Screenshots.take(a, "journey-sending");
    a.offline(false);
    assertThat(a.tick("Are you on the ward today?", "Sent")).isVisible();

    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin);
    assertThat(b.unread("Alice Adams", 1)).isVisible();
    assertThat(a.tick("Are you on the ward today?", "Delivered")).isVisible();

    b.openChat("Alice Adams");
    assertThat(b.message("Are you on the ward today?")).isVisible();
    assertThat(a.tick("Are you on the ward today?", "Read")).isVisible();

    b.send("Yes, until six");
    assertThat(a.message("Yes, until six")).isVisible();
    assertThat(b.tick("Yes, until six", "Read")).isVisible();
    Screenshots.take(a, "journey-direct-chat");
  }

  @Test
  void aWrongPasswordIsToldInAnAlertAndSigningOutShowsTheSignInPageAgain() throws Exception {
    Person a = BROWSERS.person(1, Browsers.PHONE);
    Locator alert = a.signInRefused(org.slug(), alice.username(), "not the password at all");
    assertThat(alert).isVisible();
    assertThat(alert).not().isEmpty();
    assertThat(a.button("New chat")).not().isVisible();
    Screenshots.take(a, "journey-wrong-password");

    a.signIn(org.slug(), alice);
    a.signOut();
    a.reload();
    assertThat(a.button("Sign in")).isVisible();
    assertThat(a.button("New chat")).not().isVisible();
  }

  @Test
  void aReplyQuotesTheMessageAndAReactionShowsOnTheOtherSide() throws Exception {
    String chat = Seed.directChat(api, alice, benjamin);
    Seed.text(api, alice, chat, "Can you cover the night shift?");
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");

    b.act("Can you cover the night shift?", "Reply");
    b.send("Yes, I can do it");
    Locator reply = a.message("Yes, I can do it");
    assertThat(reply).isVisible();
    assertThat(reply).containsText("Can you cover the night shift?");

    b.act("Can you cover the night shift?", "React");
    b.dialog("React").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("React with 👍")).click();
    Locator original = a.message("Can you cover the night shift?").first();
    assertThat(original.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("👍"))))
        .isVisible();
    Screenshots.take(a, "journey-reply-and-reaction");
  }

  @Test
  void anEditShowsTheNewTextAsEditedAndADeletionForEveryoneLeavesANote() throws Exception {
    String chat = Seed.directChat(api, alice, benjamin);
    Seed.text(api, benjamin, chat, "Morning");
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");
    a.send("The meeting is at 10");
    a.send("Bring the rota");
    assertThat(b.message("Bring the rota")).isVisible();

    a.act("The meeting is at 10", "Edit");
    a.textbox("Message").fill("The meeting is at 11");
    a.button("Save").click();
    Locator edited = b.message("The meeting is at 11");
    assertThat(edited).isVisible();
    assertThat(edited).containsText("edited");
    assertThat(b.message("The meeting is at 10")).hasCount(0);

    a.act("Bring the rota", "Delete for everyone");
    a.confirm("Delete for everyone");
    assertThat(b.message("This message was deleted")).isVisible();
    assertThat(b.message("Bring the rota")).hasCount(0);
    assertThat(a.message("Bring the rota")).hasCount(0);
    Screenshots.take(b, "journey-edited-and-deleted");
  }

  @Test
  void aForwardedMessageArrivesInTheOtherChatMarkedForwarded() throws Exception {
    Colleague chioma = Seed.colleague(org, "chioma", "Chioma Eze");
    String withBenjamin = Seed.directChat(api, alice, benjamin);
    String withChioma = Seed.directChat(api, alice, chioma);
    Seed.text(api, benjamin, withBenjamin, "The lift on level 3 is broken");
    Seed.text(api, alice, withChioma, "Hello Chioma");
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");
    Person c = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), chioma).openChat("Alice Adams");

    a.act("The lift on level 3 is broken", "Forward");
    a.dialog("Forward to…")
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Person.startsWith("Chioma Eze"))).click();
    Locator arrived = c.message("The lift on level 3 is broken");
    assertThat(arrived).isVisible();
    assertThat(arrived).containsText("Forwarded");
    assertThat(a.chatTitle("Chioma Eze")).isVisible();
    assertThat(a.message("The lift on level 3 is broken")).containsText("Forwarded");
    assertEquals(1, Seed.messagesWithText(api, chioma, withChioma, "The lift on level 3 is broken").stream()
        .filter(e -> e.getString("forwardOf") != null).count(), "stored once, as a forward");
    Screenshots.take(c, "journey-forwarded");
  }

  @Test
  void textOverTheLimitIsStoppedInTheComposerWithAnAlert() throws Exception {
    Seed.directChat(api, alice, benjamin);
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");

    a.type("x".repeat(4_097));
    assertThat(a.alert(Pattern.compile("too long"))).isVisible();
    assertThat(a.button("Send")).isDisabled();
    Screenshots.take(a, "journey-too-long");

    a.type("y".repeat(4_096));
    assertThat(a.alert(Pattern.compile("too long"))).hasCount(0);
    a.button("Send").click();
    assertThat(a.tick("y".repeat(4_096), "Sent").or(a.tick("y".repeat(4_096), "Delivered"))).isVisible();
  }
}
