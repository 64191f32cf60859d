package chatpro.directory.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.directory.auth.PasswordQueue.Outcome;
import chatpro.directory.auth.PasswordQueue.Priority;
import chatpro.directory.auth.PasswordQueue.Standing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which argon2 job runs next, as pure bookkeeping. */
class PasswordQueueTest {

  @Test
  void loginsGoBeforeAccountsAndAccountsBeforeImports() {
    PasswordQueue<String> q = new PasswordQueue<>(4, 100);
    q.offer(Priority.IMPORT, "row 1");
    q.offer(Priority.ACCOUNT, "new person");
    q.offer(Priority.IMPORT, "row 2");
    q.offer(Priority.LOGIN, "login a");
    q.offer(Priority.LOGIN, "login b");
    List<String> order = new ArrayList<>();
    PasswordQueue.Taken<String> t;
    while ((t = q.next()) != null) {
      order.add(t.job());
      q.finished(t.priority());
    }
    assertEquals(List.of("login a", "login b", "new person", "row 1", "row 2"), order);
  }

  @Test
  void importsLeaveOneThreadForLogins() {
    PasswordQueue<String> q = new PasswordQueue<>(2, 100);
    for (int i = 1; i <= 5; i++) {
      q.offer(Priority.IMPORT, "row " + i);
    }
    assertEquals("row 1", q.next().job());
    assertNull(q.next(), "a second import row waits although a thread is free");
    q.offer(Priority.LOGIN, "login");
    assertEquals("login", q.next().job(), "the free thread is there for the login");
    assertNull(q.next(), "both threads busy");
    q.finished(Priority.LOGIN);
    assertNull(q.next(), "still only one thread for imports");
    q.finished(Priority.IMPORT);
    assertEquals("row 2", q.next().job());
  }

  @Test
  void accountsShareTheImportsLimit() {
    PasswordQueue<String> q = new PasswordQueue<>(3, 100);
    assertEquals(2, q.otherLimit());
    q.offer(Priority.IMPORT, "row 1");
    q.offer(Priority.IMPORT, "row 2");
    q.offer(Priority.ACCOUNT, "reset");
    assertEquals("reset", q.next().job());
    assertEquals("row 1", q.next().job());
    assertNull(q.next(), "two of three threads are the most non-login work may hold");
    q.offer(Priority.LOGIN, "login");
    assertEquals("login", q.next().job());
  }

  @Test
  void oneThreadIsSharedByEveryone() {
    PasswordQueue<String> q = new PasswordQueue<>(1, 100);
    assertEquals(1, q.otherLimit(), "imports still run on a one-core machine");
    q.offer(Priority.IMPORT, "row");
    assertEquals("row", q.next().job());
    q.offer(Priority.LOGIN, "login");
    assertNull(q.next());
    q.finished(Priority.IMPORT);
    assertEquals("login", q.next().job());
  }

  @Test
  void aFullQueueRefusesWorkOfTheLowestPriorityPresent() {
    PasswordQueue<String> q = new PasswordQueue<>(2, 3);
    assertTrue(q.offer(Priority.LOGIN, "a").accepted());
    assertTrue(q.offer(Priority.LOGIN, "b").accepted());
    assertTrue(q.offer(Priority.LOGIN, "c").accepted());
    PasswordQueue.Offer<String> refused = q.offer(Priority.LOGIN, "d");
    assertFalse(refused.accepted());
    assertNull(refused.displaced());
    assertFalse(q.offer(Priority.IMPORT, "row").accepted());
    assertEquals(3, q.waiting());
  }

  @Test
  void aLoginTakesThePlaceOfTheNewestLowerPriorityJob() {
    PasswordQueue<String> q = new PasswordQueue<>(2, 3);
    q.offer(Priority.ACCOUNT, "new person");
    q.offer(Priority.IMPORT, "row 1");
    q.offer(Priority.IMPORT, "row 2");
    PasswordQueue.Offer<String> login = q.offer(Priority.LOGIN, "login");
    assertTrue(login.accepted());
    assertEquals("row 2", login.displaced());
    PasswordQueue.Offer<String> account = q.offer(Priority.ACCOUNT, "reset");
    assertEquals("row 1", account.displaced());
    PasswordQueue.Offer<String> another = q.offer(Priority.ACCOUNT, "another");
    assertFalse(another.accepted(), "nothing of lower priority is left to make room");
    assertEquals(3, q.waiting());
  }

