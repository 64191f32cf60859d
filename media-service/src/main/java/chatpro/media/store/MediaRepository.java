package chatpro.media.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code media} schema: one place for its SQL. */
public final class MediaRepository {
  static final String INSERT = "INSERT INTO objects (id, org_id, uploader_id, kind, mime, size, width, height,"
      + " duration_ms, waveform, object_key, thumbnail_key, object_keyset, thumbnail_keyset)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
  static final String GET = "SELECT * FROM objects WHERE id = $1 AND org_id = $2";
  static final String CLAIM = "UPDATE objects SET claimed_at = now() WHERE id = $1 AND org_id = $2 RETURNING *";
  static final String ADD_REF = "INSERT INTO refs (message_id, media_id, org_id, chat_id) VALUES ($1, $2, $3, $4)"
      + " ON CONFLICT DO NOTHING";
  static final String DROP_REFS = "DELETE FROM refs WHERE message_id = $1 RETURNING media_id";
  static final String DROP_REF = "DELETE FROM refs WHERE message_id = $1 AND media_id = $2";
  /** Media no message carries, uploaded before the first instant and not named by a send since the second. */
  static final String UNREFERENCED = "SELECT * FROM objects o WHERE o.created_at < $1"
      + " AND (o.claimed_at IS NULL OR o.claimed_at < $2)"
      + " AND NOT EXISTS (SELECT 1 FROM refs r WHERE r.media_id = o.id) ORDER BY o.created_at LIMIT $3";
  static final String BY_ID = "SELECT * FROM objects WHERE id = $1";
  /** One batch of what a person uploaded (for their erasure). */
  static final String BY_UPLOADER = "SELECT * FROM objects WHERE org_id = $1 AND uploader_id = $2 LIMIT $3";
  static final String DELETE_REFS_OF = "DELETE FROM refs WHERE media_id = ANY($1)";
  static final String DELETE_ALL = "DELETE FROM objects WHERE id = ANY($1)";
  /** Unless a send named it within the grace period: its message may be committing right now. */
  static final String DELETE = "DELETE FROM objects WHERE id = $1 AND (claimed_at IS NULL OR claimed_at < $2)";

  private final Pool pool;

  /** Objects stored before media were encrypted (either variant), a page in id order. */
  static final String LEGACY = "SELECT * FROM objects WHERE id > $1 AND (object_keyset IS NULL"
      + " OR (thumbnail_key IS NOT NULL AND thumbnail_keyset IS NULL)) ORDER BY id LIMIT $2";
  static final String SEALED_ORIGINAL = "UPDATE objects SET object_key = $3, object_keyset = $4"
      + " WHERE id = $1 AND object_key = $2 AND object_keyset IS NULL";
  static final String SEALED_THUMBNAIL = "UPDATE objects SET thumbnail_key = $3, thumbnail_keyset = $4"
      + " WHERE id = $1 AND thumbnail_key = $2 AND thumbnail_keyset IS NULL";

  /** The bytes one person stored since an instant, and when the oldest of those uploads was. */
  static final String UPLOADED_SINCE = "SELECT coalesce(sum(size), 0) AS bytes, min(created_at) AS oldest FROM objects"
      + " WHERE org_id = $1 AND uploader_id = $2 AND created_at > $3";

  public MediaRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<MediaRecord> insert(MediaRecord m) {
    Short[] waveform = null;
    if (m.waveform() != null) {
      waveform = new Short[m.waveform().length];
      for (int i = 0; i < waveform.length; i++) {
        waveform[i] = (short) m.waveform()[i];
      }
    }
    Tuple args = Tuple.tuple().addValue(m.id()).addValue(m.orgId()).addValue(m.uploaderId()).addValue(m.kind())
        .addValue(m.mime()).addValue(m.size()).addValue(m.width()).addValue(m.height()).addValue(m.durationMs())
        .addValue(waveform).addValue(m.objectKey()).addValue(m.thumbnailKey()).addValue(m.objectKeyset())
        .addValue(m.thumbnailKeyset());
    return pool.preparedQuery(INSERT).execute(args).map(m);
  }

  /** The media of this org with this id, or null. */
  public Future<MediaRecord> get(UUID id, UUID orgId) {
    return pool.preparedQuery(GET).execute(Tuple.of(id, orgId)).map(MediaRepository::first);
  }

