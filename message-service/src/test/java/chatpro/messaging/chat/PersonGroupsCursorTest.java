package chatpro.messaging.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chatpro.common.error.ChatproException;
import chatpro.messaging.chat.PersonGroups.Cursor;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PersonGroupsCursorTest {

  @Test
  void aCursorComesBackAsItWasMadeWhateverTheName() {
    Cursor cursor = new Cursor("nachtschicht \"b\" / ümlaut, 🙂", UUID.randomUUID());
    assertEquals(cursor, Cursor.decode(cursor.encode()));
  }

  @Test
  void noCursorIsTheFirstPage() {
    assertNull(Cursor.decode(null));
  }

  @Test
  void anythingElseIsABadRequest() {
    for (String bad : new String[] {"", "garbage", "W10", "WyJhIl0", "WyJhIiwibm90LWFuLWlkIl0", "WzEsMl0"}) {
      ChatproException e = assertThrows(ChatproException.class, () -> Cursor.decode(bad), bad);
      assertEquals(400, e.code().status(), bad);
    }
  }
}
