package chatpro.bench;

import io.vertx.core.Vertx;
import java.util.Locale;

/** What every socket of one run shares: its tag, counters, ledger of messages and chats. */
final class Run {
  final Vertx vertx;
  /** Marks this run's client ids and texts, so frames are matched to messages without a lookup table. */
  final String tag;
  final String sendIdPrefix;
  final Stats stats = new Stats();
  final Chats chats = new Chats();
  final Ledger ledger;
  private final String padding;
  /** Off while catching up by sync: those events are old on purpose, their age is not a delivery latency. */
  volatile boolean recordLatency = true;
  /** Per-second counts of sends and their outcomes (the fault scenario), or null. */
  volatile Timeline timeline;

  Run(Vertx vertx, int ledgerCapacity, int textSize) {
    this.vertx = vertx;
    this.tag = "b" + Provisioner.randomSecret(6).toLowerCase(Locale.ROOT);
    this.sendIdPrefix = tag + "-";
    this.ledger = new Ledger(ledgerCapacity);
    this.padding = "x".repeat(textSize);
  }

  /** The text of message {@code idx}: its marker, then padding up to the configured size. */
  String text(int idx) {
    String head = tag + ":" + idx + " ";
    return head.length() >= padding.length() ? head.strip() : head + padding.substring(head.length());
  }

  String clientId(int idx) {
    return sendIdPrefix + idx;
  }

  /** The send frame for message {@code idx}; built by hand, since chat ids and texts need no escaping. */
  String sendFrame(int idx, String chatId) {
    return new StringBuilder(96 + padding.length())
        .append("{\"type\":\"send\",\"id\":\"").append(sendIdPrefix).append(idx)
        .append("\",\"chatId\":\"").append(chatId)
        .append("\",\"kind\":\"text\",\"text\":\"").append(text(idx)).append("\"}")
        .toString();
  }

  /** The message number in a client id of this run, or -1. */
  int indexOfClientId(String id) {
    if (id == null || !id.startsWith(sendIdPrefix) || id.length() == sendIdPrefix.length()
        || id.length() - sendIdPrefix.length() > 9) {
      return -1;
    }
    try {
      int i = Integer.parseInt(id, sendIdPrefix.length(), id.length(), 10);
      return i < ledger.capacity ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Watched sockets of the chat that are connected now, {@code except} left out. */
  int openReceivers(int chat, DeviceSocket except) {
    int n = 0;
    for (DeviceSocket d : chats.devices(chat)) {
      if (d != except && d.open) {
        n++;
      }
    }
    return n;
  }
}
