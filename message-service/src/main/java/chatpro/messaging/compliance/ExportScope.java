package chatpro.messaging.compliance;

import chatpro.messaging.compliance.MembershipPeriods.Period;
import chatpro.messaging.log.EventLog;
import chatpro.messaging.log.EventLog.MembershipChange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which chats and which parts of them an export holds. Scope {@code chat}: that chat, all of it. Scope
 * {@code user}: every chat the person was ever a member of, only for their membership periods (a leave and a
 * rejoin are two periods). The time range is applied when the events are read.
 */
final class ExportScope {
  static final String CHATS_OF = "SELECT DISTINCT m.chat_id FROM members m WHERE m.user_id = $1 AND m.org_id = $2"
      + " ORDER BY m.chat_id";
  static final String CHAT = "SELECT id, type, name, created_at, last_seq FROM chats WHERE id = $1 AND org_id = $2";
  static final String MEMBERS = "SELECT user_id, role, removed_seq FROM members WHERE chat_id = $1 ORDER BY user_id";
  static final String IN_ORG = "SELECT 1 FROM chats WHERE id = $1 AND org_id = $2";

  /** Seqs {@code fromSeq..toSeq} of one chat that the export reads. */
  record Window(UUID chatId, long fromSeq, long toSeq) {
    JsonObject toJson() {
      return new JsonObject().put("fromSeq", fromSeq).put("toSeq", toSeq);
    }
  }

  /** One chat as chats.json shows it, and the windows of it the export reads. */
  record ChatPart(JsonObject json, List<Window> windows) {}

  private final EventLog log;

  ExportScope(EventLog log) {
    this.log = log;
  }

  /** Whether the chat is one of this org's. */
  static Future<Boolean> chatInOrg(SqlClient client, UUID chatId, UUID orgId) {
    return client.preparedQuery(IN_ORG).execute(Tuple.of(chatId, orgId)).map(rows -> rows.size() > 0);
  }

  /** Counts what the chat's windows hold (events, and media bytes by their weight), as work the job expects. */
  Future<Void> measure(SqlClient client, Export export, ChatPart part, ZipJob job) {
    return ZipJob.each(part.windows().iterator(), w -> log.measure(client, w.chatId(), w.fromSeq(), w.toSeq(),
            export.fromUtc(), export.toUtc())
        .onSuccess(counts -> job.expect(counts[0] + ZipJob.mediaUnits(counts[1]))));
  }

  /** The chats the export covers, in id order (the order of events.jsonl). */
  Future<List<UUID>> chats(SqlClient client, Export export) {
    if (ExportRequest.CHAT.equals(export.scope())) {
      return Future.succeededFuture(List.of(export.targetId()));
    }
    return client.preparedQuery(CHATS_OF).execute(Tuple.of(export.targetId(), export.orgId())).map(rows -> {
      List<UUID> ids = new ArrayList<>(rows.size());
      rows.forEach(r -> ids.add(r.getUUID(0)));
      return ids;
    });
  }

  /** One chat: its members and their periods, and what of it the export reads (none when it is gone). */
  Future<ChatPart> chat(SqlClient client, Export export, UUID chatId) {
    return client.preparedQuery(CHAT).execute(Tuple.of(chatId, export.orgId())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(new ChatPart(null, List.of()));
      }
      Row chat = rows.iterator().next();
      return client.preparedQuery(MEMBERS).execute(Tuple.of(chatId))
          .compose(members -> log.membership(client, chatId)
              .map(changes -> part(export, chat, members, changes)));
    });
  }

  private static ChatPart part(Export export, Row chat, io.vertx.sqlclient.RowSet<Row> memberRows,
      List<MembershipChange> changes) {
    UUID chatId = chat.getUUID("id");
    long lastSeq = chat.getLong("last_seq");
    Instant createdAt = chat.getOffsetDateTime("created_at").toInstant();
    List<UUID> ever = new ArrayList<>();
    Map<UUID, Row> rowOf = new LinkedHashMap<>();
    memberRows.forEach(r -> {
      ever.add(r.getUUID("user_id"));
      rowOf.put(r.getUUID("user_id"), r);
    });
    Map<UUID, List<Period>> periods = MembershipPeriods.of(ever, changes, createdAt);
    List<Window> windows = new ArrayList<>();
    if (ExportRequest.CHAT.equals(export.scope())) {
      if (lastSeq > 0) {
        windows.add(new Window(chatId, 1, lastSeq));
      }
    } else {
      for (Period p : periods.getOrDefault(export.targetId(), List.of())) {
        long last = p.lastSeq(lastSeq);
        if (last >= p.fromSeq()) {
          windows.add(new Window(chatId, p.fromSeq(), last));
        }
      }
    }
    JsonArray members = new JsonArray();
    periods.forEach((user, own) -> {
      Row row = rowOf.get(user);
      JsonArray list = new JsonArray();
      own.forEach(p -> list.add(p.toJson()));
      members.add(new JsonObject().put("userId", user.toString())
          .put("role", row == null ? "member" : row.getString("role"))
          .put("current", row != null && row.getValue("removed_seq") == null)
          .put("periods", list));
    });
    JsonArray exported = new JsonArray();
    windows.forEach(w -> exported.add(w.toJson()));
    JsonObject json = new JsonObject().put("id", chatId.toString()).put("type", chat.getString("type"));
    if (chat.getString("name") != null) {
      json.put("name", chat.getString("name"));
    }
    json.put("createdAt", chatpro.common.time.Times.format(createdAt)).put("lastSeq", lastSeq)
        .put("members", members).put("exportedSeqs", exported);
    return new ChatPart(json, windows);
  }
}
