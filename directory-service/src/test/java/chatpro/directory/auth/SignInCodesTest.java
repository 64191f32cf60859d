package chatpro.directory.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shape of sign-in codes and how typed codes are read. */
class SignInCodesTest {

  @Test
  void codesAreTwelveCharactersWithoutLookAlikes() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String code = SignInCodes.newCode();
      assertTrue(code.matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}"), code);
      seen.add(code);
    }
    assertEquals(2000, seen.size());
    for (char c : "0O1IL".toCharArray()) {
      assertEquals(-1, SignInCodes.ALPHABET.indexOf(c));
    }
  }

  @Test
  void typedCodesIgnoreCaseSpacesAndDashes() {
    assertEquals("ABCD2345WXYZ", SignInCodes.normalise("abcd-2345-wxyz"));
    assertEquals("ABCD2345WXYZ", SignInCodes.normalise(" ABCD 2345 wxyz "));
    assertNull(SignInCodes.normalise("ABCD2345WXY"), "too short");
    assertNull(SignInCodes.normalise("ABCD2345WXYZ2"), "too long");
    assertNull(SignInCodes.normalise("ABCD2345WXY0"), "0 is never in a code");
    assertNull(SignInCodes.normalise(12345));
    assertNull(SignInCodes.normalise(null));
    assertNull(SignInCodes.normalise("A".repeat(100)));
  }
}
