package chatpro.directory.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.error.ChatproException;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  @Test
  void commonPasswordsAreRefusedIgnoringCase() {
    assertTrue(PasswordPolicy.isCommon("1234567890"));
    assertTrue(PasswordPolicy.isCommon("QwertyUIOP"));
    assertThrows(ChatproException.class, () -> PasswordPolicy.check("qwertyuiop", "password"));
    assertFalse(PasswordPolicy.isCommon("violet kettle on the stair"));
  }

  @Test
  void lengthIsCountedInCharacters() {
    assertThrows(ChatproException.class, () -> PasswordPolicy.check("short", "password"));
    assertEquals("ðŋ€ßæ®þ¥üœ", PasswordPolicy.check("ðŋ€ßæ®þ¥üœ", "password"));
    assertThrows(ChatproException.class, () -> PasswordPolicy.check(null, "password"));
  }

  @Test
  void hashesVerifyOnlyTheirPassword() {
    String hash = Passwords.hash("violet kettle on the stair");
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    assertTrue(Passwords.verify("violet kettle on the stair", hash));
    assertFalse(Passwords.verify("violet kettle on the stairs", hash));
    assertFalse(Passwords.verify("anything", null));
  }
}
