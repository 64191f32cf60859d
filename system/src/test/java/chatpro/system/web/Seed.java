package chatpro.system.web;

import chatpro.system.TestApi;
import chatpro.system.TestApi.Answer;
import chatpro.system.TestApi.Org;
import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The state a journey starts from, set up over the public API as any integrator would: colleagues, chats and
 * messages. The browser then shows what the server holds.
 */
public final class Seed {
  private Seed() {}

  /** A colleague with a password; they sign in in a browser with {@link #password()}. */
  public record Colleague(String id, String username, String displayName, Session session) {
    public String password() {
      return "password of " + username;
    }
  }

  /** Creates a member of the org with this display name (and signs them in over the API for seeding). */
  public static Colleague colleague(Org org, String username, String displayName) throws Exception {
    JsonObject user = org.create(new JsonObject().put("username", username).put("displayName", displayName));
    Session session = org.api().login(org.slug(), username, "password of " + username);
    return new Colleague(user.getString("id"), username, displayName, session);
  }

  /** The direct chat of two colleagues (created, or the existing one). */
  public static String directChat(TestApi api, Colleague from, Colleague to) throws Exception {
    Answer chat = api.post("/api/v1/chats", from.session().token(), TestApi.directChat(to.id()));
    if (chat.status() != 201 && chat.status() != 200) {
      throw new AssertionError("direct chat not created: " + chat.status() + " " + chat.body());
    }
    return chat.json().getString("id");
  }

  /** Sends a text over REST with a fresh clientId, waiting out a rate limit if the server asks; answers the ack. */
  public static JsonObject text(TestApi api, Colleague from, String chatId, String text) throws Exception {
    JsonObject body = new JsonObject().put("clientId", UUID.randomUUID().toString()).put("kind", "text")
        .put("text", text);
    for (int attempt = 0; ; attempt++) {
      Answer sent = api.post("/api/v1/chats/" + chatId + "/messages", from.session().token(), body);
      if (sent.status() == 201 || sent.status() == 200) {
        return sent.json();
      }
      if (sent.status() != 429 || attempt > 20) {
        throw new AssertionError("message not sent: " + sent.status() + " " + sent.body());
      }
      long seconds = sent.raw().headers().firstValueAsLong("Retry-After").orElse(1);
      Thread.sleep(seconds * 1000);
    }
  }

  /** Every event of a chat the colleague may see, in seq order. */
  public static List<JsonObject> events(TestApi api, Colleague who, String chatId) throws Exception {
    List<JsonObject> all = new ArrayList<>();
    long after = 0;
    while (true) {
      Answer page = api.get("/api/v1/chats/" + chatId + "/events?after=" + after + "&limit=1000", who.session().token());
      if (page.status() != 200) {
        throw new AssertionError("events not read: " + page.status() + " " + page.body());
      }
      JsonArray events = page.json().getJsonArray("events");
      for (int i = 0; i < events.size(); i++) {
        all.add(events.getJsonObject(i));
      }
      if (events.size() < 1000) {
        return all;
      }
      after = events.getJsonObject(events.size() - 1).getLong("seq");
    }
  }

  /** The message events of a chat with exactly this text. */
  public static List<JsonObject> messagesWithText(TestApi api, Colleague who, String chatId, String text)
      throws Exception {
    return events(api, who, chatId).stream()
        .filter(e -> "message".equals(e.getString("type")) && text.equals(e.getString("text")))
        .toList();
  }

  /** The events of type {@code message} in a chat. */
  public static List<JsonObject> messages(TestApi api, Colleague who, String chatId) throws Exception {
    return events(api, who, chatId).stream().filter(e -> "message".equals(e.getString("type"))).toList();
  }
}
