package chatpro.system.web;

import com.microsoft.playwright.Page;
import java.nio.file.Path;

/**
 * Screenshots of the screens, written to {@code target/screenshots}; with {@code -Dchatpro.updateScreenshots=true}
 * they replace the ones in {@code docs/screenshots/} that the README shows.
 */
public final class Screenshots {
  private Screenshots() {}

  public static Path take(Person person, String name) {
    Path dir = Path.of(System.getProperty("chatpro.screenshotsDir", "target/screenshots"));
    if (Boolean.getBoolean("chatpro.updateScreenshots")) {
      dir = Path.of(System.getProperty("chatpro.webClientDir", "../web-client")).resolveSibling("docs/screenshots");
    }
    Path file = dir.resolve(name + ".png");
    person.page().screenshot(new Page.ScreenshotOptions().setPath(file).setAnimations(
        com.microsoft.playwright.options.ScreenshotAnimations.DISABLED).setCaret(
        com.microsoft.playwright.options.ScreenshotCaret.HIDE));
    return file;
  }
}
