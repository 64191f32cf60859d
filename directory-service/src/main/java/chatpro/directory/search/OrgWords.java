package chatpro.directory.search;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The distinct words of recently searched orgs, in memory, for typo-tolerant matching. Before each search the
 * words added since the last one are fetched (an index range on their increasing ids), so a person is findable with
 * a typo on every replica as soon as the answer that created them is sent.
 */
public final class OrgWords {
  static final String NEW_WORDS = "SELECT id, word FROM org_words WHERE org_id = $1 AND id > $2 ORDER BY id";
  static final int MAX_ORGS = 64;

  private final Pool pool;
  private final Map<UUID, Words> orgs = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, Words> eldest) {
      return size() > MAX_ORGS;
    }
  };

  /** One org's words and the highest id read. */
  private static final class Words {
    final List<String> list = new ArrayList<>();
    long lastId;
  }

  public OrgWords(Pool pool) {
    this.pool = pool;
  }

  /** The org's words that start with the term, give or take one edit. Runs on the verticle's event loop. */
  public Future<List<String>> matching(UUID orgId, String term) {
    Words words = orgs.computeIfAbsent(orgId, k -> new Words());
    return pool.preparedQuery(NEW_WORDS).execute(Tuple.of(orgId, words.lastId)).map(rows -> {
      for (var row : rows) {
        long id = row.getLong(0);
        if (id > words.lastId) {
          words.list.add(row.getString(1));
          words.lastId = id;
        }
      }
      List<String> found = new ArrayList<>();
      for (String word : words.list) {
        if (word.length() >= term.length() - 1 && SearchWords.startsWithOneEdit(word, term)) {
          found.add(word);
        }
      }
      return found;
    });
  }
}
