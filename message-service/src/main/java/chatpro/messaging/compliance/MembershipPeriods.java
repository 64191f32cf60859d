package chatpro.messaging.compliance;

import chatpro.common.time.Times;
import chatpro.messaging.log.EventLog.MembershipChange;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who was in a chat when, from its log. A member row keeps only someone's latest membership, so the periods come
 * from the chat's {@code member.added} and {@code member.removed} events: a person whose first such event is a
 * removal (or who has none) was a member from the chat's creation. A member sees the events from their
 * {@code member.added} up to and including their {@code member.removed}, as history and sync show them.
 */
public final class MembershipPeriods {
  private MembershipPeriods() {}

  /**
   * One membership: the seqs {@code fromSeq..toSeq} (toSeq null while it lasts) and when it began and ended.
   */
  public record Period(long fromSeq, Long toSeq, Instant from, Instant to) {
    /** The last seq of this period, given the chat's last seq for one that lasts. */
    public long lastSeq(long chatLastSeq) {
      return toSeq == null ? chatLastSeq : Math.min(toSeq, chatLastSeq);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("fromSeq", fromSeq).put("from", Times.format(from));
      if (toSeq != null) {
        json.put("toSeq", toSeq).put("to", Times.format(to));
      }
      return json;
    }
  }

  /**
   * Every person's periods in one chat, in the order they first joined.
   *
   * @param everMembers everyone with a member row (current and former members)
   * @param changes the chat's joins and leaves in seq order
   */
  public static Map<UUID, List<Period>> of(List<UUID> everMembers, List<MembershipChange> changes,
      Instant chatCreatedAt) {
    Map<UUID, List<MembershipChange>> byUser = new LinkedHashMap<>();
    everMembers.forEach(u -> byUser.put(u, new ArrayList<>()));
    changes.forEach(c -> byUser.computeIfAbsent(c.userId(), u -> new ArrayList<>()).add(c));
    Map<UUID, List<Period>> periods = new LinkedHashMap<>();
    byUser.forEach((user, own) -> periods.put(user, periods(own, chatCreatedAt)));
    return periods;
  }

  private static List<Period> periods(List<MembershipChange> own, Instant chatCreatedAt) {
    List<Period> periods = new ArrayList<>();
    boolean founder = own.isEmpty() || !own.get(0).added();
    Long openSeq = founder ? 1L : null;
    Instant openAt = founder ? chatCreatedAt : null;
    for (MembershipChange c : own) {
      if (c.added() && openSeq == null) {
        openSeq = c.seq();
        openAt = c.at();
      } else if (!c.added() && openSeq != null) {
        periods.add(new Period(openSeq, c.seq(), openAt, c.at()));
        openSeq = null;
      }
    }
    if (openSeq != null) {
      periods.add(new Period(openSeq, null, openAt, null));
    }
    return periods;
  }
}
