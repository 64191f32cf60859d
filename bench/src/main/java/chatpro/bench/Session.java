package chatpro.bench;

import java.util.ArrayList;
import java.util.List;

/** One person of the run: their login, and the sockets that use its token. */
final class Session {
  final int index;
  final String username;
  final Options.Target home;
  final List<DeviceSocket> sockets = new ArrayList<>();
  final List<Integer> chats = new ArrayList<>();
  String userId;
  volatile String accessToken;
  volatile String refreshToken;
  volatile long expiresAtMillis;
  volatile boolean refreshing;

  Session(int index, String username, Options.Target home) {
    this.index = index;
    this.username = username;
    this.home = home;
  }

  int[] chatArray() {
    return chats.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Sockets of this person, for re-authentication after a token refresh. */
  synchronized List<DeviceSocket> socketList() {
    return new ArrayList<>(sockets);
  }

  synchronized void addSocket(DeviceSocket s) {
    sockets.add(s);
  }
}
