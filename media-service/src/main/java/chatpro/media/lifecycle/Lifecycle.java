package chatpro.media.lifecycle;

import chatpro.common.bus.Addresses;
import chatpro.media.store.MediaRecord;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps media alive exactly as long as a message carries it. From the chat event log it learns which message carries
 * which media, and when such a message is deleted; when the last one goes, so do the bytes. A sweep removes uploads
 * never sent (after 24 h) and staged bytes that interrupted uploads of earlier versions left behind. Retention tells
 * it directly which messages stopped carrying media without a deletion ({@link #released}).
 */
public final class Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
  /** Uploads no message carries are kept this long, so a person can still send what they uploaded. */
  public static final Duration ORPHAN_AFTER = Duration.ofHours(24);
  /**
   * A send that named a media object may still be committing for this long (the event-bus timeout); until then its
   * message is not yet in the log, so a deletion waits and looks again.
   */
  static final Duration CLAIM_GRACE = Duration.ofSeconds(30);
  /**
   * Uploads used to be staged in plain bytes under this prefix; none are any more, but an upload interrupted before
   * the change may have left some, which the sweep still removes.
   */
  static final String LEGACY_STAGING = "staging/";
  static final Duration STAGING_AFTER = Duration.ofHours(1);
  static final int SWEEP_BATCH = 200;

  private final Vertx vertx;
  private final MediaRepository media;
  private final ObjectStore store;
  private final Clock clock;

  public Lifecycle(Vertx vertx, MediaRepository media, ObjectStore store, Clock clock) {
    this.vertx = vertx;
    this.media = media;
    this.store = store;
    this.clock = clock;
  }

  /** Handles a batch of chat event records (CloudEvents); idempotent, so a batch read twice changes nothing. */
  public Future<Void> onEvents(List<ConsumerRecord<String, String>> records) {
    Future<Void> chain = Future.succeededFuture();
    for (ConsumerRecord<String, String> record : records) {
      if (!concernsMedia(record.value())) {
        continue;
      }
      JsonObject envelope;
      try {
        envelope = new JsonObject(record.value());
      } catch (RuntimeException e) {
        LOG.warn("skipping an unreadable chat event record at offset {}", record.offset());
        continue;
      }
      JsonObject event = envelope.getJsonObject("data");
      String org = envelope.getString("orgid");
      if (event != null && org != null) {
        chain = chain.compose(v -> onEvent(UUID.fromString(org), event));
      }
    }
    return chain;
  }

  /**
   * Most chat events are text messages, reactions and the like: a look at the raw text skips them without parsing
   * (records are compact JSON written by message-service's relay).
   */
  static boolean concernsMedia(String value) {
    return value != null && (value.contains("\"media\":{") || value.contains("\"chatpro.message.deleted\""));
  }

  private Future<Void> onEvent(UUID org, JsonObject event) {
    String type = event.getString("type", "");
    if ("message".equals(type) && event.getJsonObject("media") != null) {
      return media.addRef(uuid(event, "messageId"), UUID.fromString(event.getJsonObject("media").getString("id")),
          org, uuid(event, "chatId"));
    }
    if ("message.deleted".equals(type)) {
      return media.dropRefs(uuid(event, "messageId")).compose(this::releaseAll);
    }
    return Future.succeededFuture();
  }

  /**
   * {@code {items:[{messageId, mediaId}]}} from message-service (retention: the messages expired, or held originals
   * were let go): those carriers are forgotten, and media that nothing carries any more are deleted with their
   * thumbnails. Telling twice changes nothing.
   */
  public Future<JsonObject> released(JsonObject request) {
    JsonArray items = request.getJsonArray("items", new JsonArray());
    Future<Void> chain = Future.succeededFuture();
    Set<UUID> uncarried = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      UUID mediaId = uuid(item, "mediaId");
      UUID messageId = uuid(item, "messageId");
      uncarried.add(mediaId);
      chain = chain.compose(v -> media.dropRef(messageId, mediaId));
    }
    return chain
        .compose(v -> releaseAll(List.copyOf(uncarried)))
        .map(v -> new JsonObject());
  }

  /** Deletes these media if no message carries them any more. */
  private Future<Void> releaseAll(List<UUID> ids) {
    Future<Void> chain = Future.succeededFuture();
    for (UUID id : ids) {
      chain = chain.compose(v -> release(id));
    }
    return chain;
  }

  private Future<Void> release(UUID id) {
    return media.byId(id).compose(m -> {
      if (m == null) {
        return Future.succeededFuture();
      }
      if (m.claimedAt() != null && m.claimedAt().isAfter(clock.instant().minus(CLAIM_GRACE))) {
        vertx.setTimer(CLAIM_GRACE.toMillis(), t -> release(id));
        return Future.succeededFuture();
      }
      return removeIfNotCarried(m);
    });
  }

  /** One sweep: uploads never sent for a day, and staged bytes older than an hour. */
  public Future<Void> sweep() {
    return media.unreferenced(clock.instant().minus(ORPHAN_AFTER), clock.instant().minus(CLAIM_GRACE), SWEEP_BATCH)
        .compose(list -> {
          Future<Void> chain = Future.succeededFuture();
          for (MediaRecord m : list) {
            chain = chain.compose(v -> removeIfNotCarried(m));
          }
          return chain;
        })
        .compose(v -> store.olderThan(LEGACY_STAGING, clock.instant().minus(STAGING_AFTER), SWEEP_BATCH))
        .compose(store::remove);
  }

  /** Asks the log (the authority on what is sent) whether a message still carries it; if none does, deletes it. */
  private Future<Void> removeIfNotCarried(MediaRecord m) {
    JsonObject ask = new JsonObject().put("orgId", m.orgId().toString()).put("mediaId", m.id().toString());
    return vertx.eventBus().<JsonObject>request(Addresses.MESSAGE_MEDIA_CARRIED, ask)
        .compose(reply -> reply.body().getLong("messages", 1L) > 0 ? Future.succeededFuture() : remove(m));
  }

  private Future<Void> remove(MediaRecord m) {
    return media.delete(m.id(), clock.instant().minus(CLAIM_GRACE)).compose(deleted -> {
      if (!deleted) {
        return Future.succeededFuture();
      }
      List<String> keys = new ArrayList<>(List.of(m.objectKey()));
      if (m.thumbnailKey() != null) {
        keys.add(m.thumbnailKey());
      }
      LOG.info("media {} removed: no message carries it", m.id());
      return store.remove(keys);
    });
  }

  private static UUID uuid(JsonObject event, String field) {
    return UUID.fromString(event.getString(field));
  }
}
