package chatpro.messaging.log;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The per-chat event log: the only class that writes or reads event bodies (message content).
 *
 * <p>Writers lock the chats they append to ({@link #lock}), then {@link #append} numbers the events after each chat's
 * last seq, stores them with their outbox records and moves the chats' last seq, all in the caller's transaction.
 * Because the chat row stays locked until commit, seqs are gap-free and commit in order.
 */
public final class EventLog {
  static final String LOCK = "SELECT id, last_seq FROM chats WHERE id = ANY($1) ORDER BY id FOR UPDATE";
  static final String INSERT_EVENTS = "INSERT INTO events (chat_id, seq, org_id, type, at, actor_id, message_id, body,"
      + " media_id) SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::text[], $5::timestamptz[],"
      + " $6::uuid[], $7::uuid[], $8::jsonb[], $9::uuid[])";
  static final String INSERT_OUTBOX = "INSERT INTO outbox (record_key, record_id, payload)"
      + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[])";
  static final String MOVE_LAST_SEQ = "UPDATE chats c SET last_seq = v.last_seq, last_activity_at = v.at"
      + " FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS v(id, last_seq, at) WHERE c.id = v.id";
  static final String BY_MESSAGE = "SELECT chat_id, seq, org_id, type, at, actor_id, message_id, body FROM events"
      + " WHERE message_id = $1 AND type = 'message'";

  /** Sync: events above each given seq (or from joining) up to removal, for every chat the user is or was in. */
  static final String SYNC = "SELECT e.chat_id, e.seq, e.org_id, e.type, e.at, e.actor_id, e.message_id, e.body FROM members m"
      + " JOIN chats c ON c.id = m.chat_id"
      + " LEFT JOIN unnest($2::uuid[], $3::bigint[]) AS k(chat_id, after) ON k.chat_id = m.chat_id"
      + " CROSS JOIN LATERAL (SELECT * FROM events e WHERE e.chat_id = m.chat_id"
      + "   AND e.seq > greatest(coalesce(k.after, 0), m.joined_seq - 1)"
      + "   AND e.seq <= coalesce(m.removed_seq, c.last_seq) ORDER BY e.seq LIMIT $4) e"
      + " WHERE m.user_id = $1 AND coalesce(m.removed_seq, c.last_seq) > greatest(coalesce(k.after, 0), m.joined_seq - 1)"
      + " ORDER BY e.chat_id, e.seq LIMIT $4";
  static final String PAGE = "SELECT e.chat_id, e.seq, e.org_id, e.type, e.at, e.actor_id, e.message_id, e.body FROM members m"
      + " JOIN events e ON e.chat_id = m.chat_id"
      + " WHERE m.chat_id = $1 AND m.user_id = $2 AND e.seq > greatest($3, m.joined_seq - 1)"
      + " AND e.seq <= coalesce(m.removed_seq, 9223372036854775807) ORDER BY e.seq LIMIT $4";
  /**
   * History backwards: the last events below a seq that the member may see, newest first. The inner query reads the
   * primary key (chat_id, seq) backwards and stops at the limit, so a page costs the same deep in a long chat.
   */
  public static final String PAGE_BEFORE = "SELECT e.chat_id, e.seq, e.org_id, e.type, e.at, e.actor_id, e.message_id,"
      + " e.body FROM members m CROSS JOIN LATERAL (SELECT * FROM events e WHERE e.chat_id = m.chat_id"
      + "   AND e.seq >= m.joined_seq AND e.seq < $3 AND e.seq <= coalesce(m.removed_seq, $3)"
      + "   ORDER BY e.seq DESC LIMIT $4) e"
      + " WHERE m.chat_id = $1 AND m.user_id = $2";
  /** Edits keep the message's own event current too, so history and chat lists show the latest text. */
  static final String EDIT = "UPDATE events SET body = body || jsonb_build_object('text', $3::text, 'editedAt', $4::text)"
      + " WHERE chat_id = $1 AND seq = $2";
  /** Deletion removes the content from the message and from its earlier edits; the facts that it existed stay. */
  static final String ERASE = "UPDATE events SET body = (body - 'text' - 'media' - 'mentions' - 'replyTo' - 'forwardOf')"
      + " || jsonb_build_object('deleted', true), media_id = NULL WHERE chat_id = $1 AND (seq = $2"
      + " OR (type = 'message.edited' AND body->>'messageId' = $3))";

  /**
   * Exports: one chat's events in a seq window, stored within a time range (null ends are open), in seq order.
   * Reads the primary key forwards from {@code after}, so a page costs the same deep in a long chat.
   */
  static final String WINDOW = "SELECT chat_id, seq, org_id, type, at, actor_id, message_id, body FROM events"
      + " WHERE chat_id = $1 AND seq > $2 AND seq <= $3"
      + " AND at >= coalesce($4::timestamptz, '-infinity') AND at <= coalesce($5::timestamptz, 'infinity')"
      + " ORDER BY seq LIMIT $6";
  /** Exports: how many events a window holds and how many media bytes its messages carry (for progress). */
  static final String MEASURE = "SELECT count(*) AS events,"
      + " coalesce(sum((body->'media'->>'size')::bigint) FILTER (WHERE media_id IS NOT NULL), 0) AS media_bytes"
      + " FROM events WHERE chat_id = $1 AND seq >= $2 AND seq <= $3"
      + " AND at >= coalesce($4::timestamptz, '-infinity') AND at <= coalesce($5::timestamptz, 'infinity')";
  /** Every join and leave of a chat, in order: the membership periods (a member row keeps only the latest). */
  static final String MEMBERSHIP = "SELECT seq, at, type, body->>'userId' AS user_id FROM events"
      + " WHERE chat_id = $1 AND type IN ('member.added', 'member.removed') ORDER BY seq";

  private final Pool pool;

  public EventLog(Pool pool) {
    this.pool = pool;
  }

  /** Locks the chats for this transaction; answers each chat's last seq (missing chats are absent). */
  public Future<Map<UUID, Long>> lock(SqlConnection conn, Collection<UUID> chatIds) {
    return conn.preparedQuery(LOCK).execute(Tuple.of(chatIds.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, Long> last = new HashMap<>();
      rows.forEach(r -> last.put(r.getUUID("id"), r.getLong("last_seq")));
      return last;
    });
  }

  /**
   * Numbers the events after the locked last seqs (in list order per chat), stores them and their outbox records,
   * and answers them with their seqs. {@code lastSeqs} is updated to the new last seqs.
   */
  public Future<List<Event>> append(SqlConnection conn, Map<UUID, Long> lastSeqs, List<Event> drafts) {
    if (drafts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Event> events = new ArrayList<>(drafts.size());
    Map<UUID, OffsetDateTime> touched = new LinkedHashMap<>();
    for (Event draft : drafts) {
      long seq = lastSeqs.merge(draft.chatId(), 1L, Long::sum);
      events.add(draft.at(seq));
      touched.put(draft.chatId(), OffsetDateTime.ofInstant(draft.at(), ZoneOffset.UTC));
    }
    int n = events.size();
    UUID[] chat = new UUID[n];
    Long[] seq = new Long[n];
    UUID[] org = new UUID[n];
    String[] type = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    UUID[] actor = new UUID[n];
    UUID[] message = new UUID[n];
    JsonObject[] body = new JsonObject[n];
    UUID[] media = new UUID[n];
    String[] key = new String[n];
    String[] recordId = new String[n];
    String[] payload = new String[n];
    for (int i = 0; i < n; i++) {
      Event e = events.get(i);
      chat[i] = e.chatId();
      seq[i] = e.seq();
      org[i] = e.orgId();
      type[i] = e.type();
      at[i] = OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC);
      actor[i] = e.actorId();
      message[i] = e.messageId();
      body[i] = e.fields();
      JsonObject carried = body[i].getJsonObject("media");
      media[i] = carried == null ? null : UUID.fromString(carried.getString("id"));
      key[i] = e.chatId().toString();
      recordId[i] = e.recordId();
      payload[i] = e.cloudEvent().toJson().encode();
    }
    UUID[] chats = touched.keySet().toArray(UUID[]::new);
    Long[] lasts = touched.keySet().stream().map(lastSeqs::get).toArray(Long[]::new);
    OffsetDateTime[] ats = touched.values().toArray(OffsetDateTime[]::new);
    return conn.preparedQuery(INSERT_EVENTS)
        .execute(Tuple.tuple().addValue(chat).addValue(seq).addValue(org).addValue(type).addValue(at).addValue(actor)
            .addValue(message).addValue(body).addValue(media))
        .compose(v -> conn.preparedQuery(INSERT_OUTBOX).execute(Tuple.of(key, recordId, payload)))
        .compose(v -> conn.preparedQuery(MOVE_LAST_SEQ).execute(Tuple.of(chats, lasts, ats)))
        .map(v -> events);
  }

  /** The message event that created a message, if any. */
  public Future<Event> message(SqlClient client, UUID messageId) {
    return client.preparedQuery(BY_MESSAGE).execute(Tuple.of(messageId))
        .map(rows -> rows.size() == 0 ? null : Event.from(rows.iterator().next()));
  }

  /** Puts the edited text into the message's own event. */
  public Future<Void> edit(SqlClient client, Event message, String text, java.time.Instant at) {
    return client.preparedQuery(EDIT)
        .execute(Tuple.of(message.chatId(), message.seq(), text, chatpro.common.time.Times.format(at))).mapEmpty();
  }

  /** Removes a message's content for everyone. */
  public Future<Void> eraseContent(SqlClient client, Event message) {
    return client.preparedQuery(ERASE)
        .execute(Tuple.of(message.chatId(), message.seq(), message.messageId().toString())).mapEmpty();
  }

  /** Sync for one user: per chat, events after the given seq (or from joining) up to removal; chat then seq order. */
  public Future<List<Event>> sync(SqlClient client, UUID userId, UUID[] chats, Long[] afters, int limit) {
    return client.preparedQuery(SYNC).execute(Tuple.of(userId, chats, afters, limit))
        .map(rows -> rows.stream().map(Event::from).toList());
  }

  /** A page of one chat's history as a member sees it. */
  public Future<List<Event>> page(SqlClient client, UUID chatId, UUID userId, long after, int limit) {
    return client.preparedQuery(PAGE).execute(Tuple.of(chatId, userId, after, limit))
        .map(rows -> rows.stream().map(Event::from).toList());
  }

  /** The last events below {@code before} that the member may see, in seq order. */
  public Future<List<Event>> pageBefore(SqlClient client, UUID chatId, UUID userId, long before, int limit) {
    return client.preparedQuery(PAGE_BEFORE).execute(Tuple.of(chatId, userId, before, limit))
        .map(rows -> {
          List<Event> events = new ArrayList<>(rows.size());
          rows.forEach(r -> events.add(Event.from(r)));
          Collections.reverse(events);
          return events;
        });
  }

  /** An export's page: events of one chat with {@code after < seq <= to}, stored within [from, to] (nulls open). */
  public Future<List<Event>> window(SqlClient client, UUID chatId, long after, long toSeq, OffsetDateTime from,
      OffsetDateTime to, int limit) {
    return client.preparedQuery(WINDOW).execute(Tuple.of(chatId, after, toSeq, from, to, limit))
        .map(rows -> {
          List<Event> events = new ArrayList<>(rows.size());
          rows.forEach(r -> events.add(Event.from(r)));
          return events;
        });
  }

  /** How many events of a chat lie in {@code fromSeq..toSeq} and [from, to], and the media bytes they carry. */
  public Future<long[]> measure(SqlClient client, UUID chatId, long fromSeq, long toSeq, OffsetDateTime from,
      OffsetDateTime to) {
    return client.preparedQuery(MEASURE).execute(Tuple.of(chatId, fromSeq, toSeq, from, to))
        .map(rows -> {
          io.vertx.sqlclient.Row row = rows.iterator().next();
          return new long[] {row.getLong("events"), row.getLong("media_bytes")};
        });
  }

  /** One join or leave of a chat: who, at which seq, when. */
  public record MembershipChange(long seq, java.time.Instant at, boolean added, UUID userId) {}

  /** Every join and leave of a chat, in seq order. */
  public Future<List<MembershipChange>> membership(SqlClient client, UUID chatId) {
    return client.preparedQuery(MEMBERSHIP).execute(Tuple.of(chatId))
        .map(rows -> {
          List<MembershipChange> changes = new ArrayList<>(rows.size());
          rows.forEach(r -> changes.add(new MembershipChange(r.getLong("seq"), r.getOffsetDateTime("at").toInstant(),
              Event.MEMBER_ADDED.equals(r.getString("type")), UUID.fromString(r.getString("user_id")))));
          return changes;
        });
  }
}
