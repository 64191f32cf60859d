package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One person using the web client in their own browser context: the steps of the journeys, found the way people
 * and screen readers find them (roles and accessible names from shared/ui.md), never by CSS.
 */
public final class Person {
  private final BrowserContext context;
  private final Page page;
  private final int port;
  private final List<String> problems = new ArrayList<>();

  Person(BrowserContext context, Page page, int port) {
    this.context = context;
    this.page = page;
    this.port = port;
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type())) {
        problems.add("console: " + m.text());
      }
    });
    page.onPageError(e -> problems.add("page error: " + e));
  }

  public Page page() {
    return page;
  }

  public BrowserContext context() {
    return context;
  }

  public int port() {
    return port;
  }

  /** Console errors and uncaught exceptions of this person's page so far (for a failure's report). */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  public Person signIn(String org, String username, String password) {
    fillSignIn(org, username, password);
    assertThat(button("New chat")).isVisible();
    return this;
  }

  public Person signIn(String org, Seed.Colleague who) {
    return signIn(org, who.username(), who.password());
  }

  /** Submits the sign-in form; answers the page's alert (for a sign-in that should fail). */
  public Locator signInRefused(String org, String username, String password) {
    fillSignIn(org, username, password);
    return page.getByRole(AriaRole.ALERT);
  }

  private void fillSignIn(String org, String username, String password) {
    page.navigate("/");
    textbox("Organisation").fill(org);
    textbox("Username").fill(username);
    page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Password").setExact(true)).fill(password);
    button("Sign in").click();
  }

  /** Signs out from the chat list; the sign-in page shows again. */
  public Person signOut() {
    toList();
    button("Sign out").click();
    assertThat(button("Sign in")).isVisible();
    return this;
  }

  /** Cuts this person's network (their phone in a lift), or gives it back. */
  public Person offline(boolean offline) {
    context.setOffline(offline);
    return this;
  }

  public Person reload() {
    page.reload();
    return this;
  }

  public Locator button(String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  public Locator textbox(String name) {
    return page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  public Locator dialog(String name) {
    return page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  /** A confirmation: a dialog or alertdialog holding a button with the action's name and a Cancel button. */
  public Locator confirmation(String action) {
    Locator dialogs = page.getByRole(AriaRole.ALERTDIALOG).or(page.getByRole(AriaRole.DIALOG));
    return dialogs.filter(new Locator.FilterOptions().setHas(page.getByRole(AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName(action).setExact(true)))).filter(new Locator.FilterOptions().setHas(
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel").setExact(true))));
  }

  /** Confirms an action in its confirmation dialog. */
  public Person confirm(String action) {
    Locator confirmation = confirmation(action).last();
    assertThat(confirmation).isVisible();
    confirmation.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(action).setExact(true)).click();
    return this;
  }

  public Locator chatList() {
    return page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Chats").setExact(true));
  }

  /** The chat's link in the list (its accessible name starts with the title). */
  public Locator chatLink(String title) {
    return chatList().getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
        .setName(startsWith(title)));
  }

  /** The unread count of a chat in the list, e.g. "2 unread". */
  public Locator unread(String title, int count) {
    return chatLink(title).getByRole(AriaRole.STATUS, new Locator.GetByRoleOptions()
        .setName(count + " unread").setExact(true));
  }

  /** Any unread count of a chat in the list. */
  public Locator anyUnread(String title) {
    return chatLink(title).getByRole(AriaRole.STATUS, new Locator.GetByRoleOptions()
        .setName(Pattern.compile("\\d+ unread")));
  }

  /** Finds a colleague in the directory and opens the direct chat with them. */
  public Person startChatWith(String search, String displayName) {
    toList();
    button("New chat").click();
    page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search people").setExact(true)).fill(search);
    page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("People").setExact(true))
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(startsWith(displayName)))
        .click();
    assertThat(chatTitle(displayName)).isVisible();
    return this;
  }

  /** Makes a group with these members, found by searching for each. */
  public Person createGroup(String name, List<String> memberNames) {
    toList();
    button("New chat").click();
    button("New group").click();
    textbox("Group name").fill(name);
    Locator search = page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search people").setExact(true));
    for (String member : memberNames) {
      search.fill(member);
      Locator people = page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("People").setExact(true));
      people.getByRole(AriaRole.CHECKBOX, new Locator.GetByRoleOptions().setName(startsWith(member)))
          .or(people.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(startsWith(member))))
          .click();
    }
    button("Create group").click();
    assertThat(chatTitle(name)).isVisible();
    return this;
  }

  /** Opens a chat from the list. */
  public Person openChat(String title) {
    toList();
    chatLink(title).click();
    assertThat(chatTitle(title)).isVisible();
    return this;
  }

  /** Opens Settings from the list. */
  public Person openSettings() {
    toList();
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings").setExact(true)).click();
    return this;
  }

  /** On a phone the list is its own screen: go back to it first. */
  public Person toList() {
    Locator back = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to chats").setExact(true))
        .or(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back").setExact(true)));
    if (back.first().isVisible()) {
      back.first().click();
    }
    assertThat(button("New chat")).isVisible();
    return this;
  }

  public Locator chatTitle(String title) {
    return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(title).setExact(true));
  }

  public Locator messages() {
    return page.getByRole(AriaRole.LOG, new Page.GetByRoleOptions().setName("Messages").setExact(true));
  }

  /**
   * The message (article) that contains this text as its own, not only in the quote of a reply to it (a quote is
   * a button that names the quoted text).
   */
  public Locator message(String text) {
    return messages().getByRole(AriaRole.ARTICLE).filter(new Locator.FilterOptions().setHasText(text))
        .filter(new Locator.FilterOptions().setHasNot(page.getByRole(AriaRole.BUTTON,
            new Page.GetByRoleOptions().setName(containing(text)))));
  }

  /** Every message shown in the open chat. */
  public Locator allMessages() {
    return messages().getByRole(AriaRole.ARTICLE);
  }

  /**
   * Scrolls the open chat back as a thumb would, a swipe at a time, until its start shows. After each swipe it waits
   * until the log moved up or an older page was added (the log grew); a swipe that does neither fails the step.
   */
  public Person scrollBackToTheStart(int maxSwipes) {
    Locator log = messages();
    Locator start = log.getByText("This is the start of the chat.");
    log.hover();
    for (int i = 0; i < maxSwipes && !start.isVisible(); i++) {
      // Both at once: an older page may land between two reads and move the view down by its height.
      List<?> before = (List<?>) log.evaluate("log => [log.scrollTop, log.scrollHeight]");
      double top = ((Number) before.get(0)).doubleValue();
      double height = ((Number) before.get(1)).doubleValue();
      if (!swipeMoved(log, start, top, height)) {
        throw new AssertionError("scrolling up does nothing more after " + i + " swipes: the log is at scrollTop "
            + top + " of " + height + " px, the start of the chat is not shown and no older page is loaded");
      }
    }
    assertThat(start).isVisible();
    return this;
  }

  /**
   * Swipes up, again as a thumb would when a swipe did not take: headless Chromium now and then drops a wheel event
   * that comes just after the page moved the view (no scroll event follows it at all).
   */
  private boolean swipeMoved(Locator log, Locator start, double top, double height) {
    for (int attempt = 0; attempt < 3; attempt++) {
      page.mouse().wheel(0, -600);
      try {
        page.waitForCondition(() -> start.isVisible() || (Boolean) log.evaluate(
                "(log, [top, height]) => log.scrollTop < top || log.scrollHeight > height", List.of(top, height)),
            new Page.WaitForConditionOptions().setTimeout(4_000));
        return true;
      } catch (com.microsoft.playwright.TimeoutError notYet) {
        // swipe again
      }
    }
    return false;
  }

  public Person type(String text) {
    textbox("Message").fill(text);
    return this;
  }

  public Person send(String text) {
    type(text);
    button("Send").click();
    assertThat(message(text).last()).isVisible();
    return this;
  }

  /** The tick of my message: Sending, Sent, Delivered or Read. */
  public Locator tick(String text, String state) {
    return message(text).last().getByRole(AriaRole.IMG, new Locator.GetByRoleOptions().setName(state).setExact(true));
  }

  /** Opens a message's actions and picks one. */
  public Person act(String text, String action) {
    message(text).last().getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Message actions")).click();
    page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName(action).setExact(true)).click();
    return this;
  }

  public Person attachPicture(Path file, String caption) {
    FileChooser chooser = page.waitForFileChooser(() -> button("Attach picture").click());
    chooser.setFiles(file);
    Locator preview = dialog("Send picture");
    if (caption != null) {
      preview.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Caption").setExact(true)).fill(caption);
    }
    preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send").setExact(true)).click();
    return this;
  }

  /** Records a voice note from the fake microphone for about this long, and sends it. */
  public Person recordVoiceNote(long millis) {
    button("Record voice note").click();
    assertThat(button("Send voice note")).isVisible();
    page.waitForTimeout(millis);
    button("Send voice note").click();
    return this;
  }

  /**
   * A name that starts with this text. Playwright hands patterns to the browser as JavaScript regular expressions,
   * which know no {@code \\Q...\\E}: special characters are escaped one by one.
   */
  public static Pattern startsWith(String text) {
    return Pattern.compile("^" + text.replaceAll("[^\\p{L}\\p{N} ]", "\\\\$0"));
  }

  /** A name that contains this text. */
  public static Pattern containing(String text) {
    return Pattern.compile(startsWith(text).pattern().substring(1));
  }

  public Locator status(Pattern text) {
    return page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText(text));
  }

  public Locator alert(Pattern text) {
    return page.getByRole(AriaRole.ALERT).filter(new Locator.FilterOptions().setHasText(text));
  }
}
