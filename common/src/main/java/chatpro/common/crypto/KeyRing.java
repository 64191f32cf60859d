package chatpro.common.crypto;

import chatpro.common.bus.Addresses;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * People's keys as a service that encrypts content holds them: fetched wrapped from directory-service (which owns
 * the {@code keys} schema), unwrapped here with the master key and the organisation's key, and kept in memory, at
 * most {@value #MAX_PEOPLE} of them, each for at most {@value #TTL_MS} ms. An erasure destroys the stored key and
 * publishes {@link Addresses#KEYS_EVICT}, which drops it from every ring in the cluster; the time limit bounds how
 * long a ring that missed the eviction (it was partitioned away) could still use it.
 */
public final class KeyRing {
  static final int MAX_PEOPLE = 100_000;
  static final int MAX_ORGS = 10_000;
  static final long TTL_MS = 10 * 60_000;
  private static final long FETCH_TIMEOUT_MS = 10_000;
  private static final int CHECK_ATTEMPTS = 120;

  private final Vertx vertx;
  private final MasterKey master;
  private final Map<UUID, Held> people = new LinkedHashMap<>(1024, 0.75f, true);
  /** Unwrapped org keys by their wrapped form: a rotated org key (a new wrapping) is unwrapped afresh. */
  private final Map<String, Aead> orgs = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<UUID, Future<Aead>> fetching = new ConcurrentHashMap<>();
  /** What else forgets when a key is evicted: anything that holds text opened with people's keys. */
  private final List<Runnable> onEviction = new CopyOnWriteArrayList<>();
  /** Grows with every eviction: a fetch that started before one does not keep what it found. */
  private long evictions;
  private MessageConsumer<JsonObject> evictionConsumer;

  private record Held(Aead aead, long until) {}

  public KeyRing(Vertx vertx, MasterKey master) {
    this.vertx = vertx;
    this.master = master;
  }

  /** Listens for evictions; call once when the service starts. */
  public Future<Void> start() {
    evictionConsumer = vertx.eventBus().consumer(Addresses.KEYS_EVICT, msg -> {
      String user = msg.body().getString("userId");
      if (user != null) {
        evict(UUID.fromString(user));
      }
    });
    return evictionConsumer.completion();
  }

  /**
   * Checks that the master key file holds the key this deployment's keys were wrapped with (directory-service
   * keeps a value sealed with it); fails naming the setting when it does not.
   */
  public Future<Void> verifyMaster() {
    return check(CHECK_ATTEMPTS)
        .compose(check -> MasterCheck.verify(master, check));
  }

  /** The check value; directory-service may still be starting (replicas start in any order), so this waits a while. */
  private Future<String> check(int attemptsLeft) {
    return vertx.eventBus().<JsonObject>request(Addresses.KEYS_CHECK, new JsonObject(),
            new DeliveryOptions().setSendTimeout(FETCH_TIMEOUT_MS))
        .map(reply -> reply.body().getString("check"))
        .recover(e -> attemptsLeft > 1 && e instanceof ReplyException re
            && re.failureType() != ReplyFailure.RECIPIENT_FAILURE
            ? vertx.timer(1_000).compose(v -> check(attemptsLeft - 1))
            : Future.failedFuture(new IllegalStateException("directory-service did not answer the master key check: "
                + e.getMessage())));
  }

  /** The person's key, to seal and open what they wrote; fails with {@link KeyDestroyed} once they are erased. */
  public Future<Aead> person(UUID orgId, UUID userId) {
    Aead held = held(userId);
    if (held != null) {
      return Future.succeededFuture(held);
    }
    return fetching.computeIfAbsent(userId, u -> fetch(orgId, userId)
        .onComplete(r -> fetching.remove(userId)));
  }

  /** Forgets a person's key here (their key was destroyed), and has every {@link #onEviction} listener forget too. */
  public void evict(UUID userId) {
    synchronized (this) {
      evictions++;
      people.remove(userId);
    }
    onEviction.forEach(Runnable::run);
  }

  /** Runs {@code forget} after every eviction: a holder of text opened with people's keys drops it with the key. */
  public void onEviction(Runnable forget) {
    onEviction.add(forget);
  }

  /** Tells every ring in the cluster to forget a person's key. */
  public static void publishEviction(Vertx vertx, UUID userId) {
    vertx.eventBus().publish(Addresses.KEYS_EVICT, new JsonObject().put("userId", userId.toString()));
  }

  private synchronized Aead held(UUID userId) {
    Held held = people.get(userId);
    if (held == null) {
      return null;
    }
    if (held.until() < System.currentTimeMillis()) {
      people.remove(userId);
      return null;
    }
    return held.aead();
  }

  private Future<Aead> fetch(UUID orgId, UUID userId) {
    long startedAt = epoch();
    JsonObject ask = new JsonObject().put("orgId", orgId.toString()).put("userId", userId.toString());
    return vertx.eventBus().<JsonObject>request(Addresses.KEYS_PERSON, ask,
            new DeliveryOptions().setSendTimeout(FETCH_TIMEOUT_MS))
        .compose(reply -> unwrap(orgId, userId, reply.body()))
        .onSuccess(aead -> keep(userId, aead, startedAt));
  }

  private Future<Aead> unwrap(UUID orgId, UUID userId, JsonObject answer) {
    if (answer.getBoolean("destroyed", false)) {
      return Future.failedFuture(new KeyDestroyed(userId));
    }
    try {
      Aead org = org(orgId, answer.getString("org"));
      return Future.succeededFuture(TinkJsonProtoKeysetFormat.parseEncryptedKeyset(answer.getString("person"), org,
          personContext(orgId, userId)).getPrimitive(RegistryConfiguration.get(), Aead.class));
    } catch (GeneralSecurityException | RuntimeException e) {
      return Future.failedFuture(new IllegalStateException("the key of a person could not be unwrapped (is "
          + MasterKey.SETTING + " the deployment's master key?)"));
    }
  }

  private Aead org(UUID orgId, String wrapped) throws GeneralSecurityException {
    synchronized (this) {
      Aead held = orgs.get(wrapped);
      if (held != null) {
        return held;
      }
    }
    Aead org = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrapped, master.aead(), orgContext(orgId))
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
    synchronized (this) {
      orgs.put(wrapped, org);
      if (orgs.size() > MAX_ORGS) {
        orgs.remove(orgs.keySet().iterator().next());
      }
    }
    return org;
  }

  private synchronized long epoch() {
    return evictions;
  }

  private synchronized void keep(UUID userId, Aead aead, long startedAt) {
    if (evictions != startedAt) {
      return;
    }
    people.put(userId, new Held(aead, System.currentTimeMillis() + TTL_MS));
    if (people.size() > MAX_PEOPLE) {
      people.remove(people.keySet().iterator().next());
    }
  }

  /** What an organisation's wrapped key is bound to, so it cannot be swapped for another org's. */
  public static byte[] orgContext(UUID orgId) {
    return ("chatpro.org-key:" + orgId).getBytes(StandardCharsets.UTF_8);
  }

  /** What a person's wrapped key is bound to. */
  public static byte[] personContext(UUID orgId, UUID userId) {
    return ("chatpro.person-key:" + orgId + ":" + userId).getBytes(StandardCharsets.UTF_8);
  }

  /** The person's key was destroyed: what it sealed can never be read again. */
  public static final class KeyDestroyed extends RuntimeException {
    public KeyDestroyed(UUID userId) {
      super("the key of " + userId + " was destroyed", null, false, false);
    }
  }
}
