package chatpro.presence;

import chatpro.common.audit.Audit;
import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.bus.Handlers;
import chatpro.common.cluster.Hazelcast;
import chatpro.common.config.ChatproConfig;
import chatpro.common.db.Migrations;
import chatpro.common.db.PgPools;
import chatpro.common.kafka.KafkaSetup;
import chatpro.common.kafka.OutboxRelay;
import chatpro.common.kafka.TopicConsumer;
import chatpro.common.kafka.Topics;
import chatpro.common.service.Health;
import chatpro.common.bus.Directory;
import chatpro.presence.directory.DirectoryFeed;
import chatpro.presence.online.Locations;
import chatpro.presence.schedule.DutyEvaluator;
import chatpro.presence.schedule.DutyRepository;
import chatpro.presence.schedule.OffDutyMap;
import chatpro.presence.schedule.PersonalSchedule;
import chatpro.presence.schedule.ScheduleApi;
import chatpro.presence.status.PresenceApi;
import chatpro.presence.status.PresenceFrames;
import chatpro.presence.status.StatusChanges;
import chatpro.presence.status.StatusRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Wires presence-service: who is connected where, working hours and the off-duty switch, and the status others see
 * (published to Kafka through the outbox and pushed to contacts).
 */
public final class PresenceVerticle extends VerticleBase {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PresenceVerticle.class);
  static final String SCHEMA = "presence";
  /**
   * How often node ids of members no longer in the cluster are dropped, besides the sweeps that follow each member
   * leaving: a safety net that touches every entry, so not often.
   */
  static final long GONE_NODES_EVERY_MS = 60_000;

  private final ChatproConfig config;
  private final Clock clock;
  private Pool pool;
  private Locations locations;
  private OutboxRelay relay;
  private StatusChanges statusChanges;
  private DutyEvaluator evaluator;
  private TopicConsumer directoryConsumer;
  private DutyRepository duties;

  public PresenceVerticle(ChatproConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.create(vertx, config.pg(), SCHEMA);
    relay = new OutboxRelay(pool, SCHEMA, List.of(new OutboxRelay.Outbox(SCHEMA, "outbox", Topics.PRESENCE),
        new OutboxRelay.Outbox(SCHEMA, Audit.TABLE, Topics.AUDIT_RECORDS)), config.kafka());
    duties = new DutyRepository();
    // Getting Hazelcast proxies and registering a membership listener wait for the cluster: not on the event loop.
    return vertx.executeBlocking(this::joinClusterState)
        .compose(offDutyMap -> wire(offDutyMap));
  }

  private OffDutyMap joinClusterState() {
    var hazelcast = Hazelcast.of(vertx);
    locations = new Locations(context, hazelcast, users -> statusChanges.lastDeviceLeft(users));
    return new OffDutyMap(vertx, context, hazelcast);
  }

  private Future<?> wire(OffDutyMap offDutyMap) {
    Directory directory = new Directory(vertx);
    statusChanges = new StatusChanges(vertx, pool, new StatusRepository(), locations,
        new PresenceFrames(vertx, locations), relay::wake, directory, clock);
    evaluator = new DutyEvaluator(vertx, pool, duties, offDutyMap, statusChanges::touch, clock);
    ScheduleApi schedules = new ScheduleApi(pool, duties, evaluator, directory, clock, new Audit(clock));
    PresenceApi presence = new PresenceApi(pool, duties, evaluator, new StatusRepository(), locations, directory);
    DirectoryFeed feed = new DirectoryFeed(pool, duties, statusChanges::touch, clock);
    return Migrations.migrate(vertx, config.pg(), SCHEMA)
        .compose(v -> KafkaSetup.ensureTopic(vertx, config.kafka(), Topics.PRESENCE))
        .compose(v -> KafkaSetup.ensureTopic(vertx, config.kafka(), Topics.DIRECTORY))
        .compose(v -> KafkaSetup.ensureTopic(vertx, config.kafka(), Topics.AUDIT_RECORDS))
        .compose(v -> duties.offDutyNow(pool))
        .compose(offDutyMap::replaceAll)
        .onSuccess(v -> relay.start())
        .compose(v -> new Handlers(vertx)
            .on(Addresses.PRESENCE_CONNECT, this::connect)
            .on(Addresses.PRESENCE_DISCONNECT, this::disconnect)
            .on(Addresses.PRESENCE_LOCATE, locations::locate)
            .on(Addresses.PRESENCE_NODE_GONE, locations::nodeGone)
            .on(Addresses.PRESENCE_GET, presence::get)
            .on(Addresses.PRESENCE_GET_MANY, presence::getMany)
            .on(Addresses.PRESENCE_SCHEDULE_GET, schedules::get)
            .on(Addresses.PRESENCE_SCHEDULE_PUT, schedules::put)
            .on(Addresses.PRESENCE_ORG_SCHEDULE_GET, schedules::orgGet)
            .on(Addresses.PRESENCE_ORG_SCHEDULE_PUT, schedules::orgPut)
            .on(Addresses.PRESENCE_OFF_DUTY_SET, schedules::offDuty)
            .on(Addresses.PRESENCE_OFF_DUTY_CLEAR, schedules::backOn)
            .on(Addresses.PRESENCE_PERSONAL_DATA, new PersonalSchedule(pool)::describe)
            .ready())
        .onSuccess(v -> startBackground(feed))
        .compose(v -> Health.register(vertx, "presence", Health.database(pool)));
  }

  private void startBackground(DirectoryFeed feed) {
    statusChanges.start();
    evaluator.start();
    vertx.setPeriodic(GONE_NODES_EVERY_MS, t -> locations.dropGoneNodes()
        .onFailure(e -> LOG.debug("could not check for gone nodes: {}", e.toString())));
    // A Kafka client's constructor may wait on the network: built on a worker thread.
    vertx.executeBlocking(() -> new TopicConsumer(config.kafka(), Topics.DIRECTORY, DirectoryFeed.GROUP, context,
            feed::handle).start())
        .onSuccess(consumer -> directoryConsumer = consumer);
  }

  /** {@code {userId, nodeId, orgId? | caller?}}: a device of the user authenticated on that gateway node. */
  private Future<JsonObject> connect(JsonObject request) {
    String user = request.getString("userId");
    return ensureDutyRow(request)
        .compose(v -> locations.connect(request))
        .onSuccess(answer -> statusChanges.touch(List.of(user)));
  }

  /** {@code {userId, nodeId}}: the user's last socket on that node closed. */
  private Future<JsonObject> disconnect(JsonObject request) {
    String user = request.getString("userId");
    return locations.disconnect(request)
        .onSuccess(answer -> lastDeviceLeft(user, answer));
  }

  private void lastDeviceLeft(String user, JsonObject answer) {
    if (answer.getBoolean("offline", false)) {
      statusChanges.lastDeviceLeft(List.of(user));
    }
  }

  /** Creates the user's duty row when the request says their org; otherwise the directory feed creates it. */
  private Future<Void> ensureDutyRow(JsonObject request) {
    String org = request.getString("orgId");
    if (org == null && request.getJsonObject("caller") != null) {
      org = Caller.from(request).orgId();
    }
    if (org == null) {
      return Future.succeededFuture();
    }
    return duties.ensure(pool, UUID.fromString(request.getString("userId")), UUID.fromString(org), clock.instant());
  }

  @Override
  public Future<?> stop() {
    if (evaluator != null) {
      evaluator.stop();
    }
    if (statusChanges != null) {
      statusChanges.stop();
    }
    if (locations != null) {
      locations.close();
    }
    Future<Void> consumerStopped = directoryConsumer == null ? Future.succeededFuture()
        : vertx.executeBlocking(this::closeConsumer);
    return consumerStopped
        .compose(v -> relay == null ? Future.succeededFuture() : relay.stop(vertx))
        .compose(v -> pool == null ? Future.succeededFuture() : pool.close());
  }

  private Void closeConsumer() {
    directoryConsumer.close();
    return null;
  }
}
