package chatpro.messaging.compliance.audit;

import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A read of one org's chain: {@code after} and {@code before} (seqs), {@code limit} (1–1,000, default 100), and the
 * admin screen's filters {@code action}, {@code actorId}, {@code targetId}, {@code from} and {@code to} (times,
 * from inclusive, to exclusive). With {@code before} and no {@code after} it answers the last {@code limit}
 * entries below it (paging back from the newest); always in seq order.
 */
public record AuditQuery(UUID orgId, Long after, Long before, int limit, String action, UUID actorId,
                         String targetId, Instant from, Instant to) {
  public static final int MAX = 1000;
  static final int DEFAULT = 100;

  /** Reads and checks the request's fields; a bad one is a 400. */
  public static AuditQuery from(UUID orgId, JsonObject request) {
    Long after = request.getValue("after") == null ? null : Fields.number(request, "after", 0, Long.MAX_VALUE);
    Long before = request.getValue("before") == null ? null : Fields.number(request, "before", 1, Long.MAX_VALUE);
    int limit = request.getValue("limit") == null ? DEFAULT : (int) Fields.number(request, "limit", 1, MAX);
    String action = Fields.optionalString(request, "action", 1, 100);
    UUID actor = id(request, "actorId");
    String target = Fields.optionalString(request, "targetId", 1, 200);
    return new AuditQuery(orgId, after, before, limit, action, actor, target, time(request, "from"),
        time(request, "to"));
  }

  private static UUID id(JsonObject request, String field) {
    String value = request.getString(field);
    if (value == null) {
      return null;
    }
    if (!Fields.isId(value)) {
      throw ChatproException.badRequest(field + " must be a user id");
    }
    return UUID.fromString(value);
  }

  private static Instant time(JsonObject request, String field) {
    String value = request.getString(field);
    if (value == null) {
      return null;
    }
    return chatpro.common.time.Times.parse(value).orElseThrow(() ->
        ChatproException.badRequest(field + " must be a time like 2026-11-24T08:00:00Z"));
  }

  /** Paging back: the newest {@code limit} below {@code before}, read in reverse and then put in seq order. */
  boolean backwards() {
    return before != null && after == null;
  }

  String sql(String columns) {
    List<String> where = new ArrayList<>();
    int n = 1;
    where.add("org_id = $" + n++);
    if (after != null) {
      where.add("seq > $" + n++);
    }
    if (before != null) {
      where.add("seq < $" + n++);
    }
    if (action != null) {
      where.add("action = $" + n++);
    }
    if (actorId != null) {
      where.add("actor_id = $" + n++);
    }
    if (targetId != null) {
      where.add("target_id = $" + n++);
    }
    if (from != null) {
      where.add("at >= $" + n++);
    }
    if (to != null) {
      where.add("at < $" + n++);
    }
    String select = "SELECT " + columns + " FROM audit.entries WHERE " + String.join(" AND ", where)
        + " ORDER BY seq " + (backwards() ? "DESC" : "ASC") + " LIMIT $" + n;
    return backwards() ? "SELECT * FROM (" + select + ") AS page ORDER BY seq" : select;
  }

  Tuple args() {
    Tuple t = Tuple.tuple().addValue(orgId);
    if (after != null) {
      t.addValue(after);
    }
    if (before != null) {
      t.addValue(before);
    }
    if (action != null) {
      t.addValue(action);
    }
    if (actorId != null) {
      t.addValue(actorId);
    }
    if (targetId != null) {
      t.addValue(targetId);
    }
    if (from != null) {
      t.addValue(from.atOffset(ZoneOffset.UTC));
    }
    if (to != null) {
      t.addValue(to.atOffset(ZoneOffset.UTC));
    }
    return t.addValue(limit);
  }
}
