package chatpro.common.bus;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chatpro.common.error.ChatproException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CallerSealsTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final CallerSeals seals = new CallerSeals(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
  private final Caller ann = new Caller("u-1", "o-1", List.of("member"), "s-1");

  @Test
  void aSealedCallerPassesAndSurvivesBeingPassedOn() {
    JsonObject request = new JsonObject().put("caller", seals.seal(ann).toJson());
    assertDoesNotThrow(() -> seals.checkCaller(request));
    Caller passedOn = Caller.from(request);
    assertEquals(ann.withSeal(passedOn.seal()), passedOn);
    assertDoesNotThrow(() -> seals.checkCaller(new JsonObject().put("caller", seals.sealed(passedOn).toJson())));
  }

  @Test
  void aRequestWithoutACallerIsLeftToItsHandler() {
    assertDoesNotThrow(() -> seals.checkCaller(new JsonObject().put("userId", "u-1")));
  }

  @Test
  void everyChangedFieldBreaksTheSeal() {
    refused(c -> c.put("userId", "u-2"));
    refused(c -> c.put("orgId", "o-2"));
    refused(c -> c.put("sessionId", "s-2"));
    refused(c -> c.putNull("sessionId"));
    refused(c -> c.put("roles", new JsonArray().add("member").add("admin")));
    refused(c -> c.put("roles", new JsonArray()));
    refused(c -> c.put("roles", new JsonArray().add(1)));
    refused(c -> c.put("roles", "admin"));
    refused(c -> c.put("exp", c.getLong("exp") + 1));
    refused(c -> c.put("exp", "later"));
    refused(c -> {
      c.remove("seal");
      return c;
    });
    refused(c -> c.put("seal", c.getString("seal").substring(1) + "A"));
    refused(c -> c.put("userId", 7));
  }

  @Test
  void fieldsCannotBeShiftedIntoOneAnother() {
    Caller split = new Caller("u-1\u0000o", "-1", List.of("member"), "s-1");
    JsonObject sealed = seals.seal(split).toJson();
    JsonObject shifted = sealed.copy().put("userId", "u-1").put("orgId", "\u0000o-1");
    assertThrows(ChatproException.class, () -> seals.checkCaller(new JsonObject().put("caller", shifted)));
  }

  @Test
  void anotherSecretsSealAndAnExpiredSealAreRefused() {
    CallerSeals other = new CallerSeals("another secret of thirty-two chars!", Clock.fixed(NOW, ZoneOffset.UTC));
    assertThrows(ChatproException.class,
        () -> seals.checkCaller(new JsonObject().put("caller", other.seal(ann).toJson())));
    CallerSeals earlier = new CallerSeals(SECRET,
        Clock.fixed(NOW.minus(CallerSeals.LIFETIME).minusMillis(1), ZoneOffset.UTC));
    assertThrows(ChatproException.class,
        () -> seals.checkCaller(new JsonObject().put("caller", earlier.seal(ann).toJson())));
    CallerSeals justInTime = new CallerSeals(SECRET, Clock.fixed(NOW.minus(CallerSeals.LIFETIME), ZoneOffset.UTC));
    assertDoesNotThrow(() -> seals.checkCaller(new JsonObject().put("caller", justInTime.seal(ann).toJson())));
  }

  @Test
  void operatorSealsAreTheirOwnKind() {
    assertDoesNotThrow(() -> seals.checkOperator(seals.asOperator(new JsonObject())));
    assertThrows(ChatproException.class, () -> seals.checkOperator(new JsonObject()));
    JsonObject sealedCaller = seals.seal(ann).toJson();
    assertThrows(ChatproException.class, () -> seals.checkOperator(new JsonObject().put("operator", sealedCaller)));
    CallerSeals other = new CallerSeals("another secret of thirty-two chars!", Clock.fixed(NOW, ZoneOffset.UTC));
    assertThrows(ChatproException.class, () -> seals.checkOperator(other.asOperator(new JsonObject())));
    // an operator seal is no caller's seal either
    JsonObject operator = seals.asOperator(new JsonObject()).getJsonObject("operator");
    JsonObject asCaller = new JsonObject().putNull("userId").putNull("orgId").put("roles", new JsonArray())
        .putNull("sessionId").put("exp", operator.getLong("exp")).put("seal", operator.getString("seal"));
    assertThrows(ChatproException.class, () -> seals.checkCaller(new JsonObject().put("caller", asCaller)));
  }

  @Test
  void aRollingChangeOfTheSecretAcceptsBothOnlyWhereSetUp() {
    String next = "the next secret, thirty-two chars";
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    // first roll: every member still seals with the old secret and learns to accept the next one
    CallerSeals acceptingNext = new CallerSeals(SECRET, List.of(next), clock);
    // second roll: members seal with the next secret and still accept the old one from members not yet rolled
    CallerSeals sealingWithNext = new CallerSeals(next, List.of(SECRET), clock);
    CallerSeals onlyNext = new CallerSeals(next, clock);

    JsonObject old = new JsonObject().put("caller", acceptingNext.seal(ann).toJson());
    JsonObject fresh = new JsonObject().put("caller", sealingWithNext.seal(ann).toJson());
    assertDoesNotThrow(() -> sealingWithNext.checkCaller(old));
    assertDoesNotThrow(() -> acceptingNext.checkCaller(fresh));
    assertDoesNotThrow(() -> seals.checkCaller(old), "sealed with the old secret still");
    assertThrows(ChatproException.class, () -> seals.checkCaller(fresh), "the old secret alone knows nothing new");
    assertThrows(ChatproException.class, () -> onlyNext.checkCaller(old), "after the change the old one is over");
    assertDoesNotThrow(() -> acceptingNext.checkOperator(sealingWithNext.asOperator(new JsonObject())));
    assertThrows(ChatproException.class, () -> onlyNext.checkOperator(seals.asOperator(new JsonObject())));
    assertThrows(IllegalArgumentException.class, () -> new CallerSeals(SECRET, List.of("short"), clock));
  }

  @Test
  void aShortSecretIsRefusedAtStart() {
    assertThrows(IllegalArgumentException.class, () -> new CallerSeals("short"));
    assertThrows(IllegalArgumentException.class, () -> new CallerSeals(null));
  }

  private void refused(UnaryOperator<JsonObject> change) {
    JsonObject caller = change.apply(seals.seal(ann).toJson());
    ChatproException e = assertThrows(ChatproException.class,
        () -> seals.checkCaller(new JsonObject().put("caller", caller)), caller.encode());
    assertEquals("unauthorized", e.code().code());
  }
}
