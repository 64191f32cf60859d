package chatpro.messaging;

import chatpro.common.audit.Audit;
import chatpro.common.bus.Addresses;
import chatpro.common.cluster.Hazelcast;
import chatpro.common.presence.OffDutyView;
import chatpro.messaging.duty.OffDutyNotes;
import chatpro.common.bus.Directory;
import chatpro.common.bus.CallerSeals;
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
import chatpro.messaging.chat.ChatList;
import chatpro.messaging.compliance.audit.AuditLog;
import chatpro.messaging.compliance.audit.AuditStore;
import chatpro.messaging.compliance.audit.ChainVerifier;
import chatpro.messaging.compliance.audit.ChainWriter;
import chatpro.messaging.chat.ChatRepository;
import chatpro.messaging.chat.Chats;
import chatpro.messaging.chat.Membership;
import chatpro.messaging.chat.PersonGroups;
import chatpro.messaging.compliance.ExportRepository;
import chatpro.messaging.compliance.ExportSweeper;
import chatpro.messaging.compliance.ExportWorker;
import chatpro.messaging.compliance.Exports;
import chatpro.messaging.compliance.HeldOriginals;
import chatpro.messaging.compliance.Erasure;
import chatpro.messaging.compliance.Holds;
import chatpro.messaging.compliance.MediaReleases;
import chatpro.messaging.compliance.RetentionSweep;
import chatpro.messaging.compliance.SubjectAccess;
import chatpro.messaging.delivery.Delivery;
import chatpro.common.bus.Caller;
import chatpro.messaging.limits.PersonLimits;
import chatpro.messaging.log.Appender;
import chatpro.messaging.log.Appended;
import chatpro.messaging.log.EventLog;
import chatpro.messaging.log.TextSeal;
import chatpro.messaging.receipts.Receipts;
import chatpro.messaging.receipts.Typing;
import chatpro.messaging.send.MessageActions;
import chatpro.messaging.send.SendBatcher;
import chatpro.messaging.send.SendStore;
import chatpro.messaging.send.SendChecks;
import chatpro.messaging.send.SendRequest;
import chatpro.messaging.sync.History;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import chatpro.common.error.ChatproException;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Wires message-service's event-bus API: chats, the event log, sends, history, receipts and live delivery. */
public final class MessageVerticle extends VerticleBase {
  static final String SCHEMA = "messaging";
  /** The audit chains of every org, owned by message-service's compliance area; INSERT and SELECT only for us. */
  static final String AUDIT_SCHEMA = "audit";
  /** Held reads of people back on duty whose release was missed (no replica running then, a failed query). */
  static final long HELD_READS_EVERY_MS = 30_000;
  /** The first retention sweep waits for the rest of the system to be up. */
  static final java.time.Duration FIRST_SWEEP_AFTER = java.time.Duration.ofMinutes(1);

  private final ChatproConfig config;
  private final Clock clock;
  private Pool pool;
  private OutboxRelay relay;
  private OffDutyNotes notes;
  private ExportWorker exportWorker;
  private TopicConsumer auditRecords;
  /** Who is off duty (presence-service's map): for the send ack's notice and the reads held meanwhile. */
  private final OffDutyView offDuty = new OffDutyView();
  /** Sends and chat creation per person (docs/architecture.md, "Rate limits"). */
  private PersonLimits limits;

  public MessageVerticle(ChatproConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.create(vertx, config.pg(), SCHEMA);
    // reading the key file blocks: not on the event loop
    return vertx.executeBlocking(() -> MasterKey.load(config.masterKeyFile()))
        .compose(this::startWith);
  }

