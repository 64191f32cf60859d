package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatpro.system.ChatproExtension;
import chatpro.system.LocalSystem;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import chatpro.system.web.Seed.Colleague;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A phone's connection is not to be trusted: a message written without a network, a reload in the middle, and the
 * gateway node the phone talks to going away and coming back. Nothing is lost, nothing arrives twice, and the
 * screen always says what is going on.
 */
class WebResilienceIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();
  private static final Pattern NO_CONNECTION = Pattern.compile("No connection");

  private final TestApi api;
  private final Org org;
  private final Colleague alice;
  private final Colleague benjamin;
  private final String chat;

  WebResilienceIT() throws Exception {
    api = ChatproExtension.api(2);
    org = api.newOrg();
    alice = Seed.colleague(org, "alice", "Alice Adams");
    benjamin = Seed.colleague(org, "benjamin", "Benjamin Okafor");
    chat = Seed.directChat(api, alice, benjamin);
    Seed.text(api, benjamin, chat, "Where are you?");
  }

  @Test
  void aMessageWrittenWithoutANetworkArrivesExactlyOnceAfterReconnecting() throws Exception {
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");

    a.offline(true);
    assertThat(a.status(NO_CONNECTION)).isVisible();
    assertThat(a.chatTitle("Benjamin Okafor")).isVisible();
    assertThat(a.message("Where are you?")).isVisible();
    a.type("In the lift, back in a minute");
    a.button("Send").click();
    assertThat(a.tick("In the lift, back in a minute", "Sending")).isVisible();
    Screenshots.take(a, "resilience-offline");

    a.offline(false);
    assertThat(a.tick("In the lift, back in a minute", "Read")).isVisible();
    assertArrivedOnce(a, b, "In the lift, back in a minute");
    assertThat(a.status(NO_CONNECTION)).hasCount(0);
  }

  @Test
  void aReloadKeepsTheSessionAndTheUnsentMessageWhichThenGoesOutOnce() throws Exception {
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");
    // The app opens offline once its shell is installed, as on any second visit.
    a.page().waitForFunction("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null");

    a.offline(true);
    assertThat(a.status(NO_CONNECTION)).isVisible();
    a.type("Written before the reload");
    a.button("Send").click();
    assertThat(a.tick("Written before the reload", "Sending")).isVisible();

    a.reload();
    assertThat(a.chatTitle("Benjamin Okafor")).isVisible();
    assertThat(a.button("Sign in")).hasCount(0);
    assertThat(a.tick("Written before the reload", "Sending")).isVisible();
    assertThat(a.status(NO_CONNECTION)).isVisible();
    Screenshots.take(a, "resilience-reloaded-offline");

    a.offline(false);
    assertThat(a.tick("Written before the reload", "Read")).isVisible();
    assertArrivedOnce(a, b, "Written before the reload");

    a.reload();
    assertThat(a.chatTitle("Benjamin Okafor")).isVisible();
    assertThat(a.message("Written before the reload")).hasCount(1);
    assertThat(a.tick("Written before the reload", "Read")).isVisible();
  }

  @Test
  void theAppReconnectsByItselfAfterItsGatewayNodeRestartsAndShowsEveryMessageOnce() throws Exception {
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");
    List<String> updates = List.of("Update 1 of 3", "Update 2 of 3", "Update 3 of 3");

    LocalSystem system = ChatproExtension.system();
    system.stop("gateway-1");
    try {
      assertThat(a.status(Pattern.compile("No connection|Connecting"))).isVisible();
      assertThat(a.chatTitle("Benjamin Okafor")).isVisible();
      for (String update : updates) {
        b.send(update);
      }
      Screenshots.take(a, "resilience-gateway-down");
    } finally {
      system.start("gateway-1");
    }

    for (String update : updates) {
      assertThat(a.message(update)).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(60_000));
    }
    assertThat(a.status(Pattern.compile("No connection|Connecting"))).hasCount(0);
    assertThat(b.tick("Update 3 of 3", "Read")).isVisible();
    for (String update : updates) {
      assertArrivedOnce(b, a, update);
    }
    assertThat(a.allMessages()).hasCount(4);
  }

  /** The message shows once on both phones, and the chat's log holds it once. */
  private void assertArrivedOnce(Person sender, Person recipient, String text) throws Exception {
    assertThat(recipient.message(text)).hasCount(1);
    assertThat(sender.message(text)).hasCount(1);
    assertEquals(1, Seed.messagesWithText(api, benjamin, chat, text).size(), "stored once: " + text);
  }
}
