package chatpro.presence.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.presence.status.Transition.Stored;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Status precedence, what counts as a change to publish, and the shapes published. */
class TransitionTest {
  static final UUID USER = UUID.fromString("00000000-0000-0000-0000-000000000001");
  static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
  static final Instant UNTIL = Instant.parse("2026-11-24T08:00:00Z");

  static Stored stored(boolean offDuty, Instant until, boolean online, PresenceStatus status) {
    return new Stored(USER, ORG, offDuty, until, online, status, 7);
  }

  @Test
  void offDutyWinsOverOnlineAndOffline() {
    assertEquals(new PresenceStatus("off_duty", UNTIL), PresenceStatus.of(true, UNTIL, true));
    assertEquals(new PresenceStatus("off_duty", null), PresenceStatus.of(true, null, false));
    assertEquals(new PresenceStatus("online", null), PresenceStatus.of(false, null, true));
    assertEquals(new PresenceStatus("offline", null), PresenceStatus.of(false, null, false));
  }

  @Test
  void firstDeviceIsAChangeWithTheNextVersion() {
    Stored row = stored(false, null, false, PresenceStatus.of(false, null, false));
    Transition t = Transition.of(row, true);
    assertTrue(t.changed());
    assertEquals(8, t.version());
    assertEquals("online", t.status().status());
    assertFalse(t.wentOffline());
  }

  @Test
  void stayingOnlineIsNoChangeAndWritesNothing() {
    Stored row = stored(false, null, true, PresenceStatus.of(false, null, true));
    Transition t = Transition.of(row, true);
    assertFalse(t.changed());
    assertEquals(7, t.version());
    assertFalse(t.writes(row));
  }

  @Test
  void disconnectingWhileOffDutyIsNoChangeButSetsLastSeen() {
    Stored row = stored(true, UNTIL, true, PresenceStatus.of(true, UNTIL, true));
    Transition t = Transition.of(row, false);
    assertFalse(t.changed());
    assertTrue(t.wentOffline());
    assertTrue(t.writes(row));
  }

  @Test
  void aNewUntilWhileOffDutyIsAChange() {
    Stored row = stored(true, UNTIL.plusSeconds(3600), false, PresenceStatus.of(true, UNTIL, false));
    Transition t = Transition.of(row, false);
    assertTrue(t.changed());
    assertEquals(UNTIL.plusSeconds(3600), t.status().offDutyUntil());
  }

  @Test
  void theRecordAndTheFrameCarryTheProtocolsFields() {
    Instant at = Instant.parse("2026-11-23T20:00:00.123Z");
    StatusChange change = new StatusChange(USER.toString(), ORG.toString(), PresenceStatus.of(true, UNTIL, true), 8,
        at);
    JsonObject record = change.cloudEvent().toJson();
    assertEquals("chatpro.presence.changed", record.getString("type"));
    assertEquals("chatpro/" + ORG, record.getString("source"));
    assertEquals(USER + ":8", record.getString("id"));
    assertEquals(new JsonObject().put("userId", USER.toString()).put("status", "off_duty")
        .put("offDutyUntil", "2026-11-24T08:00:00Z").put("at", "2026-11-23T20:00:00.123Z"), record.getJsonObject("data"));
    assertEquals(new JsonObject().put("type", "presence").put("userId", USER.toString()).put("status", "off_duty")
        .put("offDutyUntil", "2026-11-24T08:00:00Z"), change.frame());
    JsonObject online = new StatusChange(USER.toString(), ORG.toString(), PresenceStatus.of(false, null, true), 9, at)
        .frame();
    assertFalse(online.containsKey("offDutyUntil"));
  }

  @Test
  void onlyAChangeBetweenOnlineAndOfflineTellsWhenSomeoneWasLastSeen() {
    Stored online = stored(false, null, true, PresenceStatus.of(false, null, true));
    assertTrue(Transition.of(online, false).onlyConnection(online), "online to offline");
    Stored offline = stored(false, null, false, PresenceStatus.of(false, null, false));
    assertTrue(Transition.of(offline, true).onlyConnection(offline), "offline to online");
    Stored goingOff = stored(true, UNTIL, true, PresenceStatus.of(false, null, true));
    assertFalse(Transition.of(goingOff, true).onlyConnection(goingOff), "to off duty: a duty change");
    Stored comingBack = stored(false, null, false, PresenceStatus.of(true, UNTIL, false));
    assertFalse(Transition.of(comingBack, false).onlyConnection(comingBack), "from off duty: a duty change");
    assertFalse(Transition.of(offline, false).onlyConnection(offline), "no change at all");
  }
}
