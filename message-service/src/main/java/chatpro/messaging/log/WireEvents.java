package chatpro.messaging.log;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Events as devices receive them (text opened, JSON encoded), remembered by the row version they were read from, so
 * that the devices that catch up on the same events (every member of a chat, each of their phones, all of them at
 * once after an outage) cost one body parse, one open and one encode per event instead of one per device.
 *
 * <p>The key is the event's chat and seq and its row's version (PostgreSQL's {@code xmin}, which every update of
 * the row changes): an edit, a deletion, retention or an erasure writes a new version, so what was remembered for
 * the old one is never served again. Entries also lapse after {@value #TTL_MS} ms, at most {@value #MAX_CHARS}
 * characters are held (least recently used go first), and {@link #forgetAll} (called when any person's key is
 * evicted, that is when someone is erased) drops everything, so opened text never outlives an erasure here. A read
 * that began before such a forgetting does not store what it opened ({@link #epoch}).
 */
public final class WireEvents {
  static final long TTL_MS = 120_000;
  static final long MAX_CHARS = 16L << 20;

  /** Which version of which event. */
  public record Key(UUID chatId, long seq, long version) {}

  private record Held(String json, long until) {}

  private final Map<Key, Held> held = new LinkedHashMap<>(4096, 0.75f, true);
  private long chars;
  private long epoch;

  /** The wire JSON of that version of the event, or {@code null} when it is not held (or has lapsed). */
  public synchronized String get(Key key, long nowMillis) {
    Held h = held.get(key);
    if (h == null) {
      return null;
    }
    if (h.until() < nowMillis) {
      drop(key, h);
      return null;
    }
    return h.json();
  }

  /** Taken before a read opens anything; {@link #put} ignores what it opened once a forgetting came in between. */
  public synchronized long epoch() {
    return epoch;
  }

  public synchronized void put(Key key, String json, long readEpoch, long nowMillis) {
    if (readEpoch != epoch || json.length() > MAX_CHARS / 64) {
      return;
    }
    Held previous = held.put(key, new Held(json, nowMillis + TTL_MS));
    if (previous != null) {
      chars -= previous.json().length();
    }
    chars += json.length();
    Iterator<Map.Entry<Key, Held>> oldest = held.entrySet().iterator();
    while (chars > MAX_CHARS && oldest.hasNext()) {
      chars -= oldest.next().getValue().json().length();
      oldest.remove();
    }
  }

  /** Drops everything held (a person's key was evicted: their opened text must go with it). */
  public synchronized void forgetAll() {
    held.clear();
    chars = 0;
    epoch++;
  }

  synchronized int size() {
    return held.size();
  }

  synchronized long chars() {
    return chars;
  }

  private void drop(Key key, Held h) {
    held.remove(key);
    chars -= h.json().length();
  }
}
