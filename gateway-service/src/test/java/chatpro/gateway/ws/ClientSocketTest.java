package chatpro.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.auth.AccessToken;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-socket stream of each chat, on a socket whose writes are recorded: order, no repeats, gaps filled from the
 * log, the quiet of off duty (held, then released in order; urgent and {@code open} break through), and the bounds:
 * a healthy reader gets every event of a chat once and in order whatever a sync or a gap fill overlaps, and only a
 * reader that stops reading is closed.
 */
class ClientSocketTest {
  private static final String CHAT = "c";
  private static final int QUEUE = 1024;

  /** What the socket wrote, and its close code once closed. */
  private final List<Long> written = new ArrayList<>();
  /** Frames written while the reader was not reading, which the network has not taken. */
  private int unfinishedWrites;
  private boolean reading = true;
  /** Whether the socket's user is off duty now, as the duty view says. */
  private boolean offDuty;
  private Short closedWith;
  /** The chat's log, seq 1 to {@link #logEnd}, and the gap fills asked for and not yet answered. */
  private long logEnd;
  private final ArrayDeque<Runnable> repairs = new ArrayDeque<>();

  private final ClientSocket socket = new ClientSocket(recordingWire(), QUEUE, 0);

  ClientSocketTest() {
    socket.authenticate(new AccessToken("u1", "o1", List.of("member"), "s1", Instant.EPOCH, Instant.MAX), "d1");
    socket.duty(userId -> offDuty);
    socket.repairer((s, chatId, after) -> {
      Promise<Void> done = Promise.promise();
      repairs.add(() -> {
        // the log after `after`, as the gateway's repair fetches it (up to ten pages of a thousand)
        long last = Math.min(logEnd, after + (long) SocketHandler.REPAIR_PAGE * SocketHandler.REPAIR_PAGES);
        for (long seq = after + 1; seq <= last; seq++) {
          s.pushMissing(chatId, seq, frame(seq));
        }
        done.complete();
      });
      return done.future();
    });
  }

  @Test
  void aSyncDuringABurstLongerThanTheQueueLosesNothingAndClosesNothing() {
    logEnd = 3000;
    socket.pushEvent(CHAT, 1, live(1), false);
    socket.beginSync();
    for (long seq = 2; seq <= 3000; seq++) {
      socket.pushEvent(CHAT, seq, live(seq), false);
    }
    socket.endSync();
    answerRepairs();

    assertNull(closedWith, "a healthy reader is not closed");
    assertEveryEventOnceInOrder(3000);
  }

  @Test
  void aGapFillDuringABurstLongerThanTheQueueLosesNothingAndClosesNothing() {
    logEnd = 3000;
    socket.pushEvent(CHAT, 1, live(1), false);
    // seq 2 to 4 missed this socket: the fill of the gap is slow, and the burst goes on meanwhile
    for (long seq = 5; seq <= 3000; seq++) {
      socket.pushEvent(CHAT, seq, live(seq), false);
    }
    answerRepairs();

    assertNull(closedWith, "a healthy reader is not closed");
    assertEveryEventOnceInOrder(3000);
  }

  @Test
  void aReaderThatStopsReadingIsClosedEvenWhileItSyncs() {
    reading = false;
    socket.pushEvent(CHAT, 1, live(1), false);
    socket.beginSync();
    for (long seq = 2; seq <= 2000; seq++) {
      socket.pushMissing(CHAT, seq, frame(seq));
    }

    assertEquals(Short.valueOf((short) ClientSocket.CLOSE_TOO_SLOW), closedWith);
    assertEquals(QUEUE, written.size(), "nothing is written past the bound");
  }

  @Test
  void aSlowReaderThatCatchesUpIsNotClosed() {
    reading = false;
    for (long seq = 1; seq <= QUEUE; seq++) {
      socket.pushEvent(CHAT, seq, live(seq), false);
    }
    unfinishedWrites = 0;
    for (long seq = QUEUE + 1; seq <= 2 * QUEUE; seq++) {
      socket.pushEvent(CHAT, seq, live(seq), false);
    }

    assertNull(closedWith);
    assertEquals(2 * QUEUE, written.size());
  }

