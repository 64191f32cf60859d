package chatpro.messaging.log;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
      + " media_id, target_id) SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::text[],"
      + " $5::timestamptz[], $6::uuid[], $7::uuid[], $8::jsonb[], $9::uuid[], $10::uuid[])";
  static final String INSERT_OUTBOX = "INSERT INTO outbox (record_key, record_id, payload)"
      + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[])";
  static final String MOVE_LAST_SEQ = "UPDATE chats c SET last_seq = v.last_seq, last_activity_at = v.at"
      + " FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS v(id, last_seq, at) WHERE c.id = v.id";
  /** A batch of sends in one statement: see {@code db/messaging/V11__send_batch.sql}. */
  static final String SEND_BATCH = "SELECT ord, seq, members FROM send_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  static final String BY_MESSAGE = "SELECT chat_id, seq, org_id, type, at, actor_id, message_id, body FROM events"
      + " WHERE message_id = $1 AND type = 'message'";
  /** The same, row-locked: a change to a message and the retention sweep never cross (the sweep skips it). */
  static final String BY_MESSAGE_FOR_CHANGE = BY_MESSAGE + " FOR UPDATE";

  /** Sync: events above each given seq (or from joining) up to removal, for every chat the user is or was in. */
  static final String SYNC = "SELECT e.chat_id, e.seq, e.org_id, e.type, e.at, e.actor_id, e.message_id,"
      + " e.body::text AS body_text, e.version FROM members m"
      + " JOIN chats c ON c.id = m.chat_id"
      + " LEFT JOIN unnest($2::uuid[], $3::bigint[]) AS k(chat_id, after) ON k.chat_id = m.chat_id"
      + " CROSS JOIN LATERAL (SELECT e.*, e.xmin::text::bigint AS version FROM events e WHERE e.chat_id = m.chat_id"
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
  static final String EDIT = "UPDATE events SET body = (body - 'text') || jsonb_build_object('sealed', $3::jsonb,"
      + " 'editedAt', $4::text)"
      + " WHERE chat_id = $1 AND seq = $2 AND expired_at IS NULL";
  /** Deletion removes the content from the message and from its earlier edits; the facts that it existed stay. */
  static final String ERASE = "UPDATE events SET body = (body - 'text' - 'sealed' - 'media' - 'mentions' - 'replyTo'"
      + " - 'forwardOf')"
      + " || jsonb_build_object('deleted', true), media_id = NULL WHERE chat_id = $1 AND (seq = $2"
      + " OR (type = 'message.edited' AND target_id = $3))";
  /**
   * The send record's hash is over the content: it goes with it, or it would confirm a guessed text. By sender (the
   * key's first column), so no index on message_id is paid on every send for this rare change.
   */
  static final String FORGET_SEND_HASH = "UPDATE sends SET request_hash = NULL WHERE sender_id = $1"
      + " AND message_id = $2";
  /**
   * A legal hold keeps what members stop seeing: the message's body (and with {@code $3}, its edits' bodies) as they
   * are before this change, unless an earlier change while held kept them already (the first version kept wins).
   */
  static final String KEEP_ORIGINALS = "INSERT INTO held_originals (chat_id, seq, org_id, sender_id, message_id, type,"
      + " at, body, media_id, kept_at) SELECT e.chat_id, e.seq, e.org_id, $4, $2, e.type, e.at, e.body, e.media_id, $5"
      + " FROM events e WHERE e.chat_id = $1 AND (e.message_id = $2 AND e.type = 'message'"
      + " OR ($3 AND e.target_id = $2 AND e.type = 'message.edited')) ON CONFLICT (chat_id, seq) DO NOTHING";
  static final String ORIGINALS = "SELECT o.chat_id, o.seq, o.org_id, o.body FROM held_originals o"
      + " JOIN unnest($1::uuid[], $2::bigint[]) AS k(chat_id, seq) ON o.chat_id = k.chat_id AND o.seq = k.seq";
  /**
   * Retention, one batch: the org's oldest messages sent before the cutoff that still have content, after the key
   * ({@code at, chat_id, seq}) and not covered by an active hold, lose their content; so do their reactions and edits;
   * their media go to {@code media_releases}. Rows a change holds are skipped (the next sweep takes them), so a live
   * edit or deletion never waits for the sweep and the sweep never waits for anyone. Answers the counts and the last
   * key taken.
   */
  public static final String EXPIRE = "WITH batch AS (SELECT e.chat_id, e.seq, e.message_id, e.media_id, e.at"
      + "   FROM events e"
      + "   WHERE e.org_id = $1 AND e.type = 'message' AND e.expired_at IS NULL AND e.at < $2"
      + "   AND (e.at, e.chat_id, e.seq) > ($3, $4, $5)"
      + "   AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.org_id = $1 AND h.lifted_at IS NULL"
      + "     AND (h.scope = 'user' AND h.target_id = e.actor_id OR h.scope = 'chat' AND h.target_id = e.chat_id))"
      + "   ORDER BY e.at, e.chat_id, e.seq LIMIT $6 FOR UPDATE OF e SKIP LOCKED),"
      + " expired AS (UPDATE events e SET body = (e.body - 'text' - 'sealed' - 'media' - 'mentions' - 'replyTo'"
      + "   - 'forwardOf')"
      + "   || '{\"expired\":true}'::jsonb, media_id = NULL, expired_at = $7"
      + "   FROM batch b WHERE e.chat_id = b.chat_id AND e.seq = b.seq"
      + "   RETURNING b.chat_id, b.seq, b.message_id, b.media_id, b.at),"
      + " about AS (UPDATE events e SET body = (e.body - 'text' - 'sealed' - 'emoji') || '{\"expired\":true}'::jsonb,"
      + "   expired_at = $7 FROM expired x WHERE e.target_id = x.message_id AND e.chat_id = x.chat_id"
      + "   AND e.type IN ('reaction', 'message.edited') AND e.expired_at IS NULL RETURNING e.type),"
      + " released AS (INSERT INTO media_releases (message_id, media_id, org_id)"
      + "   SELECT message_id, media_id, $1 FROM expired WHERE media_id IS NOT NULL ON CONFLICT DO NOTHING),"
      + " last AS (SELECT at, chat_id, seq FROM expired ORDER BY at DESC, chat_id DESC, seq DESC LIMIT 1)"
      + " SELECT (SELECT count(*) FROM expired) AS messages,"
      + "   (SELECT count(*) FROM about WHERE type = 'reaction') AS reactions,"
      + "   (SELECT count(*) FROM about WHERE type = 'message.edited') AS edits,"
      + "   (SELECT count(*) FROM expired WHERE media_id IS NOT NULL) AS media,"
      + "   (SELECT at FROM last) AS last_at, (SELECT chat_id FROM last) AS last_chat,"
      + "   (SELECT seq FROM last) AS last_seq";


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
  private final TextSeal seal;
  private final WireEvents wire = new WireEvents();

  public EventLog(Pool pool, TextSeal seal) {
    this.pool = pool;
    this.seal = seal;
    seal.keys().onEviction(wire::forgetAll);
  }

  /** How text is sealed and opened, for the readers of bodies outside this class (chat lists, the relay). */
  public TextSeal seal() {
    return seal;
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
   * Numbers the events after the locked last seqs (in list order per chat), stores them and their outbox records
   * with their text sealed, and answers them with their seqs and their text. {@code lastSeqs} is updated to the new
   * last seqs.
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
    return seal.sealAll(events).compose(sealed -> store(conn, lastSeqs, touched, sealed)).map(v -> events);
  }

  /** A message to store: its draft event (seq 0, text in the clear), its sender's clientId and request hash. */
  public record NewMessage(Event draft, String clientId, byte[] hash) {}

  /**
   * A stored message: which of the batch it was ({@code index}), its event with its seq and text, and, for the first
   * stored message of each chat in the batch, the chat's current members (null for the others).
   */
  public record StoredMessage(int index, Event event, List<String> members) {}

  /**
   * Stores a batch of new messages in one statement (its own transaction, one round trip): the chats are locked, a
   * message whose sender is no current member of its chat, or whose clientId the sender used before, is left out,
   * the others are numbered after their chat's last seq in list order and stored with their outbox records. The
   * drafts share one instant (the batch's). Their text is sealed before the statement, so fetching a sender's key
   * never holds a chat's lock. Answers the stored ones in list order.
   */
  public Future<List<StoredMessage>> storeMessages(SqlClient client, List<NewMessage> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Event> drafts = messages.stream().map(NewMessage::draft).toList();
    return seal.sealAll(drafts)
        .compose(sealed -> client.preparedQuery(SEND_BATCH).execute(sendBatchArgs(messages, sealed)))
        .map(rows -> {
          List<StoredMessage> stored = new ArrayList<>(rows.size());
          rows.forEach(r -> {
            int index = r.getInteger("ord") - 1;
            UUID[] members = r.getArrayOfUUIDs("members");
            stored.add(new StoredMessage(index, drafts.get(index).at(r.getLong("seq")),
                members == null ? null : java.util.Arrays.stream(members).map(UUID::toString).toList()));
          });
          return stored;
        });
  }

  private static Tuple sendBatchArgs(List<NewMessage> messages, List<Event> sealed) {
    int n = messages.size();
    UUID[] chat = new UUID[n];
    UUID[] sender = new UUID[n];
    String[] clientId = new String[n];
    io.vertx.core.buffer.Buffer[] hash = new io.vertx.core.buffer.Buffer[n];
    UUID[] message = new UUID[n];
    UUID[] org = new UUID[n];
    JsonObject[] body = new JsonObject[n];
    UUID[] media = new UUID[n];
    for (int i = 0; i < n; i++) {
      Event e = sealed.get(i);
      chat[i] = e.chatId();
      sender[i] = e.actorId();
      clientId[i] = messages.get(i).clientId();
      hash[i] = io.vertx.core.buffer.Buffer.buffer(messages.get(i).hash());
      message[i] = e.messageId();
      org[i] = e.orgId();
      body[i] = e.fields();
      String mediaId = e.mediaId();
      media[i] = mediaId == null ? null : UUID.fromString(mediaId);
    }
    java.time.Instant at = sealed.get(0).at();
    if (sealed.stream().anyMatch(e -> !e.at().equals(at))) {
      throw new IllegalArgumentException("the messages of a batch are drafted at one instant");
    }
    return Tuple.tuple().addValue(chat).addValue(sender).addValue(clientId).addValue(hash).addValue(message)
        .addValue(org).addValue(body).addValue(media).addValue(OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .addValue(chatpro.common.time.Times.format(at));
  }

  private Future<Void> store(SqlConnection conn, Map<UUID, Long> lastSeqs, Map<UUID, OffsetDateTime> touched,
      List<Event> events) {
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
    UUID[] target = new UUID[n];
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
      target[i] = Event.ABOUT_A_MESSAGE.contains(e.type()) ? UUID.fromString(body[i].getString("messageId")) : null;
      key[i] = e.chatId().toString();
      recordId[i] = e.recordId();
      payload[i] = e.cloudEvent().toJson().encode();
    }
    UUID[] chats = touched.keySet().toArray(UUID[]::new);
    Long[] lasts = touched.keySet().stream().map(lastSeqs::get).toArray(Long[]::new);
    OffsetDateTime[] ats = touched.values().toArray(OffsetDateTime[]::new);
    return conn.preparedQuery(INSERT_EVENTS)
        .execute(Tuple.tuple().addValue(chat).addValue(seq).addValue(org).addValue(type).addValue(at).addValue(actor)
            .addValue(message).addValue(body).addValue(media).addValue(target))
        .compose(v -> conn.preparedQuery(INSERT_OUTBOX).execute(Tuple.of(key, recordId, payload)))
        .compose(v -> conn.preparedQuery(MOVE_LAST_SEQ).execute(Tuple.of(chats, lasts, ats)))
        .mapEmpty();
  }

  /** The message event that created a message, if any. */
  public Future<Event> message(SqlClient client, UUID messageId) {
    return client.preparedQuery(BY_MESSAGE).execute(Tuple.of(messageId))
        .map(rows -> rows.size() == 0 ? null : Event.from(rows.iterator().next()))
        .compose(this::opened);
  }

  /** The message event, locked until the caller's transaction ends (changes to a message take it this way). */
  public Future<Event> messageForChange(SqlClient client, UUID messageId) {
    return client.preparedQuery(BY_MESSAGE_FOR_CHANGE).execute(Tuple.of(messageId))
        .map(rows -> rows.size() == 0 ? null : Event.from(rows.iterator().next()))
        .compose(this::opened);
  }

  /**
   * Keeps the message's current content (and with {@code withEdits} its edits' texts) for a legal hold, before a
   * change hides it from members.
   */
  public Future<Void> keepOriginals(SqlClient client, Event message, boolean withEdits, java.time.Instant now) {
    return client.preparedQuery(KEEP_ORIGINALS).execute(Tuple.of(message.chatId(), message.messageId(), withEdits,
        message.actorId(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC))).mapEmpty();
  }

  /**
   * The originals a legal hold kept for these events (for exports; members never see them), by
   * {@link Event#recordId()}; events without one are absent.
   */
  public Future<Map<String, JsonObject>> originals(SqlClient client, List<Event> events) {
    UUID[] chats = events.stream().map(Event::chatId).toArray(UUID[]::new);
    Long[] seqs = events.stream().map(Event::seq).toArray(Long[]::new);
    return client.preparedQuery(ORIGINALS).execute(Tuple.tuple().addValue(chats).addValue(seqs)).compose(rows -> {
      List<String> ids = new ArrayList<>();
      List<Future<JsonObject>> bodies = new ArrayList<>();
      rows.forEach(r -> {
        ids.add(r.getUUID("chat_id") + ":" + r.getLong("seq"));
        bodies.add(seal.openBody(r.getUUID("org_id"), r.getUUID("chat_id"), r.getJsonObject("body")));
      });
      return Future.all(bodies).map(all -> {
        Map<String, JsonObject> kept = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
          kept.put(ids.get(i), all.resultAt(i));
        }
        return kept;
      });
    });
  }

  private Future<Event> opened(Event event) {
    return event == null ? Future.succeededFuture() : seal.open(event);
  }

  /** What one retention batch took, and where the next one starts. */
  public record Expired(long messages, long reactions, long edits, long media, ExpiryKey last) {}

  /** A position in an org's messages by time: {@code (at, chatId, seq)}. */
  public record ExpiryKey(OffsetDateTime at, UUID chatId, long seq) {
    public static final ExpiryKey START = new ExpiryKey(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
        new UUID(0, 0), 0);
  }

  /** One retention batch for an org: see {@link #EXPIRE}. {@code last} is null when nothing was left to take. */
  public Future<Expired> expire(SqlClient client, UUID orgId, java.time.Instant cutoff, ExpiryKey after, int limit,
      java.time.Instant now) {
    Tuple args = Tuple.tuple().addValue(orgId).addValue(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
        .addValue(after.at()).addValue(after.chatId()).addValue(after.seq()).addValue(limit)
        .addValue(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    return client.preparedQuery(EXPIRE).execute(args).map(rows -> {
      io.vertx.sqlclient.Row r = rows.iterator().next();
      ExpiryKey last = r.getUUID("last_chat") == null ? null
          : new ExpiryKey(r.getOffsetDateTime("last_at"), r.getUUID("last_chat"), r.getLong("last_seq"));
      return new Expired(r.getLong("messages"), r.getLong("reactions"), r.getLong("edits"), r.getLong("media"), last);
    });
  }

  /** Erasure, one batch: what a person wrote, edited or reacted loses its content and reads "erased". */
  static final String ERASE_AUTHOR = "WITH batch AS (SELECT chat_id, seq FROM events WHERE actor_id = $2"
      + "   AND org_id = $1 AND type IN ('message', 'message.edited', 'reaction')"
      + "   AND NOT coalesce((body->>'erased')::boolean, false) LIMIT $3 FOR UPDATE)"
      + " UPDATE events e SET body = (e.body - 'text' - 'sealed' - 'media' - 'mentions' - 'replyTo' - 'forwardOf'"
      + "   - 'emoji') || '{\"erased\":true}'::jsonb, media_id = NULL"
      + " FROM batch b WHERE e.chat_id = b.chat_id AND e.seq = b.seq";
  static final String FORGET_SENDS = "DELETE FROM sends WHERE sender_id = $1";

  /**
   * Takes the content out of everything a person wrote (erasure), in batches of {@code batch}; their key is already
   * destroyed, so this is for what is shown now, and for rows that were never sealed. Answers how many events.
   */
  public Future<Long> eraseAuthor(UUID orgId, UUID userId, int batch) {
    return pool.preparedQuery(ERASE_AUTHOR).execute(Tuple.of(orgId, userId, batch))
        .compose(rows -> rows.rowCount() == 0
            ? pool.preparedQuery(FORGET_SENDS).execute(Tuple.of(userId)).map(0L)
            : eraseAuthor(orgId, userId, batch).map(more -> more + rows.rowCount()));
  }

  /** Puts the edited text, sealed with the author's key, into the message's own event. */
  public Future<Void> edit(SqlClient client, Event message, String text, java.time.Instant at) {
    return seal.sealText(message.orgId(), message.chatId(), message.messageId(), message.actorId(), text)
        .compose(sealed -> client.preparedQuery(EDIT).execute(Tuple.of(message.chatId(), message.seq(), sealed,
            chatpro.common.time.Times.format(at))))
        .mapEmpty();
  }

  /** Removes a message's content for everyone. */
  public Future<Void> eraseContent(SqlClient client, Event message) {
    return client.preparedQuery(ERASE)
        .execute(Tuple.of(message.chatId(), message.seq(), message.messageId()))
        .compose(v -> client.preparedQuery(FORGET_SEND_HASH).execute(Tuple.of(message.actorId(), message.messageId())))
        .mapEmpty();
  }

  /**
   * Sync for one user: per chat, events after the given seq (or from joining) up to removal; chat then seq order; each
   * as the wire shows it, from {@link WireEvents} when another device read the same version of it shortly before.
   */
  public Future<List<WireEvent>> sync(SqlClient client, UUID userId, UUID[] chats, Long[] afters, int limit) {
    long epoch = wire.epoch();
    return client.preparedQuery(SYNC).execute(Tuple.of(userId, chats, afters, limit))
        .compose(rows -> wireEvents(rows, epoch));
  }

  /** One event of a sync answer: its chat and seq, and its wire JSON (text opened). */
  public record WireEvent(UUID chatId, long seq, String json) {}

  private Future<List<WireEvent>> wireEvents(RowSet<Row> rows, long epoch) {
    long now = System.currentTimeMillis();
    WireEvent[] found = new WireEvent[rows.size()];
    List<Future<Void>> opening = new ArrayList<>();
    int i = 0;
    for (Row row : rows) {
      int at = i++;
      WireEvents.Key key = new WireEvents.Key(row.getUUID("chat_id"), row.getLong("seq"), row.getLong("version"));
      String json = wire.get(key, now);
      if (json != null) {
        found[at] = new WireEvent(key.chatId(), key.seq(), json);
        continue;
      }
      opening.add(seal.open(Event.from(row, new JsonObject(row.getString("body_text"))))
          .map(event -> {
            String encoded = event.toJson().encode();
            wire.put(key, encoded, epoch, now);
            found[at] = new WireEvent(key.chatId(), key.seq(), encoded);
            return null;
          }));
    }
    return Future.all(opening).map(v -> java.util.Arrays.asList(found));
  }

  /** A page of one chat's history as a member sees it. */
  public Future<List<Event>> page(SqlClient client, UUID chatId, UUID userId, long after, int limit) {
    return client.preparedQuery(PAGE).execute(Tuple.of(chatId, userId, after, limit))
        .map(rows -> rows.stream().map(Event::from).toList())
        .compose(seal::openAll);
  }

  /** The last events below {@code before} that the member may see, in seq order. */
  public Future<List<Event>> pageBefore(SqlClient client, UUID chatId, UUID userId, long before, int limit) {
    return client.preparedQuery(PAGE_BEFORE).execute(Tuple.of(chatId, userId, before, limit))
        .map(rows -> {
          List<Event> events = new ArrayList<>(rows.size());
          rows.forEach(r -> events.add(Event.from(r)));
          Collections.reverse(events);
          return events;
        })
        .compose(seal::openAll);
  }

  /** An export's page: events of one chat with {@code after < seq <= to}, stored within [from, to] (nulls open). */
  public Future<List<Event>> window(SqlClient client, UUID chatId, long after, long toSeq, OffsetDateTime from,
      OffsetDateTime to, int limit) {
    return client.preparedQuery(WINDOW).execute(Tuple.of(chatId, after, toSeq, from, to, limit))
        .map(rows -> {
          List<Event> events = new ArrayList<>(rows.size());
          rows.forEach(r -> events.add(Event.from(r)));
          return events;
        })
        .compose(seal::openAll);
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
