package chatpro.devstack;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What members of a dev or test cluster prove themselves with: a CA of the instance's own, one member certificate
 * it signed (each member presents it on the event bus and accepts only peers chaining to that CA), and the cluster
 * secret callers are sealed with. Made once per data folder and kept there, as a Kubernetes Secret or cert-manager
 * would keep them for a deployment (k8s/).
 */
public final class ClusterCredentials {
  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final SecureRandom RANDOM = new SecureRandom();

  private ClusterCredentials() {}

  /**
   * The {@code CHATPRO_CLUSTER_TLS_*} and {@code CHATPRO_CLUSTER_SECRET} settings for the credentials in
   * {@code dir}, made first if they are not there.
   */
  public static synchronized Map<String, String> createIfMissing(Path dir) throws IOException {
    Path ca = dir.resolve("ca.crt");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Path secret = dir.resolve("cluster-secret");
    if (!Files.exists(ca) || !Files.exists(cert) || !Files.exists(key) || !Files.exists(secret)) {
      Files.createDirectories(dir);
      KeyPair caKeys = ecKeys();
      X509Certificate caCert = certificate("ChatPro cluster CA", caKeys, null, caKeys.getPrivate(), true);
      writeMember(dir, caCert, caKeys.getPrivate(), "tls");
      write(ca, pem("CERTIFICATE", encoded(caCert)), false);
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      write(secret, HexFormat.of().formatHex(random), true);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("CHATPRO_CLUSTER_TLS_CERT", cert.toAbsolutePath().toString());
    settings.put("CHATPRO_CLUSTER_TLS_KEY", key.toAbsolutePath().toString());
    settings.put("CHATPRO_CLUSTER_TLS_CA", ca.toAbsolutePath().toString());
    settings.put("CHATPRO_CLUSTER_SECRET", Files.readString(secret, StandardCharsets.US_ASCII).trim());
    return settings;
  }

  /**
   * A certificate and key signed by a CA of their own, which no cluster trusts: {@code <name>.crt} and
   * {@code <name>.key} in {@code dir} (for tests of a process that tries to join without the cluster's certificate).
   */
  public static void createUntrusted(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    KeyPair otherCa = ecKeys();
    X509Certificate otherCaCert = certificate("Another CA", otherCa, null, otherCa.getPrivate(), true);
    writeMember(dir, otherCaCert, otherCa.getPrivate(), name);
  }

  private static void writeMember(Path dir, X509Certificate caCert, PrivateKey caKey, String name) throws IOException {
    KeyPair memberKeys = ecKeys();
    X509Certificate member = certificate("chatpro-member", memberKeys,
        X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), caKey, false);
    write(dir.resolve(name + ".crt"), pem("CERTIFICATE", encoded(member)) + pem("CERTIFICATE", encoded(caCert)),
        false);
    write(dir.resolve(name + ".key"), pem("PRIVATE KEY", memberKeys.getPrivate().getEncoded()), true);
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK makes P-256 keys", e);
    }
  }

  /** A certificate for {@code subjectKeys}; a null issuer makes it self-signed. */
  private static X509Certificate certificate(String subject, KeyPair subjectKeys, X500Name issuer,
      PrivateKey issuerKey, boolean isCa) {
    Instant now = Instant.now();
    X500Name subjectName = new X500Name("CN=" + subject);
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer == null ? subjectName : issuer,
        new BigInteger(127, RANDOM), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)),
        subjectName, subjectKeys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (isCa) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("could not make the cluster certificate", e);
    }
  }

  private static byte[] encoded(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static void write(Path file, String content, boolean secret) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, content, StandardCharsets.US_ASCII);
    if (secret) {
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
    }
    Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
