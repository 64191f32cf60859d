package chatpro.system;

import chatpro.system.TestApi.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The table of {@link HostileFramesIT}: what is sent, before or after auth, and the exact answer it must get.
 * Answers are written {@code ack:<id>} and {@code error:<code>:<id>}, with {@code -} for an answer without id.
 */
final class HostileFrameCases {
  private HostileFrameCases() {}

  /** The people, chats and messages the cases aim at; the other org's are never to be seen. */
  record Fixture(Session ann, Session bob, String chat, String annsMessage, String bobsMessage, String otherChat,
      String otherMessage) {}

  /** What a case puts on the wire. */
  interface Send {
    void to(RawWebSocket raw) throws IOException;
  }

  /** A case: {@code closes} is the close code it must end with (0: the socket stays open), after these answers. */
  record Case(String name, boolean beforeAuth, Send send, int closes, List<String> answers) {}

  private static final String NESTED = "[".repeat(10_000) + "]".repeat(10_000);
  private static final String BAD = "error:bad_request:";

  static List<Case> all(Fixture f) {
    List<Case> cases = new ArrayList<>();
    beforeAuth(cases, f);
    shapes(cases);
    sends(cases, f);
    syncs(cases, f);
    cursorsAndTyping(cases, f);
    messageActions(cases, f);
    closes(cases, f);
    return cases;
  }

  private static void beforeAuth(List<Case> cases, Fixture f) {
    String token = f.ann().token();
    for (Object[] c : new Object[][] {
        {"text that is not JSON", text("hello")}, {"an empty text frame", text("")}, {"a JSON array", text("[1,2]")},
        {"a JSON string", text("\"auth\"")}, {"JSON null", text("null")}, {"type 42", text("{\"type\":42}")},
        {"no type, with a good token", json(new JsonObject().put("id", "a").put("token", token))},
        {"type AUTH in capitals", json(auth(token).put("type", "AUTH"))},
        {"a ping", json(ping("p"))}, {"a send", json(send("s", f.chat()).put("text", "early"))},
        {"a sync", json(new JsonObject().put("type", "sync").put("id", "y").put("chats", new JsonObject()))},
        {"auth with a numeric id", json(auth(token).put("id", 5))},
        {"a binary frame", binary(new byte[] {1, 2, 3})}, {"10,000 nested arrays", text(NESTED)},
        {"auth with 10,000 nested arrays in it",
            text("{\"type\":\"auth\",\"id\":\"a\",\"token\":\"" + token + "\",\"x\":" + NESTED + "}")}}) {
      cases.add(new Case("before auth: " + c[0] + " closes 4401", true, (Send) c[1], 4401, List.of()));
    }
    for (Object[] c : new Object[][] {{"a numeric token", 42}, {"no token", null}, {"a token of null", "null"},
        {"a 60,000-character token", "x".repeat(60_000)}, {"a token that is an object", new JsonObject()}}) {
      JsonObject frame = new JsonObject().put("type", "auth").put("id", "a");
      if (c[1] != null) {
        frame.put("token", "null".equals(c[1]) ? null : c[1]);
      }
      cases.add(new Case("before auth: auth with " + c[0] + " is unauthorized and closes 4401", true, json(frame),
          4401, List.of("error:unauthorized:a")));
    }
    cases.add(new Case("before auth: a frame over 64 KiB closes 1009", true,
        json(auth(token).put("pad", "x".repeat(70_000))), 1009, List.of()));
    cases.add(new Case("before auth: a text frame that is not UTF-8 closes 4401", true, invalidUtf8(), 4401,
        List.of()));
    cases.add(new Case("before auth: an auth frame that is not UTF-8 closes 4401", true, invalidUtf8(token), 4401,
        List.of()));
  }

