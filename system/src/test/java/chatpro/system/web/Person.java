package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One person using the web client in their own browser context: the steps of the journeys, found the way people
 * and screen readers find them (roles and accessible names from shared/ui.md), never by CSS.
 */
public final class Person {
  private final BrowserContext context;
  private final Page page;
  private final int port;

  Person(BrowserContext context, Page page, int port) {
    this.context = context;
    this.page = page;
    this.port = port;
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

  public Person signIn(String org, String username, String password) {
    page.navigate("/");
    page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Organisation").setExact(true)).fill(org);
    page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Username").setExact(true)).fill(username);
    page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Password").setExact(true)).fill(password);
    button("Sign in").click();
    assertThat(button("New chat")).isVisible();
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

  public Locator chatList() {
    return page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Chats").setExact(true));
  }

  /** The chat's link in the list (its accessible name starts with the title). */
  public Locator chatLink(String title) {
    return chatList().getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
        .setName(startsWith(title)));
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

  /** Opens a chat from the list. */
  public Person openChat(String title) {
    toList();
    chatLink(title).click();
    assertThat(chatTitle(title)).isVisible();
    return this;
  }

  /** On a phone the list is its own screen: go back to it first. */
  private void toList() {
    Locator back = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to chats").setExact(true));
    if (back.isVisible()) {
      back.click();
    }
  }

  public Locator chatTitle(String title) {
    return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(title).setExact(true));
  }

  public Locator messages() {
    return page.getByRole(AriaRole.LOG, new Page.GetByRoleOptions().setName("Messages").setExact(true));
  }

  /** The message (article) that contains this text. */
  public Locator message(String text) {
    return messages().getByRole(AriaRole.ARTICLE).filter(new Locator.FilterOptions().setHasText(text));
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

  public Locator status(Pattern text) {
    return page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText(text));
  }
}
