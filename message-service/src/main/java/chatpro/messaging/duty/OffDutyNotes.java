package chatpro.messaging.duty;

import chatpro.common.audit.Audit;
import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Caller;
import chatpro.common.time.Times;
import chatpro.messaging.send.SendRequest;
import chatpro.common.presence.OffDutyView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What senders learn about off-duty people, and the organisation's record of urgent messages. Off-duty state is
 * read from presence-service's replicated map (a local read); a direct chat's pair never changes, so it is cached.
 */
public final class OffDutyNotes {
  private static final Logger LOG = LoggerFactory.getLogger(OffDutyNotes.class);
  static final String DIRECT_KEY = "SELECT direct_key FROM chats WHERE id = $1";
  static final String MEMBERS = "SELECT user_id FROM members WHERE chat_id = $1 AND removed_seq IS NULL";
  static final String RECORD_URGENT = "INSERT INTO urgent_uses (message_id, org_id, chat_id, sender_id, recipients,"
      + " off_duty, at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";
  static final String URGENT_USES = "SELECT message_id, chat_id, sender_id, recipients, off_duty, at FROM urgent_uses"
      + " WHERE org_id = $1 AND at < $2 ORDER BY at DESC LIMIT $3";
  static final int CACHE = 100_000;

  private final Pool pool;
  private final OffDutyView offDuty;
  private final Clock clock;
  private final Audit audit;
  /** Chat id → the direct chat's key ("a:b"), or "" for a group. */
  private final Map<UUID, String> directKeys = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, String> eldest) {
      return size() > CACHE;
    }
  };

  public OffDutyNotes(Pool pool, OffDutyView offDuty, Clock clock, Audit audit) {
    this.audit = audit;
    this.pool = pool;
    this.offDuty = offDuty;
    this.clock = clock;
  }

  public boolean isOffDuty(String userId) {
    return offDuty.isOffDuty(userId);
  }

  /** Adds {@code offDuty:[{userId, until}]} to a send's ack when the other member of a direct chat is off duty. */
  public Future<JsonObject> annotate(SendRequest r, JsonObject ack) {
    if (offDuty.nobodyOffDuty()) {
      return Future.succeededFuture(ack);
    }
    return directKey(r.chatId()).map(key -> {
      if (key.isEmpty()) {
        return ack;
      }
      String[] pair = key.split(":");
      String other = pair[0].equals(r.caller().userId()) ? pair[1] : pair[0];
      Long until = offDuty.until(other);
      if (until != null) {
        JsonObject note = new JsonObject().put("userId", other);
        if (until > 0) {
          note.put("until", Times.format(Instant.ofEpochMilli(until)));
        }
        ack.put("offDuty", new JsonArray().add(note));
      }
      return ack;
    });
  }

  /**
   * Records an urgent message: the chat's other members then, and which of them were off duty; its audit entry
   * ({@code urgent.sent}, with counts) in the same transaction, once, however often a retry records it again.
   */
  public Future<Void> recordUrgent(Caller sender, UUID chatId, String messageId) {
    return pool.withTransaction(conn -> conn.preparedQuery(MEMBERS).execute(Tuple.of(chatId)).compose(rows -> {
      List<UUID> recipients = new ArrayList<>();
      List<UUID> away = new ArrayList<>();
      for (Row row : rows) {
        UUID user = row.getUUID(0);
        if (!user.equals(sender.userUuid())) {
          recipients.add(user);
          if (offDuty.isOffDuty(user.toString())) {
            away.add(user);
          }
        }
      }
      Tuple args = Tuple.tuple().addValue(UUID.fromString(messageId)).addValue(sender.orgUuid()).addValue(chatId)
          .addValue(sender.userUuid()).addValue(recipients.toArray(UUID[]::new)).addValue(away.toArray(UUID[]::new))
          .addValue(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      return conn.preparedQuery(RECORD_URGENT).execute(args)
          .compose(stored -> stored.rowCount() == 0 ? Future.<Void>succeededFuture()
              : audit.record(conn, new AuditRecord(sender.orgUuid(), sender.userUuid(), "urgent.sent", "message",
                  messageId, new JsonObject().put("chatId", chatId.toString()).put("recipients", recipients.size())
                      .put("offDuty", away.size()))));
    })).onFailure(e -> LOG.warn("urgent message {} not recorded: {}", messageId, e.toString()));
  }

  private Future<String> directKey(UUID chatId) {
    String known = directKeys.get(chatId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return pool.preparedQuery(DIRECT_KEY).execute(Tuple.of(chatId)).map(rows -> {
      String key = rows.size() == 0 ? null : rows.iterator().next().getString(0);
      String value = key == null ? "" : key;
      directKeys.put(chatId, value);
      return value;
    });
  }

  /**
   * {@code {caller, before?, limit?}} → {@code {"urgentUses":[{messageId, chatId, senderId, recipients, offDuty, at}]}},
   * newest first; for the org's admins and compliance officers (checked against their current roles).
   */
  public Future<JsonObject> urgentUses(io.vertx.core.Vertx vertx, JsonObject request) {
    Caller caller = Caller.from(request);
    long limit = chatpro.common.json.Fields.number(request, "limit", 1, 1000);
    String beforeText = request.getString("before");
    Instant before;
    try {
      before = beforeText == null ? clock.instant().plusSeconds(1) : Instant.parse(beforeText);
    } catch (java.time.format.DateTimeParseException e) {
      throw chatpro.common.error.ChatproException.badRequest("before must be a time like 2026-11-24T08:00:00Z");
    }
    return new chatpro.common.bus.Directory(vertx).requireAnyRole(caller, java.util.List.of("admin", "compliance"),
            "only admins and compliance officers may read the urgent record")
        .compose(v -> pool.preparedQuery(URGENT_USES).execute(Tuple.of(caller.orgUuid(),
            OffsetDateTime.ofInstant(before, ZoneOffset.UTC), limit)))
        .map(rows -> {
          JsonArray uses = new JsonArray();
          for (Row r : rows) {
            uses.add(new JsonObject().put("messageId", r.getUUID("message_id").toString())
                .put("chatId", r.getUUID("chat_id").toString()).put("senderId", r.getUUID("sender_id").toString())
                .put("recipients", ids(r.getArrayOfUUIDs("recipients")))
                .put("offDuty", ids(r.getArrayOfUUIDs("off_duty")))
                .put("at", Times.format(r.getOffsetDateTime("at").toInstant())));
          }
          return new JsonObject().put("urgentUses", uses);
        });
  }

  private static JsonArray ids(UUID[] ids) {
    JsonArray out = new JsonArray();
    for (UUID id : ids) {
      out.add(id.toString());
    }
    return out;
  }
}
