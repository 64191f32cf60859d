package chatpro.common.json;

import chatpro.common.error.ChatproException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads request fields with the protocol's rules; every violation is a 400 naming the field. */
public final class Fields {
  private Fields() {}

  public static JsonObject object(Object body) {
    if (body instanceof JsonObject o) {
      return o;
    }
    throw ChatproException.badRequest("the body must be a JSON object");
  }

  /** A required string of min..max code points. */
  public static String string(JsonObject o, String field, int min, int max) {
    String v = optionalString(o, field, min, max);
    if (v == null) {
      throw ChatproException.badRequest(field + " is required");
    }
    return v;
  }

  /** An optional string of min..max code points; null when absent. */
  public static String optionalString(JsonObject o, String field, int min, int max) {
    Object raw = o.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof String s)) {
      throw ChatproException.badRequest(field + " must be a string");
    }
    int length = s.codePointCount(0, s.length());
    if (length < min || length > max) {
      throw ChatproException.badRequest(field + " must be " + min + " to " + max + " characters");
    }
    return s;
  }

  /** A required string matching a pattern. */
  public static String matching(JsonObject o, String field, Pattern pattern, String rule) {
    Object raw = o.getValue(field);
    if (!(raw instanceof String s) || !pattern.matcher(s).matches()) {
      throw ChatproException.badRequest(field + " must be " + rule);
    }
    return s;
  }

  public static boolean bool(JsonObject o, String field, boolean fallback) {
    Object raw = o.getValue(field);
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    throw ChatproException.badRequest(field + " must be true or false");
  }

  /** 2^63: whole numbers at or past it in size do not fit a long. */
  private static final java.math.BigDecimal LONG_RANGE = new java.math.BigDecimal(java.math.BigInteger.ONE.shiftLeft(63));

  /** A required whole number in range. */
  public static long number(JsonObject o, String field, long min, long max) {
    Object raw = o.getValue(field);
    if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw ChatproException.badRequest(field + " must be a whole number");
    }
    // past 64 bits longValue() would keep only the low bits (2^64 + 1 would read as 1): such a number is out of range
    boolean fits = raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte
        || (raw instanceof java.math.BigInteger b ? b.bitLength() <= 63
        : raw instanceof java.math.BigDecimal d ? d.abs().compareTo(LONG_RANGE) < 0
        : Math.abs(n.doubleValue()) < 0x1p63);
    long v = n.longValue();
    if (!fits || v < min || v > max) {
      throw ChatproException.badRequest(field + " must be between " + min + " and " + max);
    }
    return v;
  }

  /** An id (a UUID in canonical form); anything else is a 400. */
  public static String id(JsonObject o, String field) {
    Object raw = o.getValue(field);
    if (!(raw instanceof String s) || !isId(s)) {
      throw ChatproException.badRequest(field + " must be an id");
    }
    return s;
  }

  /** A list of distinct ids, at most max; null when absent. */
  public static List<String> optionalIds(JsonObject o, String field, int max) {
    Object raw = o.getValue(field);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof JsonArray array)) {
      throw ChatproException.badRequest(field + " must be a list of ids");
    }
    if (array.size() > max) {
      throw ChatproException.badRequest(field + " holds at most " + max + " ids");
    }
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (Object item : array) {
      if (!(item instanceof String s) || !isId(s)) {
        throw ChatproException.badRequest(field + " must be a list of ids");
      }
      ids.add(s);
    }
    return new ArrayList<>(ids);
  }

  /**
   * {@link #optionalIds} whose limit counts distinct ids, as protocol.md counts mentions: a repeated id is one id
   * (the list itself is bounded by the frame or body size).
   */
  public static List<String> optionalDistinctIds(JsonObject o, String field, int max) {
    List<String> ids = optionalIds(o, field, Integer.MAX_VALUE);
    if (ids != null && ids.size() > max) {
      throw ChatproException.badRequest(field + " holds at most " + max + " distinct ids");
    }
    return ids;
  }

  public static boolean isId(String s) {
    if (s == null || s.length() != 36) {
      return false;
    }
    try {
      return UUID.fromString(s).toString().equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
