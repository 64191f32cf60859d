package chatpro.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The chats of a run by index; filled during provisioning and only read once sockets are live. */
final class Chats {
  private final List<String> ids = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();
  private final List<int[]> members = new ArrayList<>();
  /** Sockets of the chat's members that are watched for delivery. */
  private final List<List<DeviceSocket>> devices = new ArrayList<>();

  int add(String id, int[] memberUsers) {
    int i = ids.size();
    ids.add(id);
    index.put(id, i);
    members.add(memberUsers);
    devices.add(new ArrayList<>());
    return i;
  }

  int size() {
    return ids.size();
  }

  String id(int chat) {
    return ids.get(chat);
  }

  /** The chat's index, or -1 for a chat this run did not make. */
  int indexOf(String id) {
    Integer i = index.get(id);
    return i == null ? -1 : i;
  }

  int[] members(int chat) {
    return members.get(chat);
  }

  void addDevice(int chat, DeviceSocket socket) {
    devices.get(chat).add(socket);
  }

  List<DeviceSocket> devices(int chat) {
    return devices.get(chat);
  }
}
