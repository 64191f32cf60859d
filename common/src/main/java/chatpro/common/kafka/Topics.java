package chatpro.common.kafka;

/** Kafka topic names: those integrators consume, and ChatPro's internal ones. */
public final class Topics {
  private Topics() {}

  public static final String CHAT_EVENTS = "chatpro.chat-events.v1";
  public static final String DIRECTORY = "chatpro.directory.v1";
  public static final String PRESENCE = "chatpro.presence.v1";
  /** Each appended audit entry, the chain's head (key: orgId), for a store outside ChatPro to hold the chain. */
  public static final String AUDIT = "chatpro.audit.v1";

  /**
   * Internal: audit records from every service's {@code audit_outbox}, key orgId, so one partition (and one chain
   * writer at a time) carries each org's records in order. Not for integrators.
   */
  public static final String AUDIT_RECORDS = "chatpro.audit-records.v1";
}
