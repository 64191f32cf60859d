package chatpro.system.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.system.ChatproExtension;
import chatpro.system.TestApi;
import chatpro.system.TestApi.Org;
import chatpro.system.web.Seed.Colleague;
import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pictures and voice notes between two phones, and a file that only pretends to be a picture. */
class WebMediaIT {
  @RegisterExtension
  static final Browsers BROWSERS = new Browsers();
  private static final Path MEDIA = Path.of("../media-service/src/test/resources/media");

  private final TestApi api;
  private final Org org;
  private final Colleague alice;
  private final Colleague benjamin;
  private final String chat;

  WebMediaIT() throws Exception {
    api = ChatproExtension.api(1);
    org = api.newOrg();
    alice = Seed.colleague(org, "alice", "Alice Adams");
    benjamin = Seed.colleague(org, "benjamin", "Benjamin Okafor");
    chat = Seed.directChat(api, alice, benjamin);
    Seed.text(api, benjamin, chat, "Send me the photo of the pump");
  }

  @Test
  void aCaptionedPictureArrivesLoadedAndOpensFullSize() throws Exception {
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");

    a.attachPicture(MEDIA.resolve("photo-gps-orientation6.jpg"), "The pump in room 4");
    Locator arrived = b.message("The pump in room 4");
    Locator picture = arrived.getByRole(AriaRole.IMG, new Locator.GetByRoleOptions().setName("The pump in room 4"));
    assertLoaded(picture);
    Screenshots.take(b, "media-picture");

    JsonObject media = Seed.messages(api, benjamin, chat).stream().filter(e -> "image".equals(e.getString("kind")))
        .findFirst().orElseThrow().getJsonObject("media");
    arrived.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Open picture")).click();
    Locator full = b.dialog("The pump in room 4")
        .getByRole(AriaRole.IMG, new Locator.GetByRoleOptions().setName("The pump in room 4"));
    assertLoaded(full);
    assertEquals(media.getInteger("width"), full.evaluate("img => img.naturalWidth"),
        "the full picture, turned upright as the server stored it (" + media + ")");
    assertEquals(media.getInteger("height"), full.evaluate("img => img.naturalHeight"));
    Screenshots.take(b, "media-picture-full-size");
  }

  @Test
  void aVoiceNoteFromTheMicrophoneArrivesAndPlays() throws Exception {
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");

    a.recordVoiceNote(1_500);
    Locator note = b.allMessages().filter(new Locator.FilterOptions().setHas(b.page().getByRole(AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName(Pattern.compile("^(Play|Pause) voice note$")))));
    assertThat(note).hasCount(1);
    note.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Play voice note")).click();
    assertThat(note.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pause voice note")))
        .isVisible();
    Screenshots.take(b, "media-voice-note-playing");
    JsonObject voice = Seed.messages(api, benjamin, chat).stream().filter(e -> "voice".equals(e.getString("kind")))
        .findFirst().orElseThrow();
    assertTrue(voice.getJsonObject("media").getInteger("durationMs") > 0, voice.encode());
  }

  @Test
  void aFileThatOnlyClaimsToBeAPictureIsRefusedInWordsAndNothingHalfSentStays(@TempDir Path dir) throws Exception {
    Path fake = Files.writeString(dir.resolve("fake.png"), "this is a shopping list, not a picture\n");
    Person a = BROWSERS.person(1, Browsers.PHONE).signIn(org.slug(), alice).openChat("Benjamin Okafor");
    Person b = BROWSERS.person(2, Browsers.PHONE).signIn(org.slug(), benjamin).openChat("Alice Adams");
    assertThat(a.allMessages()).hasCount(1);

    FileChooser chooser = a.page().waitForFileChooser(() -> a.button("Attach picture").click());
    chooser.setFiles(fake);
    Locator preview = a.dialog("Send picture");
    preview.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Caption")).fill("Shopping list");
    Locator send = preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send").setExact(true));
    if (send.isEnabled()) {
      send.click();
    }
    assertThat(a.alert(Pattern.compile("picture", Pattern.CASE_INSENSITIVE)).first()).isVisible();
    assertThat(a.alert(Pattern.compile("unsupported_media_type|415|error", Pattern.CASE_INSENSITIVE))).hasCount(0);
    Screenshots.take(a, "media-refused");
    if (preview.isVisible()) {
      preview.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel").setExact(true)).click();
    }
    assertThat(a.allMessages().filter(new Locator.FilterOptions().setHas(a.page().getByRole(AriaRole.IMG,
        new Page.GetByRoleOptions().setName("Sending").setExact(true))))).hasCount(0);
    assertThat(a.allMessages()).hasCount(1);
    a.send("Sorry, wrong file");
    assertThat(b.message("Sorry, wrong file")).isVisible();
    assertThat(b.allMessages()).hasCount(2);
    List<JsonObject> stored = Seed.messages(api, benjamin, chat);
    assertEquals(2, stored.size(), "nothing of the refused file was stored: " + stored);
  }

  private static void assertLoaded(Locator img) {
    assertThat(img).hasJSProperty("complete", true);
    int width = (Integer) img.evaluate("img => img.naturalWidth");
    assertTrue(width > 0, "the picture's bytes loaded and decoded");
  }
}