  /** Frames that are not a JSON object with a string type, or have a bad id: an error without id, socket open. */
  private static void shapes(List<Case> cases) {
    for (String[] c : new String[][] {{"text that is not JSON", "hello"}, {"an empty text frame", ""},
        {"a JSON array", "[1,2]"}, {"a JSON string", "\"ping\""}, {"JSON null", "null"}, {"a bare number", "123"},
        {"type 42", "{\"type\":42}"}, {"type 42 with an id", "{\"type\":42,\"id\":\"t\"}"},
        {"no type", "{\"id\":\"t\"}"}, {"type null", "{\"type\":null,\"id\":\"t\"}"},
        {"type an object", "{\"type\":{\"type\":\"ping\"},\"id\":\"t\"}"},
        {"type a list", "{\"type\":[\"ping\"],\"id\":\"t\"}"}, {"type true", "{\"type\":true,\"id\":\"t\"}"},
        {"id a number", "{\"type\":\"ping\",\"id\":7}"}, {"id an object", "{\"type\":\"ping\",\"id\":{}}"},
        {"id a list", "{\"type\":\"ping\",\"id\":[\"p\"]}"},
        {"an id with a lone surrogate", "{\"type\":\"ping\",\"id\":\"p\\udc00\"}"},
        {"10,000 nested arrays", NESTED},
        {"a ping with 10,000 nested arrays in it", "{\"type\":\"ping\",\"id\":\"p\",\"x\":" + NESTED + "}"},
        {"a frame cut short", "{\"type\":\"ping\",\"id\":\"p\""}}) {
      cases.add(after(c[0] + " gets an error without id", text(c[1]), BAD + "-"));
    }
    cases.add(after("an id of null is no id: a ping without answer", text("{\"type\":\"ping\",\"id\":null}")));
    cases.add(after("an unknown type with an id gets an error with it", json(new JsonObject().put("type", "dance")
        .put("id", "d")), BAD + "d"));
    cases.add(after("an unknown type without id gets an error without", json(new JsonObject().put("type", "dance")),
        BAD + "-"));
    cases.add(after("an empty type is unknown", json(new JsonObject().put("type", "").put("id", "d")), BAD + "d"));
    cases.add(after("unknown fields are ignored", json(ping("p").put("chatId", 5).put("x", new JsonObject()
        .put("deep", new JsonArray().add(new JsonArray())))), "ack:p"));
    cases.add(after("an id with a surrogate pair is acked with it",
        text("{\"type\":\"ping\",\"id\":\"\\ud83d\\ude00\"}"), "ack:😀"));
    cases.add(after("open is acked", json(new JsonObject().put("type", "open").put("id", "o")), "ack:o"));
    cases.add(after("a ping without id has no answer", json(new JsonObject().put("type", "ping"))));
    String longId = "i".repeat(10_000);
    cases.add(after("a ping with a 10,000-character id is acked with it", json(ping(longId)), "ack:" + longId));
  }

