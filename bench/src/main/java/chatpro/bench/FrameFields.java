package chatpro.bench;

/**
 * Reads single fields out of the compact JSON the gateway writes, without building a tree: event frames are the bulk
 * of what a load test receives, and only chatId, seq and the message text's marker are needed from them. Anything
 * unexpected (escapes, a missing field) answers "absent" and the caller falls back to a full parse.
 */
public final class FrameFields {
  private FrameFields() {}

  public static final String EVENT_PREFIX = "{\"type\":\"event\"";

  /** The string value of the first {@code "key":"..."}; null when absent or escaped. */
  public static String string(String text, String key) {
    int at = valueStart(text, key);
    if (at < 0 || at >= text.length() || text.charAt(at) != '"') {
      return null;
    }
    int end = text.indexOf('"', at + 1);
    if (end < 0) {
      return null;
    }
    String value = text.substring(at + 1, end);
    return value.indexOf('\\') >= 0 ? null : value;
  }

  /** The non-negative whole number of the first {@code "key":123}; -1 when absent or not such a number. */
  public static long number(String text, String key) {
    int at = valueStart(text, key);
    if (at < 0) {
      return -1;
    }
    long value = 0;
    int digits = 0;
    for (int i = at; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
      if (++digits > 18) {
        return -1;
      }
    }
    return digits == 0 ? -1 : value;
  }

  /**
   * The message number a bench text carries: texts are written as {@code <tag>:<n> ...}, so a receiver finds the
   * send time of what it got without waiting for the sender's ack. -1 for a text without this run's tag.
   */
  public static int messageIndex(String text, String tag) {
    int at = valueStart(text, "text");
    if (at < 0 || !text.startsWith(tag, at + 1) || text.length() <= at + 1 + tag.length()
        || text.charAt(at + 1 + tag.length()) != ':') {
      return -1;
    }
    long value = 0;
    int digits = 0;
    for (int i = at + 2 + tag.length(); i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
      if (++digits > 9) {
        return -1;
      }
    }
    return digits == 0 || value > Integer.MAX_VALUE ? -1 : (int) value;
  }

  /** The message number in a text value already taken out of its frame ({@code <tag>:<n> ...}); -1 if none. */
  public static int indexInText(String value, String tag) {
    if (value == null || !value.startsWith(tag) || value.length() <= tag.length() + 1
        || value.charAt(tag.length()) != ':') {
      return -1;
    }
    long n = 0;
    int digits = 0;
    for (int i = tag.length() + 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      n = n * 10 + (c - '0');
      if (++digits > 9) {
        return -1;
      }
    }
    return digits == 0 || n > Integer.MAX_VALUE ? -1 : (int) n;
  }

  private static int valueStart(String text, String key) {
    int keyLen = key.length();
    int from = 0;
    while (true) {
      int q = text.indexOf(key, from);
      if (q < 0) {
        return -1;
      }
      int close = q + keyLen;
      if (q > 0 && text.charAt(q - 1) == '"' && close + 1 < text.length() && text.charAt(close) == '"'
          && text.charAt(close + 1) == ':') {
        return close + 2;
      }
      from = q + 1;
    }
  }
}
