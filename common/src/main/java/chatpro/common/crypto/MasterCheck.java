package chatpro.common.crypto;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * A value sealed with the master key when the deployment's keys are first made: a service whose master key file
 * cannot open it was given another deployment's key (or a new one) and must not start.
 */
public final class MasterCheck {
  private static final byte[] CONTEXT = "chatpro.master-check".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = "ChatPro master key".getBytes(StandardCharsets.UTF_8);

  private MasterCheck() {}

  /** A new check value, sealed with the master key's primary key. */
  public static String make(MasterKey master) throws GeneralSecurityException {
    return Base64.getEncoder().encodeToString(master.aead().encrypt(VALUE, CONTEXT));
  }

  public static Future<Void> verify(MasterKey master, String check) {
    try {
      byte[] opened = master.aead().decrypt(Base64.getDecoder().decode(check), CONTEXT);
      if (java.util.Arrays.equals(opened, VALUE)) {
        return Future.succeededFuture();
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // falls through to the refusal
    }
    return Future.failedFuture(new IllegalStateException(MasterKey.SETTING + " holds a different master key than"
        + " the one this deployment's keys were made with: start with the deployment's key file"));
  }
}
