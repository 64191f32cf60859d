package chatpro.messaging.compliance.audit;

import chatpro.common.audit.AuditEntry;
import chatpro.messaging.compliance.audit.AuditStore.Head;
import chatpro.messaging.compliance.audit.AuditStore.Pending;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of each org's audit chain: it reads the records every service put on
 * {@code chatpro.audit-records.v1} (a consumer group; the key orgId keeps an org on one partition, so one replica
 * at a time reads it, in order) and appends them. Each org's part of a batch is one transaction under that org's
 * lock: read the head, leave out records already appended (a redelivery), hash and insert the rest, and queue each
 * new entry for {@code chatpro.audit.v1}. Different orgs append in parallel and never wait for each other.
 */
public final class ChainWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ChainWriter.class);
  public static final String GROUP = "chatpro-audit-chain";

  private final Pool pool;
  private final AuditStore store;
  private final Runnable appended;

  /** @param appended called after a commit that queued heads, so the relay sends them at once */
  public ChainWriter(Pool pool, AuditStore store, Runnable appended) {
    this.pool = pool;
    this.store = store;
    this.appended = appended;
  }

  /** A batch from the topic: committed (and so acknowledged to Kafka) only when every org's part is appended. */
  public Future<Void> handle(List<ConsumerRecord<String, String>> batch) {
    Map<UUID, List<Pending>> byOrg = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : batch) {
      Pending pending = parse(record);
      if (pending != null) {
        byOrg.computeIfAbsent(pending.orgId(), org -> new ArrayList<>()).add(pending);
      }
    }
    List<Future<Void>> orgs = new ArrayList<>(byOrg.size());
    byOrg.forEach((org, records) -> orgs.add(appendAll(org, records)));
    return Future.all(orgs)
        .onSuccess(v -> appended.run())
        .mapEmpty();
  }

  /** A record's data, or null (logged, by position only) for one that cannot be read: it must not stop the chain. */
  static Pending parse(ConsumerRecord<String, String> record) {
    try {
      JsonObject data = new JsonObject(record.value()).getJsonObject("data");
      return new Pending(UUID.fromString(data.getString("sourceId")), UUID.fromString(data.getString("orgId")),
          Instant.parse(data.getString("at")), data.getString("actorId"), data.getString("action"),
          data.getString("targetType"), data.getString("targetId"), data.getJsonObject("details", new JsonObject()));
    } catch (RuntimeException e) {
      LOG.error("audit record at {}-{}@{} cannot be read and is left out: {}", record.topic(), record.partition(),
          record.offset(), e.getClass().getSimpleName());
      return null;
    }
  }

  private Future<Void> appendAll(UUID org, List<Pending> records) {
    return pool.withTransaction(conn -> store.lockOrg(conn, org)
        .compose(v -> store.known(conn, records.stream().map(Pending::sourceId).toList()))
        .compose(known -> appendNew(conn, org, fresh(records, known))));
  }

  private Future<Void> appendNew(SqlConnection conn, UUID org, List<Pending> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    return store.head(conn, org)
        .map(head -> link(head, records))
        .compose(entries -> store.append(conn, org, entries, records.stream().map(Pending::sourceId).toList()));
  }

  /** Records not yet in the chain, once each (a record may also repeat within a batch after a relay's retry). */
  static List<Pending> fresh(List<Pending> records, Set<UUID> known) {
    Map<UUID, Pending> fresh = new LinkedHashMap<>();
    for (Pending p : records) {
      if (!known.contains(p.sourceId())) {
        fresh.putIfAbsent(p.sourceId(), p);
      }
    }
    return new ArrayList<>(fresh.values());
  }

  /** The records as the next links after {@code head}, each hashed over the one before. */
  static List<AuditEntry> link(Head head, List<Pending> records) {
    List<AuditEntry> entries = new ArrayList<>(records.size());
    long seq = head.seq();
    String prev = head.hash();
    for (Pending p : records) {
      AuditEntry entry = AuditEntry.next(++seq, prev, p.at(), p.actorId(), p.action(), p.targetType(), p.targetId(),
          p.details());
      entries.add(entry);
      prev = entry.hash();
    }
    return entries;
  }
}
