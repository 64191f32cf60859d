package chatpro.directory.keys;

import chatpro.common.crypto.KeyRing;
import chatpro.common.crypto.MasterCheck;
import chatpro.common.crypto.MasterKey;
import chatpro.common.crypto.Sealed;
import chatpro.directory.auth.SigningKeys;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Key rotation by re-wrapping: no message or picture is encrypted again, because people's keys stay the same; what
 * changes is the key that wraps them.
 * <ul>
 *   <li>{@link #rotateOrg}: the org's keyset gets a new primary key, and every person key of the org is wrapped with
 *   it (the old org key stays in the keyset, so nothing in flight fails).</li>
 *   <li>{@link #rewrap}: after a new master key was added to the key file ({@link MasterKey#rotate}) and every service
 *   restarted with that file, every org key, the master check and the token signing keys are wrapped with the new
 *   primary; then {@link MasterKey#retire} may drop the old master key from the file.</li>
 * </ul>
 */
public final class KeyRotation {
  static final String LOCK_ORG = "SELECT keyset FROM keys.org_keys WHERE org_id = $1 FOR UPDATE";
  static final String PEOPLE = "SELECT user_id, keyset FROM keys.person_keys WHERE org_id = $1 AND keyset IS NOT NULL"
      + " FOR UPDATE";
  static final String SET_PERSON = "UPDATE keys.person_keys SET keyset = $2 WHERE user_id = $1";
  static final String SET_ORG = "UPDATE keys.org_keys SET keyset = $2, rotated_at = now() WHERE org_id = $1";
  static final String ALL_ORGS = "SELECT org_id, keyset FROM keys.org_keys ORDER BY org_id FOR UPDATE";
  static final String SET_CHECK = "UPDATE keys.master_check SET sealed = $1 WHERE id = 1";
  static final String SIGNING = "SELECT kid, private_jwk FROM directory.signing_keys FOR UPDATE";
  static final String SET_SIGNING = "UPDATE directory.signing_keys SET private_jwk = $2 WHERE kid = $1";

  private final Pool pool;
  private final MasterKey master;

  public KeyRotation(Pool pool, MasterKey master) {
    this.pool = pool;
    this.master = master;
  }

  /** Gives the org a new primary key and re-wraps its people's keys with it; answers how many. */
  public Future<Integer> rotateOrg(UUID org) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_ORG).execute(Tuple.of(org)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new IllegalArgumentException("no key for org " + org + " yet: nothing to rotate"));
      }
      try {
        KeysetHandle current = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
            rows.iterator().next().getString("keyset"), master.aead(), KeyRing.orgContext(org));
        KeysetHandle rotated = KeysetHandle.newBuilder(current)
            .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                .withRandomId().makePrimary())
            .build();
        Aead wrapping = rotated.getPrimitive(RegistryConfiguration.get(), Aead.class);
        String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(rotated, master.aead(),
            KeyRing.orgContext(org));
        return rewrapPeople(conn, org, wrapping)
            .compose(n -> conn.preparedQuery(SET_ORG).execute(Tuple.of(org, wrapped)).map(n));
      } catch (GeneralSecurityException e) {
        return Future.failedFuture(e);
      }
    }));
  }

  private Future<Integer> rewrapPeople(SqlConnection conn, UUID org, Aead orgKey) {
    return conn.preparedQuery(PEOPLE).execute(Tuple.of(org)).compose(rows -> {
      List<Tuple> updates = new ArrayList<>();
      try {
        for (Row r : rows) {
          UUID user = r.getUUID("user_id");
          byte[] context = KeyRing.personContext(org, user);
          // the rotated org keyset still holds the old key, so it opens the old wrapping too
          KeysetHandle person = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(r.getString("keyset"), orgKey,
              context);
          updates.add(Tuple.of(user, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(person, orgKey, context)));
        }
      } catch (GeneralSecurityException e) {
        return Future.failedFuture(e);
      }
      return updates.isEmpty() ? Future.succeededFuture(0)
          : conn.preparedQuery(SET_PERSON).executeBatch(updates).map(updates.size());
    });
  }

  /**
   * Wraps every org key, the master check and the signing keys with the master key's primary; answers how many org
   * keys. Every service must already run with the key file this uses, or it could not open them afterwards.
   */
  public Future<Integer> rewrap() {
    return pool.withTransaction(conn -> conn.query(ALL_ORGS).execute()
        .compose(rows -> {
          List<Tuple> updates = new ArrayList<>();
          try {
            for (Row r : rows) {
              UUID org = r.getUUID("org_id");
              KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(r.getString("keyset"),
                  master.aead(), KeyRing.orgContext(org));
              updates.add(Tuple.of(org, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(),
                  KeyRing.orgContext(org))));
            }
          } catch (GeneralSecurityException e) {
            return Future.failedFuture(e);
          }
          Future<Void> stored = updates.isEmpty() ? Future.succeededFuture()
              : conn.preparedQuery(SET_ORG).executeBatch(updates).mapEmpty();
          return stored.map(updates.size());
        })
        .compose(n -> resealCheck(conn).map(n))
        .compose(n -> resealSigningKeys(conn).map(n)));
  }

  private Future<Void> resealCheck(SqlConnection conn) {
    try {
      return conn.preparedQuery(SET_CHECK).execute(Tuple.of(MasterCheck.make(master))).mapEmpty();
    } catch (GeneralSecurityException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> resealSigningKeys(SqlConnection conn) {
    return conn.query(SIGNING).execute().compose(rows -> {
      List<Tuple> updates = new ArrayList<>();
      try {
        for (Row r : rows) {
          String kid = r.getString("kid");
          JsonObject stored = r.getJsonObject("private_jwk");
          String jwk = stored.containsKey("sealed")
              ? Sealed.open(master.aead(), stored.getString("sealed"), SigningKeys.SEAL_CONTEXT + kid) : stored.encode();
          updates.add(Tuple.of(kid, new JsonObject().put("sealed", Sealed.seal(master.aead(), jwk,
              SigningKeys.SEAL_CONTEXT + kid))));
        }
      } catch (GeneralSecurityException e) {
        return Future.failedFuture(e);
      }
      return updates.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(SET_SIGNING).executeBatch(updates).mapEmpty();
    });
  }
}