  /** The rest of the start, once the master key is read (a missing or wrong one has failed it, naming the setting). */
  private Future<?> startWith(MasterKey master) {
    KeyRing keys = new KeyRing(vertx, master);
    TextSeal seal = new TextSeal(keys);
    EventLog log = new EventLog(pool, seal);
    Delivery delivery = new Delivery(vertx, pool);
    relay = new OutboxRelay(pool, SCHEMA, List.of(new OutboxRelay.Outbox(SCHEMA, "outbox", Topics.CHAT_EVENTS,
        seal::openPayload),
        new OutboxRelay.Outbox(SCHEMA, Audit.TABLE, Topics.AUDIT_RECORDS),
        new OutboxRelay.Outbox(AUDIT_SCHEMA, "outbox", Topics.AUDIT)), config.kafka());
    Audit audit = new Audit(clock);
    AuditStore auditStore = new AuditStore();
    ChainWriter chainWriter = new ChainWriter(pool, auditStore, relay::wake);
    AuditLog auditLog = new AuditLog(pool, auditStore, new ChainVerifier(vertx, pool, auditStore), new Directory(vertx),
        clock);
    Appender appender = new Appender(pool, log, appended -> committed(appended, delivery));
    ChatRepository chatRepository = new ChatRepository();
    Chats chats = new Chats(vertx, pool, chatRepository, config.limits().maxGroupMembers());
    Membership membership = new Membership(chatRepository, chats, appender, clock, config.limits().maxGroupMembers());
    ChatList chatList = new ChatList(pool, seal);
    PersonGroups personGroups = new PersonGroups(pool, new Directory(vertx));
    SendChecks checks = new SendChecks(vertx, pool);
    SendBatcher sends = new SendBatcher(new SendStore(pool, log), clock, timers(), SendBatcher.GATHER_MS,
        config.rates().sendQueuePerSender(),
        appended -> committed(appended, delivery));
    limits = new PersonLimits(config.rates(), clock);
    Holds holds = new Holds(pool, new Directory(vertx), audit, clock);
    MessageActions actions = new MessageActions(pool, log, appender, holds, clock);
    RetentionSweep retention = new RetentionSweep(vertx, pool, log, new MediaReleases(vertx, pool), audit, clock,
        RetentionSweep.Pace.DEFAULT);
    History history = new History(pool, log);
    notes = new OffDutyNotes(pool, offDuty, clock, audit);
    Receipts receipts = new Receipts(pool, delivery, notes, clock);
    Typing typing = new Typing(pool, delivery);
    chatpro.messaging.media.MediaCarriers carriers = new chatpro.messaging.media.MediaCarriers(pool);
    ExportRepository exportRows = new ExportRepository();
    exportWorker = new ExportWorker(vertx, pool, log, exportRows, new HeldOriginals(pool, log), auditStore,
        clock);
    Exports exports = new Exports(vertx, pool, new Directory(vertx), exportRows, exportWorker, audit, clock);
    ExportSweeper exportSweeper = new ExportSweeper(vertx, pool, exportRows, clock);
    SubjectAccess subjectAccess = new SubjectAccess(pool, new Directory(vertx), exportRows, exports, exportWorker,
        audit, clock);
    Erasure erasure = new Erasure(vertx, new Directory(vertx), holds, membership, log, exportSweeper);
    return keys.start()
        .compose(v -> keys.verifyMaster())
        .compose(v -> offDuty.start(vertx, Hazelcast.of(vertx), receipts::releaseHeldReads))
        .onSuccess(view -> {
          vertx.setPeriodic(HELD_READS_EVERY_MS, t -> receipts.releaseStaleHeldReads());
          vertx.setPeriodic(PersonLimits.FORGET_EVERY_MS, t -> limits.forgetIdle());
          vertx.setPeriodic(FIRST_SWEEP_AFTER.toMillis(), RetentionSweep.EVERY.toMillis(), t -> retention.start());
        })
        .compose(v -> Migrations.migrate(vertx, config.pg(), SCHEMA))
        .compose(v -> Migrations.migrate(vertx, config.pg(), AUDIT_SCHEMA, Set.of("entries")))
        .compose(v -> KafkaSetup.ensureTopic(vertx, config.kafka(), Topics.AUDIT))
        .compose(v -> KafkaSetup.ensureTopic(vertx, config.kafka(), Topics.CHAT_EVENTS))
        .compose(v -> KafkaSetup.ensureTopic(vertx, config.kafka(), Topics.AUDIT_RECORDS))
        .onSuccess(v -> relay.start())
        .onSuccess(v -> {
          exportWorker.start();
          exportSweeper.start();
        })
        .compose(v -> new Handlers(vertx)
            .on(Addresses.USER_ERASE, erasure::erase)
            .on(Addresses.CHAT_CREATE, request -> createChat(chats, request))
            .on(Addresses.CHAT_LIST, chatList::list)
            .on(Addresses.CHAT_GET, chats::get)
            .on(Addresses.CHAT_RENAME, membership::rename)
            .on(Addresses.CHAT_ADD_MEMBERS, membership::add)
            .on(Addresses.CHAT_REMOVE_MEMBER, membership::remove)
            .on(Addresses.CHAT_SET_ROLE, membership::setRole)
            .on(Addresses.USER_GROUPS, personGroups::list)
            .on(Addresses.CHAT_EVENTS, history::page)
            .on(Addresses.SYNC, history::sync)
            .on(Addresses.MESSAGE_SEND, request -> send(checks, sends, request))
            .on(Addresses.MESSAGE_SEND_BATCH, request -> sendAll(checks, sends, request))
            .on(Addresses.MESSAGE_EDIT, actions::edit)
            .on(Addresses.MESSAGE_DELETE, actions::delete)
            .on(Addresses.MESSAGE_REACT, actions::react)
            .on(Addresses.MESSAGE_RECEIPTS, receipts::info)
            .on(Addresses.CURSOR, receipts::move)
            .on(Addresses.TYPING, typing::typing)
            .on(Addresses.MESSAGE_MEDIA_VISIBLE, carriers::visible)
            .on(Addresses.MESSAGE_MEDIA_CARRIED, carriers::carried)
            .on(Addresses.MESSAGE_CONTACTS, chatList::contacts)
            .on(Addresses.URGENT_USES, request -> notes.urgentUses(vertx, request))
            .on(Addresses.HOLD_PLACE, holds::place)
            .on(Addresses.HOLD_LIST, holds::list)
            .on(Addresses.HOLD_LIFT, holds::lift)
            .on(Addresses.HOLDS_REQUIRE_NONE, holds::requireNone)
            .operator(Addresses.RETENTION_SWEEP_NOW, request -> Future.succeededFuture(
                new JsonObject().put("started", retention.start())))
            .on(Addresses.EXPORT_CREATE, exports::create)
            .on(Addresses.EXPORT_GET, exports::get)
            .on(Addresses.EXPORT_LIST, exports::list)
            .on(Addresses.EXPORT_DOWNLOAD, exports::download)
            .on(Addresses.SAR_CREATE_OWN, subjectAccess::createOwn)
            .on(Addresses.SAR_CREATE_FOR, subjectAccess::createFor)
            .on(Addresses.SAR_LIST_OWN, subjectAccess::listOwn)
            .on(Addresses.SAR_GET_OWN, subjectAccess::getOwn)
            .on(Addresses.SAR_DOWNLOAD_OWN, subjectAccess::downloadOwn)
            .on(Addresses.AUDIT_LIST, auditLog::list)
            .on(Addresses.AUDIT_VERIFY, auditLog::verify)
            .on(Addresses.AUDIT_VERIFICATION_START, auditLog::startVerification)
            .on(Addresses.AUDIT_VERIFICATION_GET, auditLog::verification)
            .ready())
        // A Kafka client's constructor may wait on the network: built on a worker thread.
        .compose(v -> vertx.executeBlocking(() -> new TopicConsumer(config.kafka(), Topics.AUDIT_RECORDS,
            ChainWriter.GROUP, context, chainWriter::handle).start()))
        .onSuccess(consumer -> auditRecords = consumer)
        .compose(v -> Health.register(vertx, "messaging", Health.database(pool)));
  }

