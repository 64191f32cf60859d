package chatpro.common.error;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure type that crosses service boundaries. On the event bus it travels as
 * {@code fail(status, "code|message")}; the gateway turns it into the protocol's error shape.
 */
public final class ChatproException extends RuntimeException {
  private static final Logger LOG = LoggerFactory.getLogger(ChatproException.class);

  private final ErrorCode code;
  private final long retryAfterSeconds;

  public ChatproException(ErrorCode code, String message) {
    this(code, message, 0);
  }

  public ChatproException(ErrorCode code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ErrorCode code() {
    return code;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static ChatproException badRequest(String message) {
    return new ChatproException(ErrorCode.BAD_REQUEST, message);
  }

  public static ChatproException notFound(String what) {
    return new ChatproException(ErrorCode.NOT_FOUND, what + " not found");
  }

  public static ChatproException forbidden(String message) {
    return new ChatproException(ErrorCode.FORBIDDEN, message);
  }

  public static ChatproException conflict(String message) {
    return new ChatproException(ErrorCode.CONFLICT, message);
  }

  public static ChatproException unauthorized() {
    return new ChatproException(ErrorCode.UNAUTHORIZED, "authentication required");
  }

  /** Answers an event-bus request with this failure; unexpected errors are logged here and hidden from callers. */
  public static void reply(Message<?> message, Throwable failure) {
    ChatproException e = from(failure);
    if (e.code == ErrorCode.INTERNAL && !(failure instanceof ChatproException)) {
      LOG.error("request to {} failed", message.address(), failure);
    } else if (e.code == ErrorCode.UNAVAILABLE && !(failure instanceof ChatproException)) {
      LOG.warn("request to {} failed for now: {}", message.address(), failure.toString());
    }
    message.fail(e.code.status(), e.encode());
  }

  /** This failure as the text an event-bus failure carries ({@code code|message|retryAfter}). */
  public String encode() {
    return code.code() + "|" + getMessage() + (retryAfterSeconds > 0 ? "|" + retryAfterSeconds : "");
  }

  /** The failure an {@link #encode()}d text describes. */
  public static ChatproException decode(String text) {
    String[] parts = text.split("\\|", 3);
    long retry = parts.length == 3 ? parseLong(parts[2]) : 0;
    return new ChatproException(ErrorCode.fromCode(parts[0]), parts.length > 1 ? parts[1] : "", retry);
  }

  /** Rebuilds the failure from whatever an event-bus request or a local step produced. */
  public static ChatproException from(Throwable failure) {
    if (failure instanceof ChatproException e) {
      return e;
    }
    if (failure instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.getMessage() != null) {
        if (re.getMessage().contains("|")) {
          return decode(re.getMessage());
        }
      }
      return new ChatproException(ErrorCode.UNAVAILABLE, "a service did not answer in time");
    }
    if (isUnavailable(failure)) {
      return new ChatproException(ErrorCode.UNAVAILABLE, "a service is not available, retry shortly");
    }
    return new ChatproException(ErrorCode.INTERNAL, "internal error");
  }

  /**
   * PostgreSQL's answers that mean the server, not the request, is the trouble: a connection exception (class 08),
   * a shutdown or restart (57P01-57P03) and no connection slot left (53300). A pool's connections from before a
   * restart fail so on first use.
   */
  private static final java.util.List<String> DATABASE_GONE = java.util.List.of("08", "57P01", "57P02", "57P03",
      "53300");

  /**
   * A lost or closing connection (a database or a peer going away), or a pool with more requests waiting than it
   * queues, is a reason to retry, not a bug.
   */
  static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
          && DATABASE_GONE.stream().anyMatch(pg.getSqlState()::startsWith)) {
        return true;
      }
      String name = t.getClass().getName();
      String message = String.valueOf(t.getMessage());
      if (t instanceof java.io.IOException || name.endsWith("ClosedConnectionException")
          || name.endsWith("ConnectTimeoutException") || name.endsWith("ConnectionPoolTooBusyException")
          || message.contains("Connection is not active")
          || message.contains("Pool closed") || message.contains("Connection refused")) {
        return true;
      }
    }
    return false;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
