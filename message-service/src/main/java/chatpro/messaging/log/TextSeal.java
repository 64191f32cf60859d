package chatpro.messaging.log;

import chatpro.common.crypto.KeyRing;
import chatpro.common.crypto.KeyRing.KeyDestroyed;
import chatpro.common.crypto.Sealed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message text at rest: before an event body is stored its {@code text} becomes {@code sealed}
 * ({@code {"by": authorId, "data": base64}}, AES-256-GCM with the author's key, bound to the org, chat and message
 * ids), and it is opened again on every way out. Opening never fails a read: a body whose author's key was destroyed
 * (erasure) reads {@code "erased": true}; one that does not open (changed in the database, or moved to another
 * message) reads {@code "unreadable": true}, and the rest of the history is unaffected.
 */
public final class TextSeal {
  private static final Logger LOG = LoggerFactory.getLogger(TextSeal.class);
  public static final String SEALED = "sealed";
  static final String TEXT = "text";

  private final KeyRing keys;

  public TextSeal(KeyRing keys) {
    this.keys = keys;
  }

  /** The people's keys this seals with, for what else message-service encrypts with them (export files). */
  public KeyRing keys() {
    return keys;
  }

  /** The event as it is stored: its text sealed with its author's key. */
  public Future<Event> seal(Event event) {
    String text = event.fields().getString(TEXT);
    if (text == null || event.actorId() == null) {
      return Future.succeededFuture(event);
    }
    return sealText(event.orgId(), event.chatId(), UUID.fromString(event.fields().getString("messageId")),
        event.actorId(), text)
        .map(sealed -> {
          JsonObject stored = event.fields().copy();
          stored.remove(TEXT);
          stored.put(SEALED, sealed);
          return new Event(event.chatId(), event.seq(), event.orgId(), event.type(), event.at(), event.actorId(),
              event.messageId(), stored);
        });
  }

  public Future<List<Event>> sealAll(List<Event> events) {
    List<Future<Event>> sealed = new ArrayList<>(events.size());
    events.forEach(e -> sealed.add(seal(e)));
    return Future.all(sealed).map(all -> all.<Event>list());
  }

  /** {@code {"by", "data"}}: the text of a message (or of its edit) sealed with its author's key. */
  public Future<JsonObject> sealText(UUID org, UUID chat, UUID messageId, UUID author, String text) {
    return keys.person(org, author).map(key -> new JsonObject()
        .put("by", author.toString())
        .put("data", Sealed.seal(key, text, context(org, chat, messageId))));
  }

  /** The event as it is read: its text opened (or marked erased or unreadable). */
  public Future<Event> open(Event event) {
    if (!event.fields().containsKey(SEALED)) {
      return Future.succeededFuture(event);
    }
    return openBody(event.orgId(), event.chatId(), event.fields())
        .map(body -> new Event(event.chatId(), event.seq(), event.orgId(), event.type(), event.at(), event.actorId(),
            event.messageId(), body));
  }

  public Future<List<Event>> openAll(List<Event> events) {
    if (events.stream().noneMatch(e -> e.fields().containsKey(SEALED))) {
      return Future.succeededFuture(events);
    }
    List<Future<Event>> opened = new ArrayList<>(events.size());
    for (Event e : events) {
      opened.add(open(e));
    }
    return Future.all(opened).map(all -> all.<Event>list());
  }

  /** A stored body (an event's, a kept original's, a chat list's last event) with its text opened. */
  public Future<JsonObject> openBody(UUID org, UUID chat, JsonObject body) {
    JsonObject sealed = body.getJsonObject(SEALED);
    if (sealed == null) {
      return Future.succeededFuture(body);
    }
    JsonObject opened = body.copy();
    opened.remove(SEALED);
    UUID author;
    UUID messageId;
    try {
      author = UUID.fromString(sealed.getString("by"));
      messageId = UUID.fromString(body.getString("messageId"));
    } catch (RuntimeException e) {
      return Future.succeededFuture(unreadable(opened, chat));
    }
    return keys.person(org, author)
        .map(key -> {
          try {
            return opened.put(TEXT, Sealed.open(key, sealed.getString("data"), context(org, chat, messageId)));
          } catch (GeneralSecurityException | RuntimeException e) {
            return unreadable(opened, chat);
          }
        })
        .recover(e -> e instanceof KeyDestroyed ? Future.succeededFuture(opened.put("erased", true))
            : Future.failedFuture(e));
  }

  /**
   * An outbox payload (a CloudEvent whose {@code data} is the stored event) with its text opened, for the relay:
   * integrators read the text from Kafka, the database keeps only the sealed form.
   */
  public Future<String> openPayload(String payload) {
    JsonObject cloudEvent = new JsonObject(payload);
    JsonObject data = cloudEvent.getJsonObject("data");
    if (data == null || !data.containsKey(SEALED)) {
      // encoded again either way: payloads written by the send statement are PostgreSQL's jsonb text (with spaces),
      // and records on the topic are compact JSON (media-service skims them as such)
      return Future.succeededFuture(cloudEvent.encode());
    }
    UUID org = UUID.fromString(cloudEvent.getString("source").substring("chatpro/".length()));
    UUID chat = UUID.fromString(data.getString("chatId"));
    return openBody(org, chat, data).map(opened -> cloudEvent.put("data", opened).encode());
  }

  private static JsonObject unreadable(JsonObject body, UUID chat) {
    LOG.warn("a message of chat {} does not open with its author's key: changed or moved in the database", chat);
    return body.put("unreadable", true);
  }

  /** What a message's text is bound to: it opens only as the text of that message of that chat and org. */
  static String context(UUID org, UUID chat, UUID messageId) {
    return "chatpro.text:" + org + ":" + chat + ":" + messageId;
  }
}
