package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway serves the web client: a person signs in and sees their chats, and the page is served safely. */
class WebSmokeIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();

  @Test
  void aPersonSignsInAndSeesTheChatList() throws Exception {
    TestApi api = ChatproExtension.api(1);
    Org org = api.newOrg();
    Person ada = BROWSERS.person(1, Browsers.DESKTOP);
    List<String> problems = new ArrayList<>();
    ada.page().onConsoleMessage(m -> {
      if ("error".equals(m.type())) {
        problems.add(m.text());
      }
    });
    ada.signIn(org.slug(), "admin", "correct horse battery");
    assertThat(ada.chatList().or(ada.page().getByText("No chats yet"))).isVisible();
    Screenshots.take(ada, "smoke-desktop");
    assertEquals(List.of(), problems, "no errors in the console (a CSP violation would show here)");
  }

  @Test
  void thePageIsServedWithAStrictPolicyAndClientRoutesFallBackToIt() throws Exception {
    int port = ChatproExtension.system().gatewayPort(2);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
    assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));
    assertTrue(!page.body().contains("<script>") && page.body().contains("<script type=\"module\""), "no inline script");

    HttpResponse<String> deepLink = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/chats/some-chat")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, deepLink.statusCode());
    assertEquals(page.body(), deepLink.body(), "a reload on a client route gets the app");

    String asset = page.body().replaceAll("(?s).*src=\"(/assets/[^\"]+\\.js)\".*", "$1");
    HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + asset)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, js.statusCode(), asset);
    assertEquals("public, max-age=31536000, immutable", js.headers().firstValue("Cache-Control").orElse(""));

    HttpResponse<String> api = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/api/v1/nothing-here")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, api.statusCode());
    assertTrue(api.body().contains("\"not_found\""), "unknown API paths keep the protocol's error shape");

    HttpResponse<String> bareApi = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/api")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, bareApi.statusCode(), "/api without a slash is the API's, not a client route");
    assertTrue(bareApi.body().contains("\"not_found\""), bareApi.body());

    HttpResponse<String> worker = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sw.js"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, worker.statusCode());
    assertEquals(csp, worker.headers().firstValue("Content-Security-Policy").orElse(""),
        "the service worker gets its policy from its own response");
    assertEquals("same-origin", worker.headers().firstValue("Cross-Origin-Resource-Policy").orElse(""));
  }
}
