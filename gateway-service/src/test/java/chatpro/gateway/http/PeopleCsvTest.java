package chatpro.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The people export's cells: quoted where CSV needs it, never a formula in a spreadsheet. */
class PeopleCsvTest {

  @Test
  void cellsWithCommasQuotesAndLineBreaksAreQuoted() {
    assertEquals("plain", PeopleCsv.cell("plain"));
    assertEquals("\"Lee, Jo\"", PeopleCsv.cell("Lee, Jo"));
    assertEquals("\"say \"\"hi\"\"\"", PeopleCsv.cell("say \"hi\""));
    assertEquals("\"two\nlines\"", PeopleCsv.cell("two\nlines"));
    assertEquals("", PeopleCsv.cell(null));
  }

  @Test
  void formulasStayText() {
    assertEquals("'=SUM(A1:A9)", PeopleCsv.cell("=SUM(A1:A9)"));
    assertEquals("'+1", PeopleCsv.cell("+1"));
    assertEquals("'-x", PeopleCsv.cell("-x"));
    assertEquals("'@cmd", PeopleCsv.cell("@cmd"));
    assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", PeopleCsv.cell("=HYPERLINK(\"http://x\",\"y\")"));
    assertEquals("a=b", PeopleCsv.cell("a=b"), "only a leading sign is a formula");
  }

  @Test
  void aRowHasEveryColumnInOrder() {
    JsonObject user = new JsonObject().put("username", "lee").put("displayName", "Lee, Jo").put("department", "=1")
        .put("roles", new JsonArray().add("member").add("admin")).put("active", false);
    assertEquals("lee,\"Lee, Jo\",,'=1,,member;admin,false\r\n", PeopleCsv.row(user));
  }
}
