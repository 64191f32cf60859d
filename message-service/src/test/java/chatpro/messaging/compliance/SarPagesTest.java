package chatpro.messaging.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.messaging.compliance.SarPages.People;
import chatpro.messaging.log.Event;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SarPagesTest {
  static final UUID CHAT = UUID.randomUUID();
  static final UUID ORG = UUID.randomUUID();
  static final String ANN = UUID.randomUUID().toString();
  static final String BOB = UUID.randomUUID().toString();
  final People people = new People(ANN, Map.of(BOB, "Bob <script>"));
  final SarPages pages = new SarPages(ZoneId.of("Europe/Berlin"));

  @Test
  void textIsShownNeverRun() {
    String html = page(message(ANN, new JsonObject().put("kind", "text").put("text", "<img src=x onerror=alert(1)>")));
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
    assertFalse(html.contains("<img src=x"), html);
    String theirs = page(message(BOB, new JsonObject().put("kind", "text").put("text", "hi")));
    assertTrue(theirs.contains("Bob &lt;script&gt;"), "names are escaped too: " + theirs);
  }

  @Test
  void ownMediaArePlayedOthersArePlaceholders() {
    String id = UUID.randomUUID().toString();
    JsonObject voice = new JsonObject().put("kind", "voice")
        .put("media", new JsonObject().put("id", id).put("mime", "audio/ogg").put("durationMs", 65_000));
    assertTrue(pages.events(List.of(message(ANN, voice)), people, Set.of(id), new LocalDate[1])
        .contains("<audio controls preload=\"metadata\" src=\"../media/" + id
            + "\" aria-label=\"Your voice note (1:05)\""));
    String gone = pages.events(List.of(message(ANN, voice)), people, Set.of(), new LocalDate[1]);
    assertTrue(gone.contains("Your voice note is no longer kept"), gone);
    String theirs = pages.events(List.of(message(BOB, voice)), people, Set.of(id), new LocalDate[1]);
    assertFalse(theirs.contains("<audio"), theirs);
    assertTrue(theirs.contains("Voice note (1:05) from Bob &lt;script&gt; (not included"), theirs);
  }

  @Test
  void contentThatIsGoneSaysWhy() {
    assertTrue(page(message(BOB, new JsonObject().put("kind", "text").put("erased", true)))
        .contains("Message from a former colleague"));
    assertTrue(page(message(BOB, new JsonObject().put("kind", "text").put("deleted", true)))
        .contains("This message was deleted"));
    assertTrue(page(message(BOB, new JsonObject().put("kind", "text").put("expired", true)))
        .contains("retention period"));
    assertTrue(page(message(BOB, new JsonObject().put("kind", "text").put("unreadable", true)))
        .contains("This message can&#39;t be shown"), "escaped as all text is");
  }

  @Test
  void daysAndTimesAreInThePersonsZone() {
    Instant lateUtc = Instant.parse("2026-12-01T23:30:00Z");
    String html = pages.events(List.of(message(ANN, new JsonObject().put("kind", "text").put("text", "night"),
        lateUtc)), people, Set.of(), new LocalDate[1]);
    assertTrue(html.contains("Wednesday 2 December 2026"), "00:30 in Berlin is the next day: " + html);
    assertTrue(html.contains("00:30"), html);
    assertEquals(ZoneOffset.UTC, SarPages.zoneOf(new JsonObject().put("timezone", "Mars/Olympus"), null));
    assertEquals(ZoneId.of("Asia/Tokyo"), SarPages.zoneOf(null, new JsonObject().put("timezone", "Asia/Tokyo")));
  }

  @Test
  void membershipChangesReadAsSentences() {
    Event added = new Event(CHAT, 2, ORG, Event.MEMBER_ADDED, Instant.now(), UUID.fromString(BOB), null,
        new JsonObject().put("userId", ANN));
    assertTrue(page(added).contains("Bob &lt;script&gt; added You"), page(added));
  }

  private String page(Event e) {
    return pages.events(List.of(e), people, Set.of(), new LocalDate[1]);
  }

  private static Event message(String sender, JsonObject fields) {
    return message(sender, fields, Instant.parse("2026-12-01T10:00:00Z"));
  }

  private static Event message(String sender, JsonObject fields, Instant at) {
    UUID id = UUID.randomUUID();
    return new Event(CHAT, 1, ORG, Event.MESSAGE, at, UUID.fromString(sender), id,
        fields.put("messageId", id.toString()).put("senderId", sender));
  }
}