  private static void sends(List<Case> cases, Fixture f) {
    String chat = f.chat();
    cases.add(after("send without id", json(send(null, chat).put("text", "x")), BAD + "-"));
    cases.add(after("send with a numeric id", json(send(null, chat).put("id", 5).put("text", "x")), BAD + "-"));
    String random = UUID.randomUUID().toString();
    Object[][] bad = {
        {"chatId a number", send("s", null).put("chatId", 5).put("text", "x"), "bad_request"},
        {"chatId missing", send("s", null).put("text", "x"), "bad_request"},
        {"chatId not a UUID", send("s", "../chats").put("text", "x"), "not_found"},
        {"chatId of another org", send("s", f.otherChat()).put("text", "x"), "not_found"},
        {"chatId unknown", send("s", random).put("text", "x"), "not_found"},
        {"kind a number", send("s", chat).put("kind", 1).put("text", "x"), "bad_request"},
        {"kind video", send("s", chat).put("kind", "video").put("text", "x"), "bad_request"},
        {"text a number", send("s", chat).put("text", 42), "bad_request"},
        {"text missing", send("s", chat), "bad_request"},
        {"text empty", send("s", chat).put("text", ""), "bad_request"},
        {"text of 4,097 code points", send("s", chat).put("text", "é".repeat(4097)), "bad_request"},
        {"mentions a string", send("s", chat).put("text", "x").put("mentions", f.bob().userId()), "bad_request"},
        {"mentions numbers", send("s", chat).put("text", "x").put("mentions", new JsonArray().add(1)), "bad_request"},
        {"mentions not UUIDs", send("s", chat).put("text", "x").put("mentions", new JsonArray().add("bob")),
            "bad_request"},
        {"mentions someone not in the chat", send("s", chat).put("text", "x")
            .put("mentions", new JsonArray().add(random)), "bad_request"},
        {"urgent a string", send("s", chat).put("text", "x").put("urgent", "yes"), "bad_request"},
        {"urgent from a member", send("s", chat).put("text", "x").put("urgent", true), "forbidden"},
        {"replyTo a number", send("s", chat).put("text", "x").put("replyTo", 1), "bad_request"},
        {"replyTo another org's message", send("s", chat).put("text", "x").put("replyTo", f.otherMessage()),
            "bad_request"},
        {"forwardOf another org's message", send("s", chat).put("text", "x").put("forwardOf", f.otherMessage()),
            "bad_request"},
        {"an image whose mediaId is not an id", send("s", chat).put("kind", "image").put("mediaId", "x.png"),
            "bad_request"},
        {"an image of an unknown mediaId", send("s", chat).put("kind", "image").put("mediaId", random),
            "bad_request"}};
    for (Object[] c : bad) {
      cases.add(after("send with " + c[0], json(((JsonObject) c[1]).put("id", "s")), "error:" + c[2] + ":s"));
    }
    String nul = UUID.randomUUID().toString();
    cases.add(after("send with a NUL character in the text is stored like any other", json(send(nul, chat)
        .put("text", "a\u0000b")), "ack:" + nul));
    cases.add(after("send with a lone surrogate in the text", withRaw(send("s", chat), "\"text\":\"\\ud800\""),
        BAD + "s"));
    String longId = "c".repeat(101);
    cases.add(after("send with an id of 101 characters", json(send(longId, chat).put("text", "x")), BAD + longId));
    String dup = UUID.randomUUID().toString();
    cases.add(after("send again with the same id and another text is a conflict", frames(
        json(send(dup, chat).put("text", "one")), json(send(dup, chat).put("text", "two"))),
        "ack:" + dup, "error:conflict:" + dup));
    String retry = UUID.randomUUID().toString();
    cases.add(after("send retried is acked twice", frames(json(send(retry, chat).put("text", "again")),
        json(send(retry, chat).put("text", "again"))), "ack:" + retry, "ack:" + retry));
    String padded = UUID.randomUUID().toString();
    cases.add(after("send with unknown fields nested 900 deep is acked", withRaw(send(padded, chat).put("text", "p"),
        "\"pad\":" + "[".repeat(900) + "]".repeat(900)), "ack:" + padded));
  }

  private static void syncs(List<Case> cases, Fixture f) {
    Object[][] bad = {{"chats a string", "all"}, {"chats a list", new JsonArray().add(f.chat())},
        {"a negative seq", seqs(f.chat(), -1)}, {"a seq as a string", seqs(f.chat(), "5")},
        {"a fractional seq", seqs(f.chat(), 1.5)}, {"a seq of null", seqs(f.chat(), null)}};
    for (Object[] c : bad) {
      cases.add(after("sync with " + c[0], json(sync(c[1])), BAD + "y"));
    }
    for (String[] c : new String[][] {{"a seq beyond 64 bits", "99999999999999999999999"}, {"a seq of 1e400", "1e400"},
        {"a seq of 2^63", "9223372036854775808"}}) {
      cases.add(after("sync with " + c[0], text("{\"type\":\"sync\",\"id\":\"y\",\"chats\":{\"" + f.chat() + "\":"
          + c[1] + "}}"), BAD + "y"));
    }
    cases.add(after("sync ignores chat ids that are not UUIDs", json(sync(seqs("nope", 0))), "ack:y"));
    cases.add(after("sync of another org's chat shows nothing of it", json(sync(seqs(f.otherChat(), 0))), "ack:y"));
    cases.add(after("sync without chats is acked", json(new JsonObject().put("type", "sync").put("id", "y")),
        "ack:y"));
  }

