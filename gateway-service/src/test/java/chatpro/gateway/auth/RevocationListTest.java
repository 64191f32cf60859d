package chatpro.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.auth.AccessToken;
import chatpro.common.auth.Revocation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevocationListTest {
  private static final Instant ISSUED = Instant.parse("2026-11-24T08:00:00Z");
  private static final long KEEP = 17 * 60_000;

  @Test
  void aChangeInTurnAdvancesTheVersionAndRefusesItsLogins() {
    RevocationList list = new RevocationList(KEEP);
    assertTrue(list.apply(change(1, "u1", List.of("s1"), null), 0));
    assertEquals(1, list.version());
    assertTrue(list.refuses(token("u1", "s1", ISSUED)));
    assertFalse(list.refuses(token("u1", "s2", ISSUED)), "another login of the same person goes on");
  }

  @Test
  void aChangeAfterAGapIsAppliedButAsksForTheMissedOne() {
    RevocationList list = new RevocationList(KEEP);
    list.apply(change(1, "u1", List.of("s1"), null), 0);
    assertFalse(list.apply(change(3, "u3", List.of("s3"), null), 0), "version 2 is missing");
    assertEquals(1, list.version(), "the copy holds every change only up to 1");
    assertTrue(list.refuses(token("u3", "s3", ISSUED)), "the change heard is in effect at once");

    list.catchUp(new Revocation.Changes(List.of(change(2, "u2", List.of("s2"), null),
        change(3, "u3", List.of("s3"), null)), 3, false), 0);
    assertEquals(3, list.version());
    assertTrue(list.refuses(token("u2", "s2", ISSUED)), "the missed change came with the catch-up");
    assertTrue(list.apply(change(3, "u3", List.of("s3"), null), 0), "a repeat is nothing new");
    assertEquals(3, list.version());
  }

  @Test
  void aDeactivationRefusesEveryTokenIssuedBeforeItsSecond() {
    RevocationList list = new RevocationList(KEEP);
    Instant deactivated = ISSUED.plusMillis(10_400);
    list.apply(change(1, "u1", List.of(), deactivated), 0);
    assertTrue(list.refuses(token("u1", "any login", ISSUED)));
    assertTrue(list.refuses(token("u1", "any login", ISSUED.plusSeconds(9))));
    assertFalse(list.refuses(token("u1", "after reactivation", ISSUED.plusSeconds(10))),
        "issued in the second of the deactivation: only a login after a reactivation can be");
    assertFalse(list.refuses(token("u2", "someone else", ISSUED)));
  }

  @Test
  void aHeadBelowTheCopysVersionIsFollowed() {
    RevocationList list = new RevocationList(KEEP);
    list.catchUp(new Revocation.Changes(List.of(change(7, "u1", List.of("s1"), null)), 7, false), 0);
    list.catchUp(new Revocation.Changes(List.of(), 2, false), 0);
    assertEquals(2, list.version(), "directory's list started again");
    assertTrue(list.refuses(token("u1", "s1", ISSUED)), "what the copy held stays");
  }

  @Test
  void entriesGoOnceNoTokenTheyRefuseCanBeAlive() {
    RevocationList list = new RevocationList(KEEP);
    list.apply(change(1, "u1", List.of("s1"), ISSUED), 1_000);
    list.prune(1_000 + KEEP - 1);
    assertEquals(2, list.size());
    list.prune(ISSUED.toEpochMilli() + KEEP + 1);
    assertEquals(0, list.size());
  }

  private static Revocation change(long version, String user, List<String> sessions, Instant notBefore) {
    return new Revocation(version, user, sessions, notBefore);
  }

  private static AccessToken token(String user, String session, Instant issued) {
    return new AccessToken(user, "org", List.of("member"), session, issued, issued.plusSeconds(900));
  }

  @Test
  void aChangeSurvivesItsJsonForm() {
    Revocation change = change(5, "u1", List.of("s1", "s2"), ISSUED);
    assertEquals(change, Revocation.fromJson(change.toJson()));
    Revocation.Changes page = new Revocation.Changes(List.of(change), 9, true);
    assertEquals(page, Revocation.Changes.fromJson(page.toJson()));
  }
}
