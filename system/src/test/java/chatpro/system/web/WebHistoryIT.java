package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import chatpro.system.web.Seed.Colleague;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A long chat on a phone: scrolled back to its very first message, and back to the newest in one tap. */
class WebHistoryIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();

  private final TestApi api;
  private final Org org;
  private final Colleague alice;
  private final Colleague benjamin;
  private final String chat;

  WebHistoryIT() throws Exception {
    api = ChatproExtension.api(1);
    org = api.newOrg();
    alice = Seed.colleague(org, "alice", "Alice Adams");
    benjamin = Seed.colleague(org, "benjamin", "Benjamin Okafor");
    chat = Seed.directChat(api, alice, benjamin);
  }

  @Test
  void theWholeHistoryScrollsBackToTheFirstMessageAndJumpsBackToTheNewest() throws Exception {
    seed(260);
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");
    assertThat(b.message(text(260, 260))).isVisible();
    assertThat(b.message(text(1, 260))).hasCount(0);

    b.scrollBackToTheStart(60);
    b.messages().evaluate("log => { log.scrollTop = 0; }");
    assertThat(b.message(text(1, 260))).isVisible();
    assertThat(b.message(text(2, 260))).isVisible();
    Screenshots.take(b, "history-start");

    b.button("Jump to newest").click();
    assertThat(b.message(text(260, 260))).isInViewport();
  }

  @Test
  void afterJumpingToTheNewestTheButtonGoesAndWhatArrivesIsRead() throws Exception {
    seed(80);
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");
    assertThat(b.message(text(80, 80))).isVisible();
    b.messages().hover();
    b.page().mouse().wheel(0, -2_000);
    assertThat(b.button("Jump to newest")).isVisible();
    assertThat(b.message(text(80, 80))).not().isInViewport();

    b.button("Jump to newest").click();
    assertThat(b.message(text(80, 80))).isInViewport();
    assertAll("back at the newest message",
        () -> assertThat(b.button("Jump to newest")).hasCount(0),
        () -> {
          Seed.text(api, alice, chat, "One more, seen as it arrives");
          assertThat(b.message("One more, seen as it arrives")).isInViewport();
          b.toList();
          assertThat(b.chatLink("Alice Adams")).containsText("One more, seen as it arrives");
          assertThat(b.anyUnread("Alice Adams")).hasCount(0);
        });
  }

  private void seed(int messages) throws Exception {
    for (int i = 1; i <= messages; i++) {
      Seed.text(api, alice, chat, text(i, messages));
    }
  }

  private static String text(int i, int of) {
    return "Message " + i + " of " + of;
  }
}