  private static void cursorsAndTyping(List<Case> cases, Fixture f) {
    String chat = f.chat();
    for (String kind : List.of("received", "read")) {
      Object[][] bad = {{"seq a string", cursor(kind, chat, "5"), "bad_request"},
          {"a negative seq", cursor(kind, chat, -1), "bad_request"},
          {"a fractional seq", cursor(kind, chat, 0.5), "bad_request"},
          {"seq missing", cursor(kind, chat, null), "bad_request"},
          {"chatId a number", cursor(kind, null, 1).put("chatId", 7), "bad_request"},
          {"chatId of another org", cursor(kind, f.otherChat(), 1), "not_found"},
          {"chatId not a UUID", cursor(kind, "' OR 1=1 --", 1), "not_found"}};
      for (Object[] c : bad) {
        cases.add(after(kind + " with " + c[0], json(((JsonObject) c[1]).put("id", "r")), "error:" + c[2] + ":r"));
      }
      cases.add(after(kind + " with a seq beyond 64 bits", text("{\"type\":\"" + kind + "\",\"id\":\"r\",\"chatId\":\""
          + chat + "\",\"seq\":18446744073709551617}"), BAD + "r"));
      cases.add(after(kind + " with the largest seq is capped at the chat's last", json(cursor(kind, chat,
          Long.MAX_VALUE).put("id", "r")), "ack:r"));
    }
    cases.add(after("read with a bad seq and no id gets an error without id", json(cursor("read", chat, "x")),
        BAD + "-"));
    cases.add(after("received without id has no answer", json(cursor("received", chat, 1))));
    cases.add(after("typing with chatId a number", json(typing(5).put("id", "t")), BAD + "t"));
    cases.add(after("typing without chatId", json(new JsonObject().put("type", "typing").put("id", "t")), BAD + "t"));
    cases.add(after("typing with chatId an object and no id", json(typing(new JsonObject())), BAD + "-"));
  }

  private static void messageActions(List<Case> cases, Fixture f) {
    Object[][] bad = {
        {"edit with messageId a number", action("edit", 5).put("text", "x"), "bad_request"},
        {"edit with text a number", action("edit", f.annsMessage()).put("text", 5), "bad_request"},
        {"edit without text", action("edit", f.annsMessage()), "bad_request"},
        {"edit with text of 4,097 code points", action("edit", f.annsMessage()).put("text", "x".repeat(4097)),
            "bad_request"},
        {"edit of someone else's message", action("edit", f.bobsMessage()).put("text", "mine now"), "forbidden"},
        {"edit of another org's message", action("edit", f.otherMessage()).put("text", "x"), "not_found"},
        {"edit with messageId not a UUID", action("edit", "1; DROP TABLE events").put("text", "x"), "not_found"},
        {"delete with messageId a list", action("delete", new JsonArray().add(f.annsMessage())), "bad_request"},
        {"delete without messageId", action("delete", null), "bad_request"},
        {"delete of another org's message", action("delete", f.otherMessage()), "not_found"},
        {"delete of someone else's message in a direct chat", action("delete", f.bobsMessage()), "forbidden"},
        {"delete of an unknown message", action("delete", UUID.randomUUID().toString()), "not_found"},
        {"react with emoji a number", action("react", f.bobsMessage()).put("emoji", 1), "bad_request"},
        {"react without emoji", action("react", f.bobsMessage()), "bad_request"},
        {"react with an emoji of 33 characters", action("react", f.bobsMessage()).put("emoji", "x".repeat(33)),
            "bad_request"},
        {"react to another org's message", action("react", f.otherMessage()).put("emoji", "👍"), "not_found"},
        {"react with messageId an object", action("react", new JsonObject()).put("emoji", "👍"), "bad_request"}};
    for (Object[] c : bad) {
      cases.add(after(c[0].toString(), json((JsonObject) c[1]), "error:" + c[2] + ":m"));
    }
    cases.add(after("react to a message of the chat is acked", json(action("react", f.bobsMessage())
        .put("emoji", "👍")), "ack:m"));
  }

