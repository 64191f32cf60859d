package chatpro.messaging.compliance;

import chatpro.common.time.Times;
import chatpro.messaging.compliance.ExportScope.ChatPart;
import chatpro.messaging.compliance.ExportScope.Window;
import chatpro.messaging.log.Event;
import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One investigation export, from the log to a zip in the object store: {@code chats.json} (a chat at a time), then
 * {@code events.jsonl} (a page at a time, through the holds seam), then {@code media/<mediaId>}, then
 * {@code manifest.json}. {@link ZipJob} does the zip, the store, progress and the end.
 */
final class ExportRun {
  static final int PAGE = 500;
  static final String FORMAT = "chatpro-investigation-export/1";

  private final Pool pool;
  private final EventLog log;
  private final ExportScope scope;
  private final EventVersions versions;
  private final Export export;
  private final ZipJob job;
  private final List<Window> windows = new ArrayList<>();
  private final Set<String> mediaIds = new LinkedHashSet<>();
  private long chats;
  private long events;

  ExportRun(Pool pool, EventLog log, EventVersions versions, ZipJob job) {
    this.pool = pool;
    this.log = log;
    this.scope = new ExportScope(log);
    this.versions = versions;
    this.export = job.export();
    this.job = job;
  }

  /** Runs the job to a ready export, or to a failed one with nothing left in the store. */
  Future<Void> run() {
    return job.run(() -> scope.chats(pool, export)
        .compose(this::writeChats)
        .compose(v -> writeEvents())
        .compose(v -> writeMedia()), this::manifest);
  }

  // chats.json: every chat with its members and their periods; the windows to read are noted on the way.

  private Future<Void> writeChats(List<UUID> chatIds) {
    ZipStream zip = job.zip();
    return job.step(() -> {
      zip.begin("chats.json", true);
      zip.write("[".getBytes(StandardCharsets.UTF_8));
    })
        .compose(v -> ZipJob.each(chatIds.iterator(), this::writeChat))
        .compose(v -> job.step(() -> {
          zip.write("\n]\n".getBytes(StandardCharsets.UTF_8));
          zip.end();
        }));
  }

  private Future<Void> writeChat(UUID chatId) {
    return scope.chat(pool, export, chatId)
        .compose(this::measure)
        .compose(part -> part.json() == null ? Future.succeededFuture()
            : job.append((chats++ == 0 ? "\n" : ",\n") + part.json().encode()));
  }

  /** Counts what the chat's windows hold, for progress. */
  private Future<ChatPart> measure(ChatPart part) {
    windows.addAll(part.windows());
    return scope.measure(pool, export, part, job).map(part);
  }

  // events.jsonl: one event per line, chat then seq order, through the holds seam.

  private Future<Void> writeEvents() {
    return job.step(() -> job.zip().begin("events.jsonl", true))
        .compose(v -> ZipJob.each(windows.iterator(), w -> writeWindow(w, w.fromSeq() - 1)))
        .compose(v -> job.step(job.zip()::end));
  }

  private Future<Void> writeWindow(Window w, long after) {
    return log.window(pool, w.chatId(), after, w.toSeq(), export.fromUtc(), export.toUtc(), PAGE)
        .compose(page -> versions.versions(page)
            .compose(this::writeLines)
            .compose(v -> page.size() < PAGE ? Future.succeededFuture()
                : writeWindow(w, page.get(page.size() - 1).seq())));
  }

  private Future<Void> writeLines(List<Event> page) {
    StringBuilder lines = new StringBuilder(page.size() * 256);
    for (Event e : page) {
      String mediaId = e.mediaId();
      if (mediaId != null) {
        mediaIds.add(mediaId);
      }
      lines.append(e.toJson().encode()).append('\n');
    }
    events += page.size();
    job.done(page.size());
    return job.append(lines.toString());
  }

  // media/<mediaId>: the bytes each exported message carries.

  private Future<Void> writeMedia() {
    return ZipJob.each(List.copyOf(mediaIds).iterator(), id -> job.media("media/" + id, id));
  }

  JsonObject manifest() {
    JsonObject range = new JsonObject();
    if (export.from() != null) {
      range.put("from", Times.format(export.from()));
    }
    if (export.to() != null) {
      range.put("to", Times.format(export.to()));
    }
    return new JsonObject().put("format", FORMAT).put("id", export.id().toString())
        .put("scope", export.scope())
        .put("target", new JsonObject().put("type", export.scope()).put("id", export.targetId().toString()))
        .put("range", range)
        .put("reason", export.reason())
        .put("createdBy", export.createdBy().toString())
        .put("createdAt", Times.format(export.createdAt()))
        .put("chats", chats).put("events", events).put("media", mediaIds.size() - job.missingMedia().size())
        .put("missingMedia", job.missingMedia());
  }
}
