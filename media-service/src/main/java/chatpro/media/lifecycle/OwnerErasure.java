package chatpro.media.lifecycle;

import chatpro.common.json.Fields;
import chatpro.media.store.MediaRecord;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media side of a person's erasure: everything they uploaded goes, bytes, thumbnails and rows, whatever message
 * carries it (their key is destroyed, so nothing of it could be read again anyway). In batches, objects before rows:
 * an erasure cut off half-way is finished by asking again, and asking again after it is done deletes nothing.
 */
public final class OwnerErasure {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerErasure.class);
  static final int BATCH = 100;

  private final MediaRepository media;
  private final ObjectStore store;
  private final int batch;

  public OwnerErasure(MediaRepository media, ObjectStore store) {
    this(media, store, BATCH);
  }

  /** With batches of another size (tests). */
  public OwnerErasure(MediaRepository media, ObjectStore store, int batch) {
    this.media = media;
    this.store = store;
    this.batch = batch;
  }

  /** {@code {orgId, userId}} → {@code {deleted: n}}. */
  public Future<JsonObject> erase(JsonObject request) {
    UUID org = UUID.fromString(Fields.id(request, "orgId"));
    UUID user = UUID.fromString(Fields.id(request, "userId"));
    return eraseFrom(org, user, 0)
        .onSuccess(n -> LOG.info("erasure of {} deleted {} media", user, n))
        .map(n -> new JsonObject().put("deleted", n));
  }

  private Future<Integer> eraseFrom(UUID org, UUID user, int deletedSoFar) {
    return media.byUploader(org, user, batch)
        .compose(batch -> batch.isEmpty() ? Future.succeededFuture(deletedSoFar)
            : eraseBatch(batch).compose(n -> eraseFrom(org, user, deletedSoFar + n)));
  }

  private Future<Integer> eraseBatch(List<MediaRecord> batch) {
    List<String> keys = new ArrayList<>();
    List<UUID> ids = new ArrayList<>();
    for (MediaRecord m : batch) {
      ids.add(m.id());
      keys.add(m.objectKey());
      if (m.thumbnailKey() != null) {
        keys.add(m.thumbnailKey());
      }
    }
    return store.remove(keys)
        .compose(v -> media.deleteAll(ids));
  }
}