  /** The cases that must end the socket, after auth. */
  private static void closes(List<Case> cases, Fixture f) {
    cases.add(new Case("after auth: auth with a numeric token is unauthorized and closes 4401", false,
        json(new JsonObject().put("type", "auth").put("id", "a2").put("token", 42)), 4401,
        List.of("error:unauthorized:a2")));
    cases.add(new Case("after auth: auth with another person's token is unauthorized and closes 4401", false,
        json(auth(f.bob().token()).put("id", "a2")), 4401, List.of("error:unauthorized:a2")));
    cases.add(new Case("after auth: a binary frame closes 1003", false, binary(new byte[] {'{', '}'}), 1003,
        List.of()));
    cases.add(new Case("after auth: a frame over 64 KiB closes 1009", false,
        json(ping("p").put("pad", "x".repeat(70_000))), 1009, List.of()));
    // 16,400 four-byte characters are 32,800 Java chars but 65,600 bytes of UTF-8: over the limit.
    cases.add(new Case("after auth: 64 KiB counted in UTF-8, not in Java chars, closes 1009", false,
        json(ping("p").put("pad", "😀".repeat(16_400))), 1009, List.of()));
    cases.add(after("a frame just under 64 KiB of UTF-8 is acked", json(ping("p").put("pad", "😀".repeat(16_300))),
        "ack:p"));
    // Past Netty's frame limit (128 KiB) the header alone is refused: Vert.x ends the connection without a close frame.
    cases.add(new Case("after auth: a frame header announcing 200 KiB ends the connection", false,
        raw -> raw.header(true, 0, RawWebSocket.TEXT, 200 * 1024), -1, List.of()));
    cases.add(new Case("after auth: fragments adding up past 64 KiB close 1009", false, raw -> {
      raw.frame(false, 0, RawWebSocket.TEXT, "{\"type\":\"ping\",\"pad\":\"".getBytes(StandardCharsets.UTF_8));
      raw.frame(false, 0, RawWebSocket.CONTINUATION, "x".repeat(60_000).getBytes(StandardCharsets.UTF_8));
      raw.frame(false, 0, RawWebSocket.CONTINUATION, "x".repeat(6_000).getBytes(StandardCharsets.UTF_8));
    }, 1009, List.of()));
    cases.add(after("fragments within 64 KiB are one frame", raw -> {
      raw.frame(false, 0, RawWebSocket.TEXT, "{\"type\":\"ping\",".getBytes(StandardCharsets.UTF_8));
      raw.frame(false, 0, RawWebSocket.CONTINUATION, "\"id\":\"fr".getBytes(StandardCharsets.UTF_8));
      raw.frame(true, 0, RawWebSocket.CONTINUATION, "agments\"}".getBytes(StandardCharsets.UTF_8));
    }, "ack:fragments"));
    cases.add(after("a text frame that is not UTF-8 gets an error without id", invalidUtf8(), BAD + "-"));
    cases.add(after("a character split across fragments is UTF-8", raw -> {
      byte[] e = "é".getBytes(StandardCharsets.UTF_8);
      raw.frame(false, 0, RawWebSocket.TEXT, "{\"type\":\"ping\",\"id\":\"".getBytes(StandardCharsets.UTF_8));
      raw.frame(false, 0, RawWebSocket.CONTINUATION, new byte[] {e[0]});
      raw.frame(true, 0, RawWebSocket.CONTINUATION, new byte[] {e[1], '"', '}'});
    }, "ack:é"));
  }