  /** Every request counts against the creator's allowance, one that finds an existing direct chat too. */
  private Future<JsonObject> createChat(Chats chats, JsonObject request) {
    return limits.createChat(Caller.from(request))
        .compose(allowed -> chats.create(request));
  }

  /**
   * The rate limit comes first and defers to nothing (not even a stored send of the same clientId): a refused send
   * costs no query and stores nothing.
   */
  /** The send batcher's time and timers: this verticle's event loop. */
  private SendBatcher.Timers timers() {
    return new SendBatcher.Timers() {
      @Override
      public long nowMillis() {
        return System.nanoTime() / 1_000_000;
      }

      @Override
      public void after(long delayMs, Runnable task) {
        vertx.setTimer(Math.max(1, delayMs), id -> task.run());
      }
    };
  }

  private Future<JsonObject> send(SendChecks checks, SendBatcher sends, JsonObject request) {
    SendRequest asked = SendRequest.from(request);
    return limits.send(asked.caller())
        .compose(allowed -> checkedAndStored(checks, sends, asked));
  }

  private Future<JsonObject> checkedAndStored(SendChecks checks, SendBatcher sends, SendRequest asked) {
    // A check that refuses (membership, urgent role, mentions...) defers to a stored send of the same clientId: a
    // retry answers the first ack however the sender's rights changed since. Only refusals pay for the lookup.
    return checks.check(asked)
        .compose(sends::submit, refused -> sends.earlierOr(asked, refused))
        .compose(ack -> recordedIfUrgent(asked, ack))
        .compose(ack -> notes.annotate(asked, ack.toJson().put("repeated", ack.repeated())));
  }

