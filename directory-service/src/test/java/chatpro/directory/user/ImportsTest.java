package chatpro.directory.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.error.ChatproException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportsTest {

  @Test
  void csvHandlesQuotesCommasAndLineBreaks() {
    List<List<String>> records = Csv.parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\n");
    assertEquals(List.of(List.of("a", "b"), List.of("x, y", "say \"hi\"\nthere")), records);
  }

  @Test
  void eachRowIsCheckedOnItsOwn() {
    String csv = "username,displayName,title,department,roles,password\n"
        + "alice,Alice Smith,Nurse,Ward 1,,a fine long password\n"
        + "Bad Name,Bob,,,member,a fine long password\n"
        + "carol,Carol,,,admin;compliance,password123\n"
        + "alice,Alice Again,,,,another long password\n"
        + "dave,Dave,,,root,a fine long password\n"
        + "erin,Erin\n";
    List<Imports.Row> rows = Imports.check(csv);
    assertEquals(6, rows.size());
    assertNull(rows.get(0).error());
    assertEquals("alice", rows.get(0).user().username());
    assertEquals(List.of("member"), rows.get(0).user().roles());
    assertTrue(rows.get(1).error().startsWith("username"), rows.get(1).error());
    assertTrue(rows.get(2).error().contains("password"), rows.get(2).error());
    assertTrue(rows.get(3).error().contains("more than once"), rows.get(3).error());
    assertTrue(rows.get(4).error().contains("roles"), rows.get(4).error());
    assertTrue(rows.get(5).error().contains("fields"), rows.get(5).error());
  }

  @Test
  void anEmptyPasswordMakesAPersonWhoSignsInByCode() {
    List<Imports.Row> rows = Imports.check("username,displayName,title,department,roles,password\n"
        + "fay,Fay,,,,\n"
        + "gus,Gus,,,,short\n");
    assertNull(rows.get(0).error());
    assertNull(rows.get(0).password(), "no password, so no argon2 for this row");
    assertTrue(rows.get(1).error().contains("password"), "a password given must still pass the policy");
  }

  @Test
  void wrongHeaderIsRefusedAsAWhole() {
    assertThrows(ChatproException.class, () -> Imports.check("user,name\nalice,Alice\n"));
    assertThrows(ChatproException.class, () -> Imports.check(""));
  }
}
