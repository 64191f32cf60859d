package chatpro.directory.keys;

import chatpro.common.crypto.KeyRing;
import chatpro.common.crypto.MasterCheck;
import chatpro.common.crypto.MasterKey;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * The {@code keys} schema: organisations' keysets wrapped by the master key, people's keysets wrapped by their
 * organisation's. Keys are made when first asked for, so people and orgs from before encryption need no migration
 * step. The stored keysets never leave wrapped: services unwrap them with their own copy of the master key
 * ({@link KeyRing}).
 */
public final class KeyVault {
  public static final String SCHEMA = "keys";
  static final String CHECK = "SELECT sealed FROM keys.master_check WHERE id = 1";
  static final String ADD_CHECK = "INSERT INTO keys.master_check (id, sealed) VALUES (1, $1) ON CONFLICT DO NOTHING";
  static final String MEMBER = "SELECT 1 FROM users WHERE id = $1 AND org_id = $2";
  static final String ORG_KEY = "SELECT keyset FROM keys.org_keys WHERE org_id = $1";
  static final String ADD_ORG_KEY = "INSERT INTO keys.org_keys (org_id, keyset) VALUES ($1, $2)"
      + " ON CONFLICT (org_id) DO NOTHING";
  static final String PERSON_KEY = "SELECT keyset, destroyed_at FROM keys.person_keys WHERE user_id = $1";
  static final String ADD_PERSON_KEY = "INSERT INTO keys.person_keys (user_id, org_id, keyset) VALUES ($1, $2, $3)"
      + " ON CONFLICT (user_id) DO NOTHING";
  static final String DESTROY = "INSERT INTO keys.person_keys (user_id, org_id, keyset, destroyed_at)"
      + " VALUES ($1, $2, NULL, now()) ON CONFLICT (user_id) DO UPDATE SET keyset = NULL,"
      + " destroyed_at = coalesce(keys.person_keys.destroyed_at, now())";

  private final Pool pool;
  private final MasterKey master;
  private volatile String check;

  public KeyVault(Pool pool, MasterKey master) {
    this.pool = pool;
    this.master = master;
  }

  /**
   * Makes the master check value on a new deployment, then proves the master key file opens it; fails naming the
   * setting when it does not, so that a service with another deployment's key never starts.
   */
  public Future<Void> start() {
    String fresh;
    try {
      fresh = MasterCheck.make(master);
    } catch (GeneralSecurityException e) {
      return Future.failedFuture(e);
    }
    return pool.preparedQuery(ADD_CHECK).execute(Tuple.of(fresh))
        .compose(v -> pool.query(CHECK).execute())
        .map(rows -> rows.iterator().next().getString("sealed"))
        .compose(stored -> MasterCheck.verify(master, stored).onSuccess(v -> check = stored));
  }

  /** {@code {}} → {@code {check}}, for other services to prove their master key file before they start. */
  public Future<JsonObject> check(JsonObject request) {
    return Future.succeededFuture(new JsonObject().put("check", check));
  }

  /**
   * {@code {orgId, userId}} → {@code {org, person}}, both wrapped, made on first use; {@code {destroyed:true}} once
   * the person is erased. 404 when the user is not a person of that org.
   */
  public Future<JsonObject> person(JsonObject request) {
    UUID org = UUID.fromString(Fields.id(request, "orgId"));
    UUID user = UUID.fromString(Fields.id(request, "userId"));
    return pool.preparedQuery(MEMBER).execute(Tuple.of(user, org))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ChatproException.notFound("user"))
            : orgKey(pool, org))
        .compose(orgKeyset -> personKey(org, user, orgKeyset)
            .map(answer -> answer.getBoolean("destroyed", false) ? answer : answer.put("org", orgKeyset)));
  }

  /**
   * Destroys the person's key in the caller's transaction (erasure); the caller publishes the eviction once it has
   * committed ({@link KeyRing#publishEviction}).
   */
  public Future<Void> destroy(SqlClient client, UUID orgId, UUID userId) {
    return client.preparedQuery(DESTROY).execute(Tuple.of(userId, orgId)).mapEmpty();
  }

  /** The org's keyset, wrapped by the master key; made the first time. */
  Future<String> orgKey(SqlClient client, UUID org) {
    return client.preparedQuery(ORG_KEY).execute(Tuple.of(org)).compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture(rows.iterator().next().getString("keyset"));
      }
      String wrapped;
      try {
        wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
            KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), master.aead(), KeyRing.orgContext(org));
      } catch (GeneralSecurityException e) {
        return Future.failedFuture(e);
      }
      return client.preparedQuery(ADD_ORG_KEY).execute(Tuple.of(org, wrapped))
          .compose(v -> client.preparedQuery(ORG_KEY).execute(Tuple.of(org)))
          .map(again -> again.iterator().next().getString("keyset"));
    });
  }

  private Future<JsonObject> personKey(UUID org, UUID user, String orgKeyset) {
    return pool.preparedQuery(PERSON_KEY).execute(Tuple.of(user)).compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture(answer(rows.iterator().next()));
      }
      String wrapped;
      try {
        Aead orgKey = unwrapOrg(org, orgKeyset);
        wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
            KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), orgKey, KeyRing.personContext(org, user));
      } catch (GeneralSecurityException e) {
        return Future.failedFuture(e);
      }
      return pool.preparedQuery(ADD_PERSON_KEY).execute(Tuple.of(user, org, wrapped))
          .compose(v -> pool.preparedQuery(PERSON_KEY).execute(Tuple.of(user)))
          .map(again -> answer(again.iterator().next()));
    });
  }

  Aead unwrapOrg(UUID org, String wrapped) throws GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrapped, master.aead(), KeyRing.orgContext(org))
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  private static JsonObject answer(Row row) {
    String keyset = row.getString("keyset");
    return keyset == null ? new JsonObject().put("destroyed", true) : new JsonObject().put("person", keyset);
  }
}