  /**
   * An urgent message is acked only once its record and audit entry are committed: if they fail, the sender gets
   * an error and retries with the same clientId, which answers the stored message and records it then (a repeat
   * changes nothing). So no acked urgent message lacks its entry.
   */
  private Future<SendBatcher.Ack> recordedIfUrgent(SendRequest asked, SendBatcher.Ack ack) {
    if (!asked.urgent()) {
      return Future.succeededFuture(ack);
    }
    return notes.recordUrgent(asked.caller(), asked.chatId(), ack.messageId()).map(ack);
  }

  /** Sends gathered by a gateway node: each answered on its own (an ack or a failure), in order. */
  private Future<JsonObject> sendAll(SendChecks checks, SendBatcher sends, JsonObject batch) {
    JsonArray requests = batch.getJsonArray("requests");
    List<Future<JsonObject>> results = new java.util.ArrayList<>(requests.size());
    CallerSeals seals = CallerSeals.of(vertx);
    for (int i = 0; i < requests.size(); i++) {
      JsonObject request = requests.getJsonObject(i);
      Future<JsonObject> one;
      try {
        // the batch has no caller of its own: each send's caller is checked as Handlers checks a request's
        seals.checkCaller(request);
        one = send(checks, sends, request);
      } catch (RuntimeException e) {
        one = Future.failedFuture(e);
      }
      results.add(one.otherwise(e -> new JsonObject().put("failure", ChatproException.from(e).encode())));
    }
    return Future.all(results).map(done -> {
      JsonArray out = new JsonArray();
      results.forEach(r -> out.add(r.result()));
      return new JsonObject().put("results", out);
    });
  }

  private void committed(Appended appended, Delivery delivery) {
    relay.wake();
    delivery.deliver(appended);
  }

  @Override
  public Future<?> stop() {
    offDuty.stop(vertx);
    Future<Void> exportsStopped = exportWorker == null ? Future.succeededFuture() : exportWorker.stop();
    Future<Void> consumerStopped = auditRecords == null ? Future.succeededFuture()
        : vertx.executeBlocking(() -> {
          auditRecords.close();
          return null;
        });
    Future<Void> relayStopped = relay == null ? Future.succeededFuture() : relay.stop(vertx);
    return Future.all(consumerStopped, exportsStopped).otherwiseEmpty()
        .eventually(() -> relayStopped)
        .compose(v -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