  /** The same, noting that a send names it now (so no sweep removes it while the message commits). */
  public Future<MediaRecord> claim(UUID id, UUID orgId) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(id, orgId)).map(MediaRepository::first);
  }

  public Future<Void> addRef(UUID messageId, UUID mediaId, UUID orgId, UUID chatId) {
    return pool.preparedQuery(ADD_REF).execute(Tuple.of(messageId, mediaId, orgId, chatId)).mapEmpty();
  }

  /** Forgets which media a deleted message carried; answers those media ids. */
  public Future<List<UUID>> dropRefs(UUID messageId) {
    return pool.preparedQuery(DROP_REFS).execute(Tuple.of(messageId)).map(rows -> {
      List<UUID> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getUUID("media_id")));
      return ids;
    });
  }

  /** Forgets that this message carries this media (it expired, or was an original no hold keeps any more). */
  public Future<Void> dropRef(UUID messageId, UUID mediaId) {
    return pool.preparedQuery(DROP_REF).execute(Tuple.of(messageId, mediaId)).mapEmpty();
  }

  public Future<List<MediaRecord>> unreferenced(Instant createdBefore, Instant claimedBefore, int limit) {
    return pool.preparedQuery(UNREFERENCED)
        .execute(Tuple.of(utc(createdBefore), utc(claimedBefore), limit))
        .map(MediaRepository::all);
  }

  /** The media with this id in any org (for the service's own housekeeping), or null. */
  public Future<MediaRecord> byId(UUID id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(MediaRepository::first);
  }

  /** Deletes the row unless a send named it after the instant; true when it was deleted. */
  public Future<Boolean> delete(UUID id, Instant claimedBefore) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id, utc(claimedBefore))).map(rows -> rows.rowCount() == 1);
  }

  /** At most {@code limit} media this person uploaded. */
  public Future<List<MediaRecord>> byUploader(UUID orgId, UUID uploaderId, int limit) {
    return pool.preparedQuery(BY_UPLOADER).execute(Tuple.of(orgId, uploaderId, limit)).map(MediaRepository::all);
  }

  /** Deletes these media and what says which messages carry them, whatever carries them; answers how many went. */
  public Future<Integer> deleteAll(List<UUID> ids) {
    UUID[] array = ids.toArray(UUID[]::new);
    return pool.withTransaction(conn -> conn.preparedQuery(DELETE_REFS_OF).execute(Tuple.of(array))
        .compose(v -> conn.preparedQuery(DELETE_ALL).execute(Tuple.of(array)))
        .map(RowSet::rowCount));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static List<MediaRecord> all(RowSet<Row> rows) {
    List<MediaRecord> list = new ArrayList<>();
    rows.forEach(r -> list.add(record(r)));
    return list;
  }

  private static MediaRecord first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : record(rows.iterator().next());
  }

  /** {@code [bytes, oldest epoch second or -1]} the person uploaded after {@code since}. */
  public Future<long[]> uploadedSince(UUID orgId, UUID uploaderId, Instant since) {
    return pool.preparedQuery(UPLOADED_SINCE).execute(Tuple.of(orgId, uploaderId, since.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          Row row = rows.iterator().next();
          OffsetDateTime oldest = row.getOffsetDateTime("oldest");
          return new long[] {row.getLong("bytes"), oldest == null ? -1 : oldest.toEpochSecond()};
        });
  }

  /** Objects stored before media were encrypted, in id order after {@code after}. */
  public Future<List<MediaRecord>> legacy(UUID after, int limit) {
    return pool.preparedQuery(LEGACY).execute(Tuple.of(after, limit)).map(rows -> {
      List<MediaRecord> found = new java.util.ArrayList<>(rows.size());
      rows.forEach(r -> found.add(record(r)));
      return found;
    });
  }

  /**
   * Points the variant at its encrypted copy, unless something else changed it since {@code oldKey} was read (another
   * replica sealed it first, or it was deleted): answers whether this one did.
   */
  public Future<Boolean> sealed(UUID id, chatpro.media.crypto.Variant variant, String oldKey, String newKey,
      String wrapped) {
    String sql = variant == chatpro.media.crypto.Variant.THUMBNAIL ? SEALED_THUMBNAIL : SEALED_ORIGINAL;
    return pool.preparedQuery(sql).execute(Tuple.of(id, oldKey, newKey, wrapped)).map(rows -> rows.rowCount() == 1);
  }

  static MediaRecord record(Row r) {
    Short[] levels = r.getArrayOfShorts("waveform");
    int[] waveform = null;
    if (levels != null) {
      waveform = new int[levels.length];
      for (int i = 0; i < levels.length; i++) {
        waveform[i] = levels[i];
      }
    }
    Long duration = r.getLong("duration_ms");
    return new MediaRecord(r.getUUID("id"), r.getUUID("org_id"), r.getUUID("uploader_id"), r.getString("kind"),
        r.getString("mime"), r.getLong("size"), r.getInteger("width"), r.getInteger("height"), duration, waveform,
        r.getString("object_key"), r.getString("thumbnail_key"), r.getString("object_keyset"),
        r.getString("thumbnail_keyset"),
        r.getOffsetDateTime("claimed_at") == null ? null : r.getOffsetDateTime("claimed_at").toInstant());
  }
}
