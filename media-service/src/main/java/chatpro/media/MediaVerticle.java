package chatpro.media;

import chatpro.common.audit.Audit;
import chatpro.common.bus.Addresses;
import chatpro.common.bus.Handlers;
import chatpro.common.config.ChatproConfig;
import chatpro.common.crypto.KeyRing;
import chatpro.common.crypto.MasterKey;
import chatpro.common.db.Migrations;
import chatpro.common.db.PgPools;
import chatpro.common.kafka.KafkaSetup;
import chatpro.common.kafka.OutboxRelay;
import chatpro.common.kafka.TopicConsumer;
import chatpro.common.kafka.Topics;
import chatpro.common.service.Health;
import chatpro.media.access.Access;
import chatpro.media.access.LinkSigner;
import chatpro.media.crypto.MediaKeys;
import chatpro.media.exports.ExportFileKeys;
import chatpro.media.exports.ExportFiles;
import chatpro.media.http.InternalLinks;
import chatpro.media.http.InternalServer;
import chatpro.media.inspect.Limits;
import chatpro.media.inspect.MediaInspector;
import chatpro.media.lifecycle.LegacySealing;
import chatpro.media.lifecycle.Lifecycle;
import chatpro.media.lifecycle.OwnerErasure;
import chatpro.media.store.MediaRepository;
import chatpro.media.store.ObjectStore;
import chatpro.media.upload.Uploads;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires media-service: its schema, its bucket, its keys (the master key and a ring of people's keys), uploads,
 * downloads through its internal HTTP server, the lifecycle of objects, and its health.
 */
public final class MediaVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MediaVerticle.class);
  static final String SCHEMA = "media";
  static final Duration SWEEP_EVERY = Duration.ofMinutes(10);

  private final ChatproConfig config;
  private Pool pool;
  private TopicConsumer consumer;
  private OutboxRelay relay;
  private InternalServer internal;

  public MediaVerticle(ChatproConfig config) {
    this.config = config;
  }

  /** How often media stored before encryption are looked for (after an upgrade; none are ever stored so again). */
  static final java.time.Duration LEGACY_SEALING_EVERY = java.time.Duration.ofMinutes(10);

  @Override
  public Future<?> start() {
    // reading the key file blocks: not on the event loop
    return vertx.executeBlocking(() -> MasterKey.load(config.masterKeyFile()))
        .compose(this::startWith);
  }

  /** The rest of the start, once the master key is read (a missing or wrong one has failed it, naming the setting). */
  private Future<?> startWith(MasterKey master) {
    KeyRing ring = new KeyRing(vertx, master);
    MediaKeys keys = new MediaKeys(ring);
    ExportFileKeys fileKeys = new ExportFileKeys(vertx, ring);
    pool = PgPools.create(vertx, config.pg(), SCHEMA);
    ObjectStore store = new ObjectStore(vertx, config.s3());
    MediaRepository media = new MediaRepository(pool);
    long max = config.s3().maxMediaBytes();
    Limits defaults = Limits.defaults();
    MediaInspector inspector = new MediaInspector(new Limits(max, max, defaults.maxPixels(), defaults.maxSide(),
        defaults.maxVoiceMs()));
    LinkSigner signer = LinkSigner.from(config.s3(), Clock.systemUTC());
    InternalLinks links = new InternalLinks(signer.derive(InternalLinks.DERIVATION_LABEL), Clock.systemUTC());
    Uploads uploads = new Uploads(vertx, store, media, inspector, keys, links, max,
        (long) config.uploadMegabytesPerDay() << 20);
    internal = new InternalServer(vertx, config.cluster().host(), config.mediaInternalPort(), links, uploads, media,
        store, keys, fileKeys, max);
    Access access = new Access(vertx, media, keys, signer, links, Clock.systemUTC());
    Lifecycle lifecycle = new Lifecycle(vertx, media, store, Clock.systemUTC());
    LegacySealing sealing = new LegacySealing(vertx, media, store, keys);
    OwnerErasure erasure = new OwnerErasure(media, store);
    ExportFiles exports = new ExportFiles(media, store, keys, links, fileKeys);
    // No audited action here yet: the relay is there so that the first one needs no wiring.
    relay = new OutboxRelay(pool, SCHEMA, List.of(new OutboxRelay.Outbox(SCHEMA, Audit.TABLE,
        Topics.AUDIT_RECORDS)), config.kafka());
    return ring.start()
        .compose(v -> ring.verifyMaster())
        .compose(v -> Migrations.migrate(vertx, config.pg(), SCHEMA))
        .compose(v -> store.ensureBucket())
        .compose(v -> KafkaSetup.ensureTopic(vertx, config.kafka(), Topics.CHAT_EVENTS))
        .compose(v -> KafkaSetup.ensureTopic(vertx, config.kafka(), Topics.AUDIT_RECORDS))
        .onSuccess(v -> relay.start())
        // handlers hand out URLs of the internal server, so they answer only once it listens
        .compose(v -> internal.listen())
        .compose(v -> new Handlers(vertx)
            .on(Addresses.MEDIA_UPLOAD_SLOT, uploads::slot)
            .on(Addresses.MEDIA_ACCESS, access::link)
            .on(Addresses.MEDIA_LINK, access::signLink)
            .on(Addresses.MEDIA_LINK_OPEN, access::openLink)
            .on(Addresses.MEDIA_DESCRIBE, access::describe)
            .on(Addresses.MEDIA_RELEASE, lifecycle::released)
            .on(Addresses.MEDIA_ERASE_OWNER, erasure::erase)
            .on(Addresses.MEDIA_SEAL_LEGACY, sealing::pass)
            .on(Addresses.MEDIA_EXPORT_SOURCE, exports::source)
            .on(Addresses.EXPORT_FILE_START, exports::start)
            .on(Addresses.EXPORT_FILE_PART, exports::part)
            .on(Addresses.EXPORT_FILE_COMPLETE, exports::complete)
            .on(Addresses.EXPORT_FILE_ABORT, exports::abort)
            .on(Addresses.EXPORT_FILE_LINK, exports::link)
            .on(Addresses.EXPORT_FILE_DELETE, exports::delete)
            .ready())
        .compose(v -> vertx.executeBlocking(() -> new TopicConsumer(config.kafka(), Topics.CHAT_EVENTS,
            "chatpro-media", context, lifecycle::onEvents).start()))
        .onSuccess(started -> {
          consumer = started;
          vertx.setPeriodic(60_000, SWEEP_EVERY.toMillis(), t -> lifecycle.sweep()
              .onFailure(e -> LOG.warn("media sweep failed: {}", e.toString())));
          vertx.setPeriodic(30_000, LEGACY_SEALING_EVERY.toMillis(), t -> sealing.sealAll()
              .onFailure(e -> LOG.warn("encrypting media stored in the clear failed: {}", e.toString())));
        })
        .compose(v -> Health.register(vertx, "media",
            () -> Future.all(pool.query("SELECT 1").execute(), store.check())));
  }

  @Override
  public Future<?> stop() {
    Future<Void> consumerStopped = consumer == null ? Future.succeededFuture()
        : vertx.executeBlocking(() -> {
          consumer.close();
          return null;
        });
    return consumerStopped
        .eventually(() -> internal == null ? Future.succeededFuture() : internal.close())
        .eventually(() -> relay == null ? Future.succeededFuture() : relay.stop(vertx))
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