  @Test
  void runningJobsAreNotCountedAsWaiting() {
    PasswordQueue<String> q = new PasswordQueue<>(2, 1);
    q.offer(Priority.LOGIN, "a");
    q.next();
    assertTrue(q.offer(Priority.LOGIN, "b").accepted(), "the queue bounds waiting jobs only");
    assertEquals(1, q.running());
    assertEquals(1, q.waiting());
  }

  @Test
  void drainingTakesEverythingLeftInPriorityOrder() {
    PasswordQueue<String> q = new PasswordQueue<>(2, 10);
    q.offer(Priority.IMPORT, "row");
    q.offer(Priority.LOGIN, "login");
    assertEquals("login", q.drain().job());
    assertEquals("row", q.drain().job());
    assertNull(q.drain());
    assertEquals(0, q.waiting());
  }

  @Test
  void aCleanSignInGoesBeforeEveryWaitingLoginFromAddressesThatKeepFailing() {
    PasswordQueue<String> q = new PasswordQueue<>(2, 256);
    for (int i = 0; i < 200; i++) {
      q.offer(Priority.LOGIN, new Standing("10.77.0." + (i % 100), 1 + i / 100), "wrong " + i);
    }
    q.offer(Priority.LOGIN, new Standing("192.0.2.1", 0), "clean");
    assertEquals("clean", q.next().job(), "the clean sign-in is hashed next, 200 failing ones notwithstanding");
    assertEquals("wrong 0", q.next().job());
  }

  @Test
  void freshAddressesSendingSeveralAtOnceStandBehindAPersonSendingOne() {
    PasswordQueue<String> q = new PasswordQueue<>(2, 400);
    for (int i = 0; i < 300; i++) {
      // Three at once from each of 100 addresses with no failures yet: each counts its siblings' checks under way.
      q.offer(Priority.LOGIN, new Standing("10.77.0." + (i % 100), i / 100), "wrong " + i);
    }
    q.offer(Priority.LOGIN, new Standing("192.0.2.1", 0), "person");
    assertEquals("person", q.next().job(), "one sign-in from a clean address goes before 300 from 100 addresses");
    assertEquals("wrong 0", q.next().job());
    q.finished(Priority.LOGIN);
    assertEquals("wrong 1", q.next().job(), "equal standing (no failure yet, two more waiting), so arrival order");
  }

  @Test
  void fewerFailuresGoFirstAndEqualsInArrivalOrder() {
    PasswordQueue<String> q = new PasswordQueue<>(1, 100);
    q.offer(Priority.LOGIN, new Standing("a", 3), "a3");
    q.offer(Priority.LOGIN, new Standing("b", 1), "b1");
    q.offer(Priority.LOGIN, new Standing("c", 0), "c0");
    q.offer(Priority.LOGIN, new Standing("d", 1), "d1");
    q.offer(Priority.LOGIN, Standing.NONE, "password change");
    assertEquals(List.of("c0", "password change", "b1", "d1", "a3"), takeAll(q));
  }

  @Test
  void standingNeverPutsASignInBehindImportsOrAdminActions() {
    PasswordQueue<String> q = new PasswordQueue<>(4, 100);
    q.offer(Priority.ACCOUNT, "new person");
    q.offer(Priority.IMPORT, "row");
    q.offer(Priority.LOGIN, new Standing("a", 99), "much failed");
    assertEquals(List.of("much failed", "new person", "row"), takeAll(q));
  }

