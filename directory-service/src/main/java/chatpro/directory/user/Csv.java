package chatpro.directory.user;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: comma-separated, fields in double quotes may hold commas, quotes ("") and line breaks. */
final class Csv {
  private Csv() {}

  /** The records of a text; a trailing line break does not make an empty record. */
  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStarted = false;
    int i = text.startsWith("\uFEFF") ? 1 : 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
        fieldStarted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        fieldStarted = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (fieldStarted || field.length() > 0 || !record.isEmpty()) {
          record.add(field.toString());
          records.add(record);
        }
        record = new ArrayList<>();
        field.setLength(0);
        fieldStarted = false;
      } else {
        field.append(c);
        fieldStarted = true;
      }
    }
    if (fieldStarted || field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
