package chatpro.presence.status;

import java.time.Instant;
import java.util.UUID;

/**
 * What one look at a person's duty row and live connections decides: the status to store, whether it changed (then
 * it is published, with the next version), and whether they lost their last device since the last look.
 */
public record Transition(UUID userId, UUID orgId, boolean online, PresenceStatus status, long version,
    boolean changed, boolean wentOffline) {

  /** The stored row's part that status needs. */
  public record Stored(UUID userId, UUID orgId, boolean offDuty, Instant until, boolean online,
      PresenceStatus status, long version) {}

  public static Transition of(Stored row, boolean online) {
    PresenceStatus next = PresenceStatus.of(row.offDuty(), row.until(), online);
    boolean changed = !next.equals(row.status());
    return new Transition(row.userId(), row.orgId(), online, next, changed ? row.version() + 1 : row.version(),
        changed, row.online() && !online);
  }

  /**
   * True for a change between online and offline, which duty had no part in: its time is when the person was last
   * seen (or came back), which orgs hiding last seen keep out of Kafka.
   */
  public boolean onlyConnection(Stored row) {
    return changed && !PresenceStatus.OFF_DUTY.equals(row.status().status())
        && !PresenceStatus.OFF_DUTY.equals(status.status());
  }

  /** True when the row must be written: the status or the connection changed. */
  public boolean writes(Stored row) {
    return changed || row.online() != online;
  }
}
