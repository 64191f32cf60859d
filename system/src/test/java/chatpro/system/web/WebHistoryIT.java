package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

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
  private static final int MESSAGES = 260;

  @Test
  void theWholeHistoryScrollsBackToTheFirstMessageAndJumpsBackToTheNewest() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Colleague alice = Seed.colleague(org, "alice", "Alice Adams");
    Colleague benjamin = Seed.colleague(org, "benjamin", "Benjamin Okafor");
    String chat = Seed.directChat(api, alice, benjamin);
    for (int i = 1; i <= MESSAGES; i++) {
      Seed.text(api, alice, chat, text(i));
    }

    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");
    assertThat(b.message(text(MESSAGES))).isVisible();
    assertThat(b.message(text(1))).hasCount(0);

    b.scrollBackToTheStart(20);
    assertThat(b.message(text(1))).isVisible();
    assertThat(b.message(text(2))).isVisible();
    Screenshots.take(b, "history-start");

    b.button("Jump to newest").click();
    assertThat(b.message(text(MESSAGES))).isVisible();
    assertThat(b.message(text(MESSAGES))).isInViewport();
    assertThat(b.button("Jump to newest")).hasCount(0);

    Seed.text(api, alice, chat, "One more, seen as it arrives");
    assertThat(b.message("One more, seen as it arrives")).isInViewport();
    b.toList();
    assertThat(b.chatLink("Alice Adams")).containsText("One more, seen as it arrives");
    assertThat(b.anyUnread("Alice Adams")).hasCount(0);
  }

  private static String text(int i) {
    return "Message " + i + " of " + MESSAGES;
  }
}
