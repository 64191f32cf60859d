package chatpro.system.web;

import chatpro.system.ChatproExtension;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Debian's Chromium driven by Playwright, started once per test JVM next to the whole system (two gateway nodes).
 * Each person a test needs gets a browser context of their own (their own storage, like another phone), on the
 * gateway node they are given; contexts close after each test. When a test fails, each person's screen and console
 * problems are kept with the failure, so a client bug can be told from the report alone.
 */
public final class Browsers implements BeforeAllCallback, AfterEachCallback, TestExecutionExceptionHandler {
  /** A phone (the journeys) and a laptop (smoke pass and screenshots). */
  public static final Viewport PHONE = new Viewport(390, 844);
  public static final Viewport DESKTOP = new Viewport(1280, 800);

  public record Viewport(int width, int height) {}

  private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");
  private static Playwright playwright;
  private static Browser browser;
  private final List<BrowserContext> open = new ArrayList<>();
  private final List<Person> people = new ArrayList<>();

  private static synchronized Browser browser(ExtensionContext context) {
    if (browser == null) {
      playwright = Playwright.create(new Playwright.CreateOptions()
          .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
      browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(chromium())
          .setHeadless(true)
          .setArgs(FLAGS));
      context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(Browsers.class.getName(),
          (ExtensionContext.Store.CloseableResource) () -> {
            browser.close();
            playwright.close();
          });
    }
    return browser;
  }

  /** The real binary when Debian's wrapper script is there too (the wrapper adds flags of its own). */
  private static Path chromium() {
    Path real = Path.of("/usr/lib/chromium/chromium");
    return Files.isExecutable(real) ? real : Path.of("/usr/bin/chromium");
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    new ChatproExtension().beforeAll(context);
    browser(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (BrowserContext c : open) {
      c.close();
    }
    open.clear();
    people.clear();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < people.size(); i++) {
      Person person = people.get(i);
      String name = context.getRequiredTestMethod().getName() + "-failed-person" + (i + 1);
      try {
        Screenshots.take(person, name);
        String tree = firstLines(person.page().locator("body").ariaSnapshot(), 150);
        seen.append("\nperson ").append(i + 1).append(" at ").append(person.page().url()).append(" (screenshot ")
            .append(name).append(".png)\n").append(tree.indent(4));
      } catch (RuntimeException e) {
        seen.append("\nperson ").append(i + 1).append(": no screenshot (").append(e.getMessage()).append(')');
      }
      person.problems().forEach(p -> seen.append("\n  ").append(p));
    }
    if (!seen.isEmpty()) {
      failure.addSuppressed(new AssertionError("what the browsers showed:" + seen));
    }
    throw failure;
  }

  private static String firstLines(String text, int lines) {
    String[] all = text.split("\n", -1);
    return all.length <= lines ? text
        : String.join("\n", java.util.Arrays.copyOf(all, lines)) + "\n… (" + (all.length - lines) + " more lines)";
  }

  /** Someone with a device of their own, on gateway node 1 or 2. */
  public Person person(int node, Viewport viewport) throws Exception {
    int port = ChatproExtension.system().gatewayPort(node);
    BrowserContext context = browser.newContext(new Browser.NewContextOptions()
        .setViewportSize(viewport.width(), viewport.height())
        .setLocale("en-GB")
        .setTimezoneId("Europe/London")
        .setBaseURL("http://127.0.0.1:" + port)
        .setPermissions(List.of("microphone")));
    context.setDefaultTimeout(20_000);
    open.add(context);
    Person person = new Person(context, context.newPage(), port);
    people.add(person);
    return person;
  }

  public static Browser shared() {
    return browser;
  }
}
