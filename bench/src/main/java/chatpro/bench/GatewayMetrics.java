package chatpro.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the gateway's Prometheus text: metric name (labels kept as written) to value. */
public final class GatewayMetrics {
  public static final String HEAP = "chatpro_jvm_heap_used_bytes";
  public static final String CONNECTIONS = "chatpro_gateway_connections";

  private GatewayMetrics() {}

  public static Map<String, Double> parse(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int space = l.lastIndexOf(' ');
      if (space <= 0) {
        continue;
      }
      String name = l.substring(0, space).strip();
      String value = l.substring(space + 1);
      // a sample may end with a timestamp: name value ts
      int inner = name.lastIndexOf(' ');
      if (inner > 0 && name.indexOf('}') < inner) {
        value = name.substring(inner + 1);
        name = name.substring(0, inner).strip();
      }
      try {
        out.put(name, Double.parseDouble(value));
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return out;
  }
}
