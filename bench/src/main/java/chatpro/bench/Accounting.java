package chatpro.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Delivery accounting at the end of a run: every acked (chat, seq) must have reached every receiver that is a member
 * of the chat and was watched for it (connected throughout, or caught up by sync). Duplicates and out-of-order
 * arrivals are counted as they happen, by {@link SeqTracker}.
 */
public final class Accounting {
  private Accounting() {}

  /** A device that should have every acked event of {@code chats}; {@code seen} is what it got. */
  public record Receiver(String name, int[] chats, SeqTracker seen) {}

  /**
   * @param expected (acked event, receiver) pairs that should have arrived
   * @param delivered of those, how many did
   * @param lost of those, how many did not
   * @param deliveredUnacked events that arrived although no ack for them was seen (e.g. the ack timed out)
   */
  public record Result(long expected, long delivered, long lost, long deliveredUnacked, List<String> lostExamples) {}

  /**
   * @param ackedByChat per chat index, the acked seqs in ascending order
   * @param chatName names a chat index in the examples
   */
  public static Result count(Map<Integer, long[]> ackedByChat, List<Receiver> receivers, IntFunction<String> chatName,
      int maxExamples) {
    long expected = 0;
    long delivered = 0;
    long lost = 0;
    long[] unacked = {0};
    List<String> examples = new ArrayList<>();
    for (Receiver r : receivers) {
      for (int chat : r.chats()) {
        long[] acked = ackedByChat.getOrDefault(chat, new long[0]);
        for (long seq : acked) {
          expected++;
          if (r.seen().has(chat, seq)) {
            delivered++;
          } else {
            lost++;
            if (examples.size() < maxExamples) {
              examples.add("chat " + chatName.apply(chat) + " seq " + seq + " never reached " + r.name());
            }
          }
        }
        r.seen().forEachSeq(chat, seq -> {
          if (Arrays.binarySearch(acked, seq) < 0) {
            unacked[0]++;
          }
        });
      }
    }
    return new Result(expected, delivered, lost, unacked[0], List.copyOf(examples));
  }
}
