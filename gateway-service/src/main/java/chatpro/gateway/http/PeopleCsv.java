package chatpro.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The people export as CSV (RFC 4180, CRLF line ends): cells holding a comma, quote or line break are quoted, and a
 * cell a spreadsheet would run as a formula (starting with {@code = + - @}, or a tab or carriage return) gets a
 * leading {@code '} so it stays text.
 */
final class PeopleCsv {
  static final String HEADER = "username,displayName,title,department,location,roles,active\r\n";

  private PeopleCsv() {}

  /** One line for a User. */
  static String row(JsonObject user) {
    JsonArray roles = user.getJsonArray("roles", new JsonArray());
    StringBuilder line = new StringBuilder(160);
    line.append(cell(user.getString("username"))).append(',')
        .append(cell(user.getString("displayName"))).append(',')
        .append(cell(user.getString("title"))).append(',')
        .append(cell(user.getString("department"))).append(',')
        .append(cell(user.getString("location"))).append(',')
        .append(cell(String.join(";", roles.stream().map(String::valueOf).toList()))).append(',')
        .append(user.getBoolean("active", false)).append("\r\n");
    return line.toString();
  }

  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String text = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
