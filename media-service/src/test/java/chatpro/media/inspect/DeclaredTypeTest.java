package chatpro.media.inspect;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** How a declared Content-Type is read before it is compared with the sniffed type. */
class DeclaredTypeTest {

  @Test
  void parametersCaseAndSpacesAreIgnored() {
    assertEquals("image/jpeg", DeclaredType.normalise(" IMAGE/JPEG ; charset=binary"));
    assertEquals("audio/webm", DeclaredType.normalise("audio/webm;codecs=opus"));
  }

  @Test
  void aliasesNameTheProtocolsTypes() {
    assertEquals("image/jpeg", DeclaredType.normalise("image/jpg"));
    assertEquals("audio/ogg", DeclaredType.normalise("audio/opus"));
    assertEquals("audio/mp4", DeclaredType.normalise("audio/x-m4a"));
  }

  @Test
  void octetStreamAndMissingHeaderClaimNothing() {
    assertNull(DeclaredType.normalise(null));
    assertNull(DeclaredType.normalise("  "));
    assertNull(DeclaredType.normalise("application/octet-stream"));
    assertDoesNotThrow(() -> DeclaredType.check("application/octet-stream; x=y", MediaType.PNG));
  }

  @Test
  void anyOtherDifferentTypeIsUnsupported() {
    MediaRejected rejected = assertThrows(MediaRejected.class, () -> DeclaredType.check("text/html", MediaType.JPEG));
    assertEquals(415, rejected.status());
    assertThrows(MediaRejected.class, () -> DeclaredType.check("image/png", MediaType.JPEG));
    assertDoesNotThrow(() -> DeclaredType.check("image/jpg", MediaType.JPEG));
  }
}