  /** A socket that has sent {@code auth} and had its ack. */
  static RawWebSocket signedIn(int port, String token) throws IOException {
    RawWebSocket raw = RawWebSocket.open(port, "");
    raw.text(auth(token).encode());
    for (String text = raw.nextText(); text != null; text = raw.nextText()) {
      JsonObject frame = new JsonObject(text);
      if ("auth-1".equals(frame.getValue("id"))) {
        if (!"ack".equals(frame.getValue("type"))) {
          throw new AssertionError("auth refused: " + text);
        }
        return raw;
      }
    }
    throw new AssertionError("closed before the auth ack: " + raw.closeCode());
  }

  private static Case after(String name, Send send, String... answers) {
    return new Case("after auth: " + name, false, send, 0, List.of(answers));
  }

  private static Send text(String text) {
    return raw -> raw.text(text);
  }

  /** The frame with one more member written as raw JSON (what JsonObject would not write). */
  private static Send withRaw(JsonObject frame, String member) {
    String json = frame.encode();
    return text(json.substring(0, json.length() - 1) + "," + member + "}");
  }

  private static Send json(JsonObject frame) {
    return text(frame.encode());
  }

  private static Send binary(byte[] bytes) {
    return raw -> raw.frame(true, 0, RawWebSocket.BINARY, bytes);
  }

  private static Send frames(Send... sends) {
    return raw -> {
      for (Send s : sends) {
        s.to(raw);
      }
    };
  }

  /** {"type":"ping","id":"p","x":"<C3 28>"}: a lead byte followed by no continuation byte. */
  private static Send invalidUtf8() {
    return invalidUtf8Within("{\"type\":\"ping\",\"id\":\"p\",\"x\":\"");
  }

  /** A good auth frame but for one invalid byte sequence in a field of its own. */
  private static Send invalidUtf8(String token) {
    return invalidUtf8Within("{\"type\":\"auth\",\"id\":\"a\",\"token\":\"" + token + "\",\"x\":\"");
  }

  private static Send invalidUtf8Within(String start) {
    return raw -> {
      byte[] head = start.getBytes(StandardCharsets.US_ASCII);
      byte[] frame = new byte[head.length + 4];
      System.arraycopy(head, 0, frame, 0, head.length);
      frame[head.length] = (byte) 0xC3;
      frame[head.length + 1] = 0x28;
      frame[head.length + 2] = '"';
      frame[head.length + 3] = '}';
      raw.frame(true, 0, RawWebSocket.TEXT, frame);
    };
  }

  private static JsonObject auth(String token) {
    return new JsonObject().put("type", "auth").put("id", "auth-1").put("token", token);
  }

  private static JsonObject ping(String id) {
    return new JsonObject().put("type", "ping").put("id", id);
  }

  private static JsonObject send(String id, String chat) {
    JsonObject frame = new JsonObject().put("type", "send").put("kind", "text");
    if (id != null) {
      frame.put("id", id);
    }
    return chat == null ? frame : frame.put("chatId", chat);
  }

  private static JsonObject sync(Object chats) {
    return new JsonObject().put("type", "sync").put("id", "y").put("chats", chats);
  }

  private static JsonObject seqs(String chat, Object seq) {
    return new JsonObject().put(chat, seq);
  }

  private static JsonObject cursor(String kind, String chat, Object seq) {
    JsonObject frame = new JsonObject().put("type", kind).put("chatId", chat);
    return seq == null ? frame : frame.put("seq", seq);
  }

  private static JsonObject typing(Object chat) {
    return new JsonObject().put("type", "typing").put("chatId", chat);
  }

  private static JsonObject action(String type, Object messageId) {
    JsonObject frame = new JsonObject().put("type", type).put("id", "m");
    return messageId == null ? frame : frame.put("messageId", messageId);
  }
}
