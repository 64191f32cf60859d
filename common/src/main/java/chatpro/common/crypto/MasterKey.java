package chatpro.common.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * The key at the root of encryption at rest: a Tink AES-256-GCM keyset in the file named by
 * {@value #SETTING}. It wraps each organisation's key (which wraps each person's key) and the token signing keys;
 * nothing else is encrypted with it directly. The file may hold several keys: the primary one wraps, any of them
 * unwraps, which is how the master key is rotated without a gap ({@link #rotate}).
 */
public final class MasterKey {
  public static final String SETTING = "CHATPRO_MASTER_KEY_FILE";

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink's AEAD primitives could not be registered", e);
    }
  }

  private final KeysetHandle keyset;
  private final Aead aead;

  private MasterKey(KeysetHandle keyset) throws GeneralSecurityException {
    this.keyset = keyset;
    this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  /** Reads the key file; fails naming the setting when it is unset, missing, unreadable or not an AEAD keyset. */
  public static MasterKey load(String file) {
    if (file == null || file.isBlank()) {
      throw new IllegalStateException(SETTING + " is not set: it must name the master key file (see"
          + " docs/operations.md, \"Keys\")");
    }
    Path path = Path.of(file);
    String json;
    try {
      json = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(SETTING + " names " + path + ", which cannot be read: " + e.getMessage());
    }
    try {
      return new MasterKey(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException(SETTING + " names " + path + ", which does not hold an AES-GCM keyset");
    }
  }

  /** Makes a new key file (readable by its owner only) unless one is there; answers its path. */
  public static Path createIfMissing(Path file) {
    if (Files.exists(file)) {
      return file;
    }
    try {
      KeysetHandle fresh = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      write(file, fresh);
      return file;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not make a master key file at " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adds a new primary key to the file, keeping the earlier ones so that what they wrapped still opens; the caller
   * then re-wraps every organisation key ({@code KeyRotation}) and may later drop the old keys with {@link #retire}.
   */
  public static MasterKey rotate(Path file) throws GeneralSecurityException, IOException {
    MasterKey current = load(file.toString());
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(current.keyset);
    builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
        .withRandomId().makePrimary());
    KeysetHandle rotated = builder.build();
    write(file, rotated);
    return new MasterKey(rotated);
  }

  /** Keeps only the primary key in the file: everything wrapped by the others must have been re-wrapped first. */
  public static MasterKey retire(Path file) throws GeneralSecurityException, IOException {
    MasterKey current = load(file.toString());
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(current.keyset);
    for (int i = builder.size() - 1; i >= 0; i--) {
      if (!builder.getAt(i).isPrimary()) {
        builder.deleteAt(i);
      }
    }
    KeysetHandle primaryOnly = builder.build();
    write(file, primaryOnly);
    return new MasterKey(primaryOnly);
  }

  /** How many keys the file holds (1 once old ones are retired). */
  public int keys() {
    return keyset.size();
  }

  public Aead aead() {
    return aead;
  }

  private static void write(Path file, KeysetHandle keyset) throws GeneralSecurityException, IOException {
    String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, ".master-key", ".tmp");
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's own permissions guard it
    }
    Files.writeString(temp, json, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
