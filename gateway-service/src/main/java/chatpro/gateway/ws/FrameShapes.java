package chatpro.gateway.ws;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The field types of each client frame. A frame of the wrong shape is answered {@code bad_request} here, before it
 * reaches a service, whose own reads would take a number for a string as an internal error. What the values mean
 * (ids, lengths, membership) stays the services' to check.
 */
final class FrameShapes {
  private FrameShapes() {}

  private enum Kind { STRING, STRINGS, BOOLEAN, SEQ, SEQS }

  private record Rule(String field, boolean required, Kind kind) {}

  private static Rule required(String field, Kind kind) {
    return new Rule(field, true, kind);
  }

  private static Rule optional(String field, Kind kind) {
    return new Rule(field, false, kind);
  }

  private static final Map<String, List<Rule>> RULES = Map.of(
      "send", List.of(required("id", Kind.STRING), required("chatId", Kind.STRING), required("kind", Kind.STRING),
          optional("text", Kind.STRING), optional("mediaId", Kind.STRING), optional("replyTo", Kind.STRING),
          optional("mentions", Kind.STRINGS), optional("forwardOf", Kind.STRING), optional("urgent", Kind.BOOLEAN)),
      "sync", List.of(optional("chats", Kind.SEQS)),
      "received", List.of(required("chatId", Kind.STRING), required("seq", Kind.SEQ)),
      "read", List.of(required("chatId", Kind.STRING), required("seq", Kind.SEQ)),
      "typing", List.of(required("chatId", Kind.STRING)),
      "edit", List.of(required("messageId", Kind.STRING), required("text", Kind.STRING)),
      "delete", List.of(required("messageId", Kind.STRING)),
      "react", List.of(required("messageId", Kind.STRING), required("emoji", Kind.STRING)));

  /** The fields {@code send} passes on to message-service; anything else in the frame is ignored. */
  static final List<String> SEND_FIELDS = List.of("kind", "text", "mediaId", "replyTo", "mentions", "forwardOf",
      "urgent");

  /** Null when the frame's fields have the types its type needs; else what is wrong, for the error's message. */
  static String problem(String type, JsonObject frame) {
    for (Rule rule : RULES.getOrDefault(type, List.of())) {
      Object value = frame.getValue(rule.field());
      if (value == null) {
        if (rule.required()) {
          return rule.field() + " is required";
        }
      } else if (!fits(rule.kind(), value)) {
        return rule.field() + " must be " + describe(rule.kind());
      }
    }
    return null;
  }

  private static boolean fits(Kind kind, Object value) {
    return switch (kind) {
      case STRING -> value instanceof String s && wellFormed(s);
      case BOOLEAN -> value instanceof Boolean;
      case SEQ -> isSeq(value);
      case STRINGS -> value instanceof JsonArray list && list.stream().allMatch(v -> v instanceof String s
          && wellFormed(s));
      case SEQS -> value instanceof JsonObject map && map.stream().allMatch(e -> isSeq(e.getValue()));
    };
  }

  /**
   * No lone surrogate (JSON lets {@code "\ud800"} through): such a string has no UTF-8 form, and would be stored
   * or echoed as {@code ?} instead of what was sent.
   */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A whole number from 0 up: JSON's integers within 64 bits (no fractions, exponents or bigger numbers). */
  private static boolean isSeq(Object value) {
    return (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0;
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case STRING -> "a string of Unicode characters";
      case STRINGS -> "a list of strings of Unicode characters";
      case BOOLEAN -> "true or false";
      case SEQ -> "a whole number from 0";
      case SEQS -> "an object of chat ids to whole numbers from 0";
    };
  }
}
