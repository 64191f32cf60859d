package chatpro.system.web;

import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs axe-core (from the web client's own node_modules) in the page and answers the serious and critical
 * violations, described well enough to fix them. The script is evaluated through the browser's debugging channel,
 * so the page's Content-Security-Policy stays as strict as it is for people.
 */
public final class Accessibility {
  private static String axe;

  private Accessibility() {}

  private static synchronized String axe() throws IOException {
    if (axe == null) {
      Path dir = Path.of(System.getProperty("chatpro.webClientDir", "../web-client"));
      axe = Files.readString(dir.resolve("node_modules/axe-core/axe.min.js"));
    }
    return axe;
  }

  /** Violations of impact serious or critical on the page as it is now (WCAG 2.2 A and AA rules). */
  public static List<String> seriousViolations(Page page) throws IOException {
    page.evaluate(axe());
    String json = (String) page.evaluate("async () => JSON.stringify((await axe.run(document, {"
        + " runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },"
        + " resultTypes: ['violations'] })).violations)");
    List<String> serious = new ArrayList<>();
    for (Object o : new JsonArray(json)) {
      JsonObject v = (JsonObject) o;
      String impact = v.getString("impact", "");
      if ("serious".equals(impact) || "critical".equals(impact)) {
        List<String> where = new ArrayList<>();
        for (Object n : v.getJsonArray("nodes")) {
          where.add(((JsonObject) n).getJsonArray("target").encode());
        }
        serious.add(impact + " " + v.getString("id") + ": " + v.getString("help") + " at " + where);
      }
    }
    return serious;
  }
}
