package chatpro.common.kafka;

/** Kafka topic names integrators consume. */
public final class Topics {
  private Topics() {}

  public static final String CHAT_EVENTS = "chatpro.chat-events.v1";
  public static final String DIRECTORY = "chatpro.directory.v1";
  public static final String PRESENCE = "chatpro.presence.v1";
}
