package chatpro.media.lifecycle;

import chatpro.common.crypto.StreamingKeys;
import chatpro.common.error.ChatproException;
import chatpro.common.error.ErrorCode;
import chatpro.media.crypto.MediaCipher;
import chatpro.media.crypto.MediaKeys;
import chatpro.media.crypto.Variant;
import chatpro.media.store.MediaRecord;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import chatpro.media.store.StoredObjectChannel;
import com.google.crypto.tink.Aead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts what was stored before media were encrypted, so that after an upgrade no picture, thumbnail or voice
 * note stays in the object store in the clear. One object at a time: its bytes are read into a temporary file,
 * encrypted with a fresh keyset wrapped by the uploader's key (as an upload is, {@link MediaCipher}), stored under a
 * new key, and the row is pointed at it only if nothing changed it meanwhile (another replica sealing it too, or a
 * deletion); then the plaintext object is removed (or, when another won, this copy). A read that had begun on the
 * old object fails once and the client's retry reads the new one. Media of an erased uploader are left to erasure.
 * Every replica runs it every few minutes and the operator can ask for a pass ({@code media.seal-legacy}).
 */
public final class LegacySealing {
  private static final Logger LOG = LoggerFactory.getLogger(LegacySealing.class);
  static final int BATCH = 20;
  static final String SEALED_SUFFIX = "-sealed";
  static final String SEALED_TYPE = "application/octet-stream";

  private final Vertx vertx;
  private final MediaRepository media;
  private final ObjectStore store;
  private final MediaKeys keys;
  private boolean running;

  public LegacySealing(Vertx vertx, MediaRepository media, ObjectStore store, MediaKeys keys) {
    this.vertx = vertx;
    this.media = media;
    this.store = store;
    this.keys = keys;
  }

  /** {@code {}} → {@code {sealed}}: how many stored files this pass encrypted (0 when one is running already). */
  public Future<JsonObject> pass(JsonObject request) {
    return sealAll().map(n -> new JsonObject().put("sealed", n));
  }

  /** Seals batch after batch until none is left; answers how many files it encrypted. */
  public Future<Integer> sealAll() {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    return nextBatch(new UUID(0, 0), 0).eventually(() -> {
      running = false;
      return Future.succeededFuture();
    });
  }

  private Future<Integer> nextBatch(UUID after, int sealedSoFar) {
    return media.legacy(after, BATCH).compose(batch -> {
      int[] sealed = {0};
      return each(batch.iterator(), m -> sealObject(m).onSuccess(n -> sealed[0] += n))
          .compose(v -> batch.size() < BATCH ? Future.succeededFuture(sealedSoFar + sealed[0])
              : nextBatch(batch.get(batch.size() - 1).id(), sealedSoFar + sealed[0]));
    });
  }

  /** Both variants of one object that are still in the clear; an erased uploader's or a vanished one is skipped. */
  private Future<Integer> sealObject(MediaRecord m) {
    return keys.uploader(m)
        .compose(key -> {
          List<Variant> open = new ArrayList<>();
          if (m.objectKeyset() == null) {
            open.add(Variant.ORIGINAL);
          }
          if (m.thumbnailKey() != null && m.thumbnailKeyset() == null) {
            open.add(Variant.THUMBNAIL);
          }
          int[] sealed = {0};
          return each(open.iterator(), variant -> seal(key, m, variant).onSuccess(done -> sealed[0] += done ? 1 : 0))
              .map(v -> sealed[0]);
        })
        .recover(e -> {
          ChatproException ce = ChatproException.from(e);
          if (ce.code() != ErrorCode.NOT_FOUND) {
            LOG.warn("media {} could not be encrypted yet: {}", m.id(), ce.getMessage());
          }
          return Future.succeededFuture(0);
        });
  }

  private Future<Boolean> seal(Aead uploader, MediaRecord m, Variant variant) {
    String oldKey = m.key(variant);
    String newKey = oldKey + SEALED_SUFFIX;
    Path[] files = new Path[2];
    return store.channel(oldKey)
        .compose(plain -> vertx.executeBlocking(() -> encrypt(uploader, m, variant, plain, files), false))
        .compose(wrapped -> store.upload(newKey, files[1], SEALED_TYPE).map(wrapped))
        .compose(wrapped -> media.sealed(m.id(), variant, oldKey, newKey, wrapped))
        .compose(won -> store.remove(List.of(won ? oldKey : newKey)).map(won))
        .onSuccess(won -> {
          if (won) {
            LOG.info("media {} ({}) stored before encryption is encrypted now", m.id(), variant.label());
          }
        })
        .recover(e -> Future.failedFuture(ObjectStore.missing(e) ? ChatproException.notFound("media") : e))
        .eventually(() -> deleteQuietly(files));
  }

  /** Copies the object into a temporary file and encrypts that into another; answers the wrapped keyset. */
  private static String encrypt(Aead uploader, MediaRecord m, Variant variant, StoredObjectChannel plain,
      Path[] files) throws Exception {
    files[0] = Files.createTempFile("chatpro-legacy-", ".plain");
    files[1] = Files.createTempFile("chatpro-legacy-", ".sealed");
    try (StoredObjectChannel in = plain) {
      Files.copy(Channels.newInputStream(in), files[0], java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    StreamingKeys.ObjectKey key = MediaCipher.fresh(uploader, m.orgId(), m.id(), variant);
    MediaCipher.encrypt(key.aead(), m.orgId(), m.id(), variant, files[0], files[1]);
    return key.wrapped();
  }

  private Future<Void> deleteQuietly(Path[] files) {
    return vertx.executeBlocking(() -> {
      for (Path f : files) {
        if (f != null) {
          Files.deleteIfExists(f);
        }
      }
      return null;
    }, false).<Void>mapEmpty().otherwiseEmpty();
  }

  private static <T> Future<Void> each(Iterator<T> items, Function<T, Future<?>> step) {
    if (!items.hasNext()) {
      return Future.succeededFuture();
    }
    T item = items.next();
    return step.apply(item).compose(v -> each(items, step));
  }
}
