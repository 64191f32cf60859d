package chatpro.directory.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.directory.auth.PasswordQueue.Priority;
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
}
