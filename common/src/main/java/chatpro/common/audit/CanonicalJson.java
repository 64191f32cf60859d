package chatpro.common.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON that audit hashes are computed over (docs/protocol.md, "Audit log"): object keys sorted by
 * UTF-16 code units, no whitespace, strings with only {@code "}, {@code \} and control characters escaped
 * (as {@code \b \f \n \r \t}, the others as a backslash, {@code u00} and two lower-case hex digits), whole numbers
 * in plain decimal, {@code true}, {@code false}, {@code null}; the text encoded as UTF-8. For the values audit entries hold this is exactly RFC 8785
 * (JCS), so any JCS library reproduces it. Times are strings {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (UTC, always three
 * digits of milliseconds).
 */
public final class CanonicalJson {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private CanonicalJson() {}

  /** An instant as audit entries carry it: UTC, milliseconds, always three digits of them. */
  public static String time(Instant at) {
    return TIME.format(at.truncatedTo(ChronoUnit.MILLIS));
  }

  /** The canonical text of a JSON value (an object, array, string, whole number, boolean or null). */
  public static String of(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof JsonObject o) {
      writeObject(out, o.getMap());
    } else if (value instanceof Map<?, ?> m) {
      writeObject(out, m);
    } else if (value instanceof JsonArray a) {
      writeArray(out, a.getList());
    } else if (value instanceof List<?> l) {
      writeArray(out, l);
    } else if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < 9.007199254740992E15) {
      // A whole number read back as a fraction type (jsonb, another JSON parser): the same number.
      out.append(n.longValue());
    } else {
      throw new IllegalArgumentException("no canonical form for " + value.getClass().getSimpleName() + " " + value);
    }
  }

  private static void writeObject(StringBuilder out, Map<?, ?> map) {
    List<String> keys = new ArrayList<>(map.size());
    map.keySet().forEach(k -> keys.add((String) k));
    keys.sort(null);
    out.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeString(out, keys.get(i));
      out.append(':');
      write(out, map.get(keys.get(i)));
    }
    out.append('}');
  }

  private static void writeArray(StringBuilder out, List<?> list) {
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      write(out, list.get(i));
    }
    out.append(']');
  }

  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