  @Test
  void anEventTheSocketAlreadyHadIsNotWrittenAgain() {
    logEnd = 2;
    socket.pushEvent(CHAT, 1, live(1), false);
    socket.pushEvent(CHAT, 2, live(2), false);
    socket.pushEvent(CHAT, 2, live(2), false);
    socket.pushEvent(CHAT, 1, live(1), false);

    assertEquals(List.of(1L, 2L), written);
  }

  @Test
  void aGapIsFilledFromTheLogBeforeTheLiveEventThatShowedIt() {
    logEnd = 4;
    socket.pushEvent(CHAT, 1, live(1), false);
    socket.pushEvent(CHAT, 4, live(4), false);
    assertEquals(List.of(1L), written, "4 waits while 2 and 3 are fetched");
    answerRepairs();

    assertEveryEventOnceInOrder(4);
  }

  @Test
  void whatASyncBringsFromBelowTheFirstLiveEventIsWrittenOnce() {
    socket.pushEvent(CHAT, 5, live(5), false);
    socket.pushMissing(CHAT, 3, frame(3));
    socket.pushMissing(CHAT, 4, frame(4));
    socket.pushMissing(CHAT, 4, frame(4));
    socket.pushMissing(CHAT, 5, frame(5));

    assertEquals(List.of(5L, 3L, 4L), written, "the client asked for 3 and 4 and had not had them here");
  }

  @Test
  void offDutyLiveEventsWaitAndComeInOrderWhenTheShiftStarts() {
    offDuty = true;
    logEnd = 3;
    for (long seq = 1; seq <= 3; seq++) {
      socket.pushEvent(CHAT, seq, live(seq), false);
    }
    assertTrue(written.isEmpty(), "quiet while off duty");
    assertTrue(repairs.isEmpty(), "nothing is fetched while quiet");

    offDuty = false;
    socket.release();
    answerRepairs();
    assertEveryEventOnceInOrder(3);
  }

  @Test
  void anUrgentEventWhileOffDutyComesAtOnceWithWhatWasHeldBeforeIt() {
    offDuty = true;
    logEnd = 3;
    socket.pushEvent(CHAT, 1, live(1), false);
    socket.pushEvent(CHAT, 2, live(2), false);
    socket.pushEvent(CHAT, 3, live(3), true);
    answerRepairs();

    assertEveryEventOnceInOrder(3);
    socket.pushEvent(CHAT, 4, live(4), false);
    assertEquals(3, written.size(), "after the urgent one the socket is quiet again");
  }

  @Test
  void lookingWhileOffDutyMakesTheSocketLiveUntilItCloses() {
    offDuty = true;
    logEnd = 1;
    socket.pushEvent(CHAT, 1, live(1), false);
    socket.look();
    answerRepairs();
    socket.pushEvent(CHAT, 2, live(2), false);

    assertEquals(List.of(1L, 2L), written);
  }

  @Test
  void receiptsAndTypingStayAwayWhileQuietAndOtherFramesDoNot() {
    offDuty = true;
    socket.sendRaw(new WireFrame("receipt:-1"), true);
    socket.sendRaw(new WireFrame("ack:-2"), false);
    offDuty = false;
    socket.sendRaw(new WireFrame("receipt:-3"), true);

    assertEquals(List.of(-2L, -3L), written);
  }

  private void assertEveryEventOnceInOrder(long last) {
    for (int i = 0; i < written.size(); i++) {
      assertEquals(i + 1, written.get(i), "the socket's events are 1, 2, 3, ... (at position " + i + ")");
    }
    assertEquals(last, written.size(), "every event once");
  }

  private void answerRepairs() {
    for (int i = 0; i < 100 && !repairs.isEmpty(); i++) {
      repairs.poll().run();
    }
    assertEquals(0, repairs.size(), "the gap fills come to an end");
  }

  private static String frame(long seq) {
    return CHAT + ":" + seq;
  }

  private static WireFrame live(long seq) {
    return new WireFrame(frame(seq));
  }

  private Wire recordingWire() {
    return new Wire() {
      @Override
      public void write(WireFrame frame) {
        String text = frame.text();
        written.add(Long.parseLong(text.substring(text.indexOf(':') + 1)));
        if (!reading) {
          unfinishedWrites++;
        }
      }

      @Override
      public int unwritten() {
        return unfinishedWrites;
      }

      @Override
      public void close(int code, String reason) {
        closedWith = (short) code;
      }

      @Override
      public boolean closed() {
        return closedWith != null;
      }
    };
  }
}
