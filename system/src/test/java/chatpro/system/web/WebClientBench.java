package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web client's speed budgets, measured on the real system (not a test that passes or fails on time: it prints
 * figures for docs/performance.md). Run on its own:
 * {@code mvn -B verify -pl system -am -Dtest=WebClientBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class WebClientBench {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();
  private static final int MESSAGES = 200;

  @Test
  void startUpTimes() throws Exception {
    Org org = ChatproExtension.api(1).newOrg();
    for (int i = 0; i < 20; i++) {
      org.create(new JsonObject().put("username", "p" + i).put("displayName", "Person " + i));
      TestApi.Session p = ChatproExtension.api(1).login(org.slug(), "p" + i, "password of p" + i);
      String chat = ChatproExtension.api(1).post("/api/v1/chats", p.token(), TestApi.directChat(org.admin().userId()))
          .json().getString("id");
      ChatproExtension.api(1).post("/api/v1/chats/" + chat + "/messages", p.token(), new JsonObject()
          .put("clientId", UUID.randomUUID().toString()).put("kind", "text").put("text", "Hello from person " + i));
    }
    Browser browser = Browsers.shared();
    List<Double> cold = new ArrayList<>();
    List<Double> coldThrottled = new ArrayList<>();
    List<Double> cached = new ArrayList<>();
    List<Double> cachedThrottled = new ArrayList<>();
    for (int run = 0; run < 5; run++) {
      try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
          .setLocale("en-GB").setBaseURL("http://127.0.0.1:" + ChatproExtension.system().gatewayPort(1)))) {
        Page page = context.newPage();
        CDPSession cdp = context.newCDPSession(page);
        new Person(context, page, 0).signIn(org.slug(), "admin", "correct horse battery");
        assertThat(page.getByRole(AriaRole.LINK).filter(new com.microsoft.playwright.Locator.FilterOptions()
            .setHasText("Hello from person 19"))).isVisible();
        page.waitForFunction("() => navigator.serviceWorker.controller !== null");
        cold.add(openWithoutCaches(page, cdp, 1));
        coldThrottled.add(openWithoutCaches(page, cdp, 4));
        cached.add(open(page, cdp, 1));
        cachedThrottled.add(open(page, cdp, 4));
      }
    }
    report("open to the chat list, caches empty (signed in)", cold);
    report("open to the chat list, caches empty, CPU 4x slower", coldThrottled);
    report("open to the chat list from the service worker's cache", cached);
    report("open to the chat list from the service worker's cache, CPU 4x slower", cachedThrottled);
  }

  /** Empties the HTTP cache and the service worker's shell, then reloads: what a first visit downloads. */
  private static double openWithoutCaches(Page page, CDPSession cdp, int throttle) {
    page.evaluate("async () => { for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();"
        + " for (const k of await caches.keys()) await caches.delete(k); }");
    cdp.send("Network.clearBrowserCache");
    double ms = open(page, cdp, throttle);
    page.waitForFunction("() => navigator.serviceWorker.controller !== null");
    return ms;
  }

  /** Reloads and answers the milliseconds from navigation start until the chat list shows its chats. */
  private static double open(Page page, CDPSession cdp, int throttle) {
    throttle(cdp, throttle);
    page.reload();
    page.waitForFunction("() => document.querySelectorAll('ul.chats a').length >= 20");
    double ms = ((Number) page.evaluate("() => performance.now()")).doubleValue();
    throttle(cdp, 1);
    return ms;
  }

  private static void throttle(CDPSession cdp, int rate) {
    com.google.gson.JsonObject params = new com.google.gson.JsonObject();
    params.addProperty("rate", rate);
    cdp.send("Emulation.setCPUThrottlingRate", params);
  }

  @Test
  void messageFromOneBrowserToAnother() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    org.create(new JsonObject().put("username", "ben").put("displayName", "Ben Okafor"));
    Person ada = BROWSERS.person(1, Browsers.DESKTOP).signIn(org.slug(), "admin", "correct horse battery");
    Person ben = BROWSERS.person(2, Browsers.DESKTOP).signIn(org.slug(), "ben", "password of ben");
    ada.startChatWith("ben", "Ben Okafor").send("warm up");
    ben.openChat("Ada Admin");
    assertThat(ben.message("warm up")).isVisible();
    ben.page().evaluate("() => { window.__arrived = {}; new MutationObserver(() => {"
        + " for (const a of document.querySelectorAll('[role=log] article')) { const m = /bench #(\\d+)\\./.exec(a.textContent);"
        + " if (m && !(m[1] in window.__arrived)) window.__arrived[m[1]] = performance.timeOrigin + performance.now(); }"
        + " }).observe(document.body, { subtree: true, childList: true, characterData: true }); }");
    double[] latency = new double[MESSAGES];
    for (int i = 0; i < MESSAGES; i++) {
      // Typed, rendered, then the moment of the tap on Send: the latency starts there.
      double sentAt = ((Number) ada.page().evaluate("async (n) => { const box = document.querySelector('textarea');"
          + " box.value = 'bench #' + n + '.'; box.dispatchEvent(new Event('input', { bubbles: true }));"
          + " await new Promise((r) => setTimeout(r, 0)); const at = performance.timeOrigin + performance.now();"
          + " document.querySelector('.send-btn').click(); return at; }", i)).doubleValue();
      ben.page().waitForFunction("(n) => n in window.__arrived", i);
      double arrivedAt = ((Number) ben.page().evaluate("(n) => window.__arrived[n]", i)).doubleValue();
      latency[i] = arrivedAt - sentAt;
    }
    Arrays.sort(latency);
    System.out.printf("bench: typed in one browser, shown in the other (%d messages, two gateway nodes): "
        + "p50 %.0f ms, p95 %.0f ms, max %.0f ms%n", MESSAGES, latency[MESSAGES / 2], latency[MESSAGES * 95 / 100],
        latency[MESSAGES - 1]);
  }

  private static void report(String what, List<Double> ms) {
    List<Double> sorted = new ArrayList<>(ms);
    sorted.sort(Double::compare);
    System.out.printf("bench: %s: median %.0f ms (runs: %s)%n", what, sorted.get(sorted.size() / 2), ms);
  }
}
