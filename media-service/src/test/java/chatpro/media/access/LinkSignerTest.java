package chatpro.media.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatpro.common.bus.MediaLink;
import chatpro.common.config.ChatproConfig.S3Config;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LinkSignerTest {
  private static final String ORG = "5f0c2b8e-7d1a-4c3e-9a4b-2e6f8d1c0a11";
  private static final String OTHER_ORG = "0b9d6a3c-1e2f-4a5b-8c7d-6e5f4a3b2c19";
  private static final String MEDIA = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
  private static final String OTHER_MEDIA = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
  private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

  @Test
  void aLinkItSignedIsAcceptedUntilItExpires() {
    MediaLink link = signer("s3-secret", "", NOW).sign(ORG, MEDIA, false);
    assertEquals(NOW.plus(LinkSigner.VALID).getEpochSecond(), link.expires(), "five minutes, no more");
    assertTrue(signer("s3-secret", "", NOW).accepts(link));
    assertTrue(signer("s3-secret", "", NOW.plus(LinkSigner.VALID).minusSeconds(1)).accepts(link), "its last second");
    assertFalse(signer("s3-secret", "", NOW.plus(LinkSigner.VALID)).accepts(link), "expired");
    assertFalse(signer("s3-secret", "", NOW.plus(Duration.ofDays(1))).accepts(link));
  }

  @Test
  void theSignatureIsLowercaseHexOfAnHmacSha256() {
    String signature = signer("s3-secret", "", NOW).sign(ORG, MEDIA, true).signature();
    assertTrue(signature.matches("[0-9a-f]{64}"), signature);
  }

  @Test
  void changingAnyPartOfALinkMakesItWorthless() {
    LinkSigner signer = signer("s3-secret", "", NOW);
    MediaLink link = signer.sign(ORG, MEDIA, false);
    String sig = link.signature();
    assertFalse(signer.accepts(new MediaLink(OTHER_ORG, MEDIA, false, link.expires(), sig)), "another org");
    assertFalse(signer.accepts(new MediaLink(ORG, OTHER_MEDIA, false, link.expires(), sig)), "other media");
    assertFalse(signer.accepts(new MediaLink(ORG, MEDIA, true, link.expires(), sig)), "full bytes → thumbnail");
    assertFalse(signer.accepts(new MediaLink(ORG, MEDIA, false, link.expires() + 60, sig)), "a longer life");
    assertFalse(signer.accepts(new MediaLink(ORG, MEDIA, false, link.expires() - 60, sig)), "a shorter life");
    assertFalse(signer.accepts(new MediaLink(ORG, MEDIA, false, link.expires(), flipLastDigit(sig))), "signature");
    assertFalse(signer.accepts(new MediaLink(ORG, MEDIA, false, link.expires(), sig.toUpperCase())), "upper case");
    assertFalse(signer.accepts(new MediaLink(ORG, MEDIA, false, link.expires(), "")), "no signature");
    assertFalse(signer.accepts(new MediaLink(ORG, MEDIA, false, link.expires(), null)));
    assertFalse(signer.accepts(new MediaLink(null, MEDIA, false, link.expires(), sig)));

    MediaLink thumbnail = signer.sign(ORG, MEDIA, true);
    assertTrue(signer.accepts(thumbnail));
    assertFalse(signer.accepts(new MediaLink(ORG, MEDIA, false, thumbnail.expires(), thumbnail.signature())),
        "thumbnail → full bytes");
  }

  @Test
  void aLinkReachingFurtherAheadThanAnyReplicaSignsIsRefused() {
    MediaLink fromTheFuture = signer("s3-secret", "", NOW.plus(Duration.ofMinutes(10))).sign(ORG, MEDIA, false);
    assertFalse(signer("s3-secret", "", NOW).accepts(fromTheFuture));
    MediaLink slightlyAhead = signer("s3-secret", "", NOW.plusSeconds(30)).sign(ORG, MEDIA, false);
    assertTrue(signer("s3-secret", "", NOW).accepts(slightlyAhead), "replicas' clocks may differ a little");
  }

  @Test
  void replicasWithTheSameSettingsAgreeAndOthersDoNot() {
    MediaLink derived = signer("s3-secret", "", NOW).sign(ORG, MEDIA, false);
    assertTrue(signer("s3-secret", "", NOW).accepts(derived), "derived from the same S3 secret key");
    assertFalse(signer("another-s3-secret", "", NOW).accepts(derived));

    String secret = "a-link-secret-of-at-least-32-characters";
    MediaLink configured = signer("s3-secret", secret, NOW).sign(ORG, MEDIA, false);
    assertTrue(signer("another-s3-secret", secret, NOW).accepts(configured), "the link secret decides when set");
    assertFalse(signer("s3-secret", "", NOW).accepts(configured));
    assertNotEquals(derived.signature(), configured.signature());
  }

  @Test
  void theKeyIsDerivedFromTheS3SecretNotTheSecretItself() {
    MediaLink derived = signer("s3-secret", "", NOW).sign(ORG, MEDIA, false);
    LinkSigner rawS3Secret = new LinkSigner("s3-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertFalse(rawS3Secret.accepts(derived), "a leaked link key must not be the store's password");
  }

  /**
   * Computed apart from this code with {@code openssl dgst -sha256 -hmac}: the key is HMAC-SHA256(S3 secret, label),
   * the signature HMAC-SHA256(key, "chatpro-media-link-v1\norg\nmedia\nthumbnail\nexpires").
   */
  @Test
  void theSignedFormStaysTheSameSoReplicasOfDifferentBuildsAgree() {
    MediaLink link = signer("s3-secret", "", NOW).sign(ORG, MEDIA, true);
    assertEquals("3ddb725acf890684bd3180761d6022e7177c140fc146a50a664d418f8ae9f9a0", link.signature());
  }

  @Test
  void withoutAnySecretThereIsNoSigner() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> signer("", "", NOW));
    assertTrue(e.getMessage().contains("CHATPRO_MEDIA_LINK_SECRET"), e.getMessage());
  }

  private static LinkSigner signer(String s3Secret, String linkSecret, Instant now) {
    S3Config s3 = new S3Config("http://store:9000", "access", s3Secret, "us-east-1", "media", linkSecret, 16);
    return LinkSigner.from(s3, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static String flipLastDigit(String hex) {
    char last = hex.charAt(hex.length() - 1);
    return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
  }
}
