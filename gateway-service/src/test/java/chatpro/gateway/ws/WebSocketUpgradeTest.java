package chatpro.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;

class WebSocketUpgradeTest {
  @Test
  void theAcceptValueIsTheOneRfc6455Gives() {
    assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketUpgrade.acceptValue("dGhlIHNhbXBsZSBub25jZQ=="));
  }

  @Test
  void aKeyIsTheBase64OfSixteenBytes() {
    assertTrue(WebSocketUpgrade.wellFormedKey("dGhlIHNhbXBsZSBub25jZQ=="));
    assertFalse(WebSocketUpgrade.wellFormedKey(null));
    assertFalse(WebSocketUpgrade.wellFormedKey("not base64!"));
    assertFalse(WebSocketUpgrade.wellFormedKey("c2hvcnQ="), "five bytes");
  }

  @Test
  void theDecoderAgreesNoExtensionWantsMasksAndLeavesUtf8ToTheReader() {
    WebSocketDecoderConfig config = WebSocketUpgrade.decoderConfig(1234);
    assertEquals(1234, config.maxFramePayloadLength());
    assertFalse(config.allowExtensions());
    assertTrue(config.expectMaskedFrames());
    assertFalse(config.allowMaskMismatch());
    assertFalse(config.withUTF8Validator());
    assertFalse(config.closeOnProtocolViolation());
  }
}