  @Test
  void aFullQueueLetsABetterStandingSignInTakeTheNewestOfTheWorstPlaces() {
    PasswordQueue<String> q = new PasswordQueue<>(1, 3);
    q.offer(Priority.LOGIN, new Standing("a", 5), "a");
    q.offer(Priority.LOGIN, new Standing("b", 5), "b");
    q.offer(Priority.LOGIN, new Standing("c", 2), "c");
    PasswordQueue.Offer<String> clean = q.offer(Priority.LOGIN, new Standing("d", 0), "clean");
    assertTrue(clean.accepted());
    assertEquals("b", clean.displaced(), "the newest of the worst standing makes room");
    PasswordQueue.Offer<String> asBad = q.offer(Priority.LOGIN, new Standing("e", 5), "e");
    assertEquals(Outcome.FULL, asBad.outcome(), "a job never displaces one standing as well as it does");
    assertNull(asBad.displaced());
    assertEquals("a", q.offer(Priority.LOGIN, new Standing("f", 4), "f").displaced());
    assertEquals(List.of("clean", "c", "f"), takeAll(q));
  }

  @Test
  void lowerPrioritiesMakeRoomBeforeWorseStandingSignIns() {
    PasswordQueue<String> q = new PasswordQueue<>(1, 2);
    q.offer(Priority.LOGIN, new Standing("a", 7), "failing");
    q.offer(Priority.IMPORT, "row");
    assertEquals("row", q.offer(Priority.LOGIN, new Standing("b", 0), "clean").displaced());
  }

  @Test
  void onceHalfFullAnAddressHoldsAtMostItsShare() {
    PasswordQueue<String> q = new PasswordQueue<>(1, 20);
    for (int i = 0; i < 10; i++) {
      assertTrue(q.offer(Priority.LOGIN, new Standing("office", i), "office " + i).accepted(),
          "below half full one address may queue more than its share (many people behind one NAT)");
    }
    assertEquals(Outcome.ADDRESS_SHARE, q.offer(Priority.LOGIN, new Standing("office", 10), "office 10").outcome());
    for (int i = 0; i < PasswordQueue.ADDRESS_SHARE; i++) {
      assertTrue(q.offer(Priority.LOGIN, new Standing("bot", 50), "bot " + i).accepted());
    }
    assertEquals(Outcome.ADDRESS_SHARE, q.offer(Priority.LOGIN, new Standing("bot", 50), "bot more").outcome());
    assertEquals(PasswordQueue.ADDRESS_SHARE, q.waitingFrom("bot"));
    assertTrue(q.offer(Priority.LOGIN, Standing.NONE, "no address").accepted(), "work from no address has no share");
    assertTrue(q.offer(Priority.LOGIN, new Standing("someone", 0), "someone").accepted());
    assertEquals(16, q.waiting());
  }

  @Test
  void anAddressGetsItsShareBackAsItsJobsLeaveTheQueue() {
    PasswordQueue<String> q = new PasswordQueue<>(1, 4);
    for (int i = 0; i < 4; i++) {
      q.offer(Priority.LOGIN, new Standing("bot", 9), "bot " + i);
    }
    assertEquals(Outcome.ADDRESS_SHARE, q.offer(Priority.LOGIN, new Standing("bot", 9), "more").outcome());
    assertEquals("bot 0", q.next().job(), "taken to run: no longer waiting");
    assertEquals(3, q.waitingFrom("bot"));
    assertTrue(q.offer(Priority.LOGIN, new Standing("other", 1), "other").accepted());
    assertEquals("bot 3", q.offer(Priority.LOGIN, new Standing("clean", 0), "clean").displaced());
    assertEquals(2, q.waitingFrom("bot"), "a displaced job leaves its address's share too");
    assertEquals(Outcome.FULL, q.offer(Priority.LOGIN, new Standing("bot", 9), "bot again").outcome(),
        "the queue is full and the bot stands no better than its own waiting jobs");
    q.finished(Priority.LOGIN);
    assertEquals("clean", q.drain().job());
    assertEquals("other", q.drain().job());
    assertEquals("bot 1", q.drain().job());
    assertEquals("bot 2", q.drain().job());
    assertNull(q.drain());
    assertEquals(0, q.waitingFrom("bot"));
  }

  private static List<String> takeAll(PasswordQueue<String> q) {
    List<String> order = new ArrayList<>();
    PasswordQueue.Taken<String> t;
    while ((t = q.next()) != null) {
      order.add(t.job());
      q.finished(t.priority());
    }
    return order;
  }
}
