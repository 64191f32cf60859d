package chatpro.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's keytool, for test servers' TLS: as a PKCS12 key store
 * (Kafka), as PEM certificate and PKCS#8 key files (PostgreSQL); the certificate file is what clients trust.
 */
public record SelfSigned(Path keyStore, String password, Path certificate, Path privateKey) {
  // Guards nothing: the key store is a test server's, made for one run in its temporary directory.
  private static final String PASSWORD = "chatpro-test-server";

  /** Makes {@code name.p12}, {@code name.crt} and {@code name.key} in {@code dir}. */
  public static SelfSigned make(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    SelfSigned made = new SelfSigned(dir.resolve(name + ".p12"), PASSWORD, dir.resolve(name + ".crt"),
        dir.resolve(name + ".key"));
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(List.of(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + Net.HOST, "-ext", "SAN=ip:" + Net.HOST + ",dns:localhost", "-validity", "7",
        "-storetype", "PKCS12", "-keystore", made.keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
    run(List.of(keytool, "-exportcert", "-rfc", "-alias", name, "-keystore", made.keyStore.toString(),
        "-storepass", PASSWORD, "-file", made.certificate.toString()));
    made.writePrivateKey(name);
    return made;
  }

  /** The key as PEM PKCS#8, readable by its owner only (PostgreSQL refuses a key others may read). */
  private void writePrivateKey(String alias) throws IOException {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      Key key = store.getKey(alias, password.toCharArray());
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
      Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(privateKey, pem);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key just made in " + keyStore, e);
    }
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool " + command.get(1) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: keytool " + command.get(1), e);
    }
  }
}
