package chatpro.messaging.compliance;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.bus.Directory;
import chatpro.common.error.ChatproException;
import chatpro.common.time.Times;
import chatpro.messaging.compliance.ExportScope.ChatPart;
import chatpro.messaging.compliance.ExportScope.Window;
import chatpro.messaging.compliance.SarPages.ChatLine;
import chatpro.messaging.compliance.SarPages.People;
import chatpro.messaging.compliance.audit.AuditStore;
import chatpro.messaging.log.Event;
import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One subject-access export (protocol.md "Subject access"): everything ChatPro holds about one person, for them.
 * {@code profile.json} and {@code sessions.json} (from directory-service), {@code schedule.json} (from presence),
 * {@code audit.json} (the chain's entries about them or by them), {@code chats/<chatId>.json} per conversation (the
 * events of their membership periods, as they saw them: current text, deletions and expiries as members see them,
 * no held originals), {@code media/<mediaId>} for every picture and voice note they sent, {@code chats/<chatId>.html}
 * and {@code index.html} to read it all offline ({@link SarPages}), and {@code manifest.json}. The log is read twice
 * a page at a time (once for the JSON, once for the pages), so nothing grows with the person's history but the list
 * of their chats and media ids.
 */
final class SarRun {
  static final int PAGE = 500;
  static final String FORMAT = "chatpro-subject-access-export/1";
  /** Entries of the record the index page lists (all of them are in audit.json). */
  static final int AUDIT_SHOWN = 1_000;
  static final int AUDIT_PAGE = 1_000;
  static final int NAMES_PER_ASK = 100;

  private final Vertx vertx;
  private final Pool pool;
  private final EventLog log;
  private final AuditStore audits;
  private final Directory directory;
  private final ExportScope scope;
  private final ZipJob job;
  private final Export export;
  private final String self;
  private final Map<String, String> names = new HashMap<>();
  private final List<ChatPart> parts = new ArrayList<>();
  private final List<ChatLine> lines = new ArrayList<>();
  private final Set<String> ownMedia = new LinkedHashSet<>();
  private final List<JsonObject> auditShown = new ArrayList<>();
  private JsonObject personal;
  private JsonObject schedule;
  private SarPages pages;
  private long auditTotal;
  private long events;

  SarRun(Vertx vertx, Pool pool, EventLog log, AuditStore audits, ZipJob job) {
    this.vertx = vertx;
    this.pool = pool;
    this.log = log;
    this.audits = audits;
    this.directory = new Directory(vertx);
    this.scope = new ExportScope(log);
    this.job = job;
    this.export = job.export();
    this.self = export.targetId().toString();
  }

  Future<Void> run() {
    return job.run(() -> writePersonal()
        .compose(v -> writeSchedule())
        .compose(v -> writeAudit())
        .compose(v -> scope.chats(pool, export))
        .compose(this::readChats)
        .compose(v -> ZipJob.each(parts.iterator(), this::writeChatJson))
        .compose(v -> ZipJob.each(List.copyOf(ownMedia).iterator(), id -> job.media("media/" + id, id)))
        .compose(v -> ZipJob.each(parts.iterator(), this::writeChatPage))
        .compose(v -> writeIndex()), this::manifest);
  }

  // what the other services keep

  private Future<Void> writePersonal() {
    return ask(Addresses.DIRECTORY_PERSONAL_DATA)
        .compose(found -> {
          personal = found;
          JsonObject profile = new JsonObject().put("user", found.getJsonObject("user"))
              .put("organisation", found.getJsonObject("organisation"))
              .put("settings", found.getJsonObject("settings"));
          JsonObject sessions = new JsonObject().put("sessions", found.getJsonArray("sessions"));
          if (found.getJsonObject("signInCode") != null) {
            sessions.put("signInCode", found.getJsonObject("signInCode"));
          }
          return job.json("profile.json", profile).compose(v -> job.json("sessions.json", sessions));
        });
  }

  private Future<Void> writeSchedule() {
    return ask(Addresses.PRESENCE_PERSONAL_DATA)
        .compose(found -> {
          schedule = found;
          pages = new SarPages(SarPages.zoneOf(found.getJsonObject("schedule"), found.getJsonObject("orgDefault")));
          return job.json("schedule.json", found);
        });
  }

  private Future<JsonObject> ask(String address) {
    JsonObject who = new JsonObject().put("orgId", export.orgId().toString()).put("userId", self);
    return vertx.eventBus().<JsonObject>request(address, who)
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(ChatproException.from(e)));
  }

  // audit.json: the record's entries about or by the person, a page at a time

  private Future<Void> writeAudit() {
    return job.step(() -> {
      job.zip().begin("audit.json", true);
      job.zip().write("{\"entries\":[".getBytes(StandardCharsets.UTF_8));
    })
        .compose(v -> auditPage(0))
        .compose(v -> job.step(() -> {
          job.zip().write("\n]}\n".getBytes(StandardCharsets.UTF_8));
          job.zip().end();
        }));
  }

  private Future<Void> auditPage(long after) {
    return audits.concerning(pool, export.orgId(), export.targetId(), after, AUDIT_PAGE)
        .compose(entries -> {
          StringBuilder text = new StringBuilder(entries.size() * 300);
          for (var entry : entries) {
            JsonObject json = entry.toJson();
            text.append(auditTotal++ == 0 ? "\n" : ",\n").append(json.encode());
            if (auditShown.size() < AUDIT_SHOWN) {
              auditShown.add(json);
            }
          }
          Future<Void> written = job.append(text.toString());
          return entries.size() < AUDIT_PAGE ? written
              : written.compose(v -> auditPage(entries.get(entries.size() - 1).seq()));
        });
  }

  // the conversations: which, with their windows, names and sizes

  private Future<Void> readChats(List<UUID> chatIds) {
    return ZipJob.each(chatIds.iterator(), id -> scope.chat(pool, export, id)
        .compose(part -> part.json() == null || part.windows().isEmpty() ? Future.succeededFuture()
            : measure(part).compose(v -> learnNames(part))));
  }

  /** Each event is read twice (the JSON and the page). */
  private Future<Void> measure(ChatPart part) {
    parts.add(part);
    return ZipJob.each(part.windows().iterator(), w -> log.measure(pool, w.chatId(), w.fromSeq(), w.toSeq(), null,
            null)
        .onSuccess(counts -> job.expect(2 * counts[0])));
  }

  private Future<Void> learnNames(ChatPart part) {
    List<String> unknown = new ArrayList<>();
    for (Object o : part.json().getJsonArray("members")) {
      String id = ((JsonObject) o).getString("userId");
      if (!id.equals(self) && !names.containsKey(id) && !unknown.contains(id)) {
        unknown.add(id);
      }
    }
    return learnNames(unknown);
  }

  /** The display names of these people of the org (as the person may see them), asked a hundred at a time. */
  private Future<Void> learnNames(List<String> unknown) {
    Caller asSubject = new Caller(self, export.orgId().toString(), List.of(), null);
    List<List<String>> asks = new ArrayList<>();
    for (int i = 0; i < unknown.size(); i += NAMES_PER_ASK) {
      asks.add(unknown.subList(i, Math.min(unknown.size(), i + NAMES_PER_ASK)));
    }
    return ZipJob.each(asks.iterator(), ids -> directory.users(asSubject, ids).onSuccess(users -> {
      for (Object o : users) {
        JsonObject u = (JsonObject) o;
        names.put(u.getString("id"), u.getString("displayName"));
      }
    }));
  }

  // chats/<chatId>.json: {chat, events:[...]}; the person's own media are noted on the way

  private Future<Void> writeChatJson(ChatPart part) {
    String chatId = part.json().getString("id");
    long[] counts = {0, 0, 0};
    String head = "{\"chat\":" + part.json().encode() + ",\n\"events\":[";
    return job.step(() -> {
      job.zip().begin("chats/" + chatId + ".json", true);
      job.zip().write(head.getBytes(StandardCharsets.UTF_8));
    })
        .compose(v -> ZipJob.each(part.windows().iterator(), w -> jsonWindow(w, w.fromSeq() - 1, counts)))
        .compose(v -> job.step(() -> {
          job.zip().write("\n]}\n".getBytes(StandardCharsets.UTF_8));
          job.zip().end();
        }))
        .onSuccess(v -> lines.add(line(part, counts)));
  }

  private Future<Void> jsonWindow(Window w, long after, long[] counts) {
    return log.window(pool, w.chatId(), after, w.toSeq(), null, null, PAGE)
        .compose(page -> {
          StringBuilder text = new StringBuilder(page.size() * 256);
          for (Event e : page) {
            text.append(counts[2]++ == 0 ? "\n" : ",\n").append(e.toJson().encode());
            events++;
            noteMessage(e, counts);
          }
          job.done(page.size());
          Future<Void> written = job.append(text.toString());
          return page.size() < PAGE ? written
              : written.compose(v -> jsonWindow(w, page.get(page.size() - 1).seq(), counts));
        });
  }

  /** Counts a message ({@code counts[0]}) and one of the person's ({@code counts[1]}), noting their media. */
  private void noteMessage(Event e, long[] counts) {
    if (!Event.MESSAGE.equals(e.type())) {
      return;
    }
    counts[0]++;
    if (self.equals(e.fields().getString("senderId"))) {
      counts[1]++;
      String mediaId = e.mediaId();
      if (mediaId != null && ownMedia.add(mediaId)) {
        job.expect(ZipJob.mediaUnits(e.fields().getJsonObject("media").getLong("size", 0L)));
      }
    }
  }

  private ChatLine line(ChatPart part, long[] counts) {
    JsonObject chat = part.json();
    String kind = "group".equals(chat.getString("type")) ? "Group" : "Direct chat";
    String from = null;
    String to = null;
    for (Object o : chat.getJsonArray("members")) {
      JsonObject member = (JsonObject) o;
      if (!member.getString("userId").equals(self)) {
        continue;
      }
      JsonArray periods = member.getJsonArray("periods");
      if (!periods.isEmpty()) {
        from = periods.getJsonObject(0).getString("from");
        to = periods.getJsonObject(periods.size() - 1).getString("to");
      }
    }
    return new ChatLine(chat.getString("id"), SarPages.title(chat, this::nameOf, self), kind, counts[0], counts[1],
        from, to == null ? Times.format(export.createdAt()) : to);
  }

  private String nameOf(String id) {
    return names.getOrDefault(id, "Former colleague");
  }

  // chats/<chatId>.html: the same events, read again, as a page

  private Future<Void> writeChatPage(ChatPart part) {
    JsonObject chat = part.json();
    String chatId = chat.getString("id");
    People people = new People(self, names);
    LocalDate[] lastDay = {null};
    String title = SarPages.title(chat, this::nameOf, self);
    String subtitle = ("group".equals(chat.getString("type")) ? "Group" : "Direct chat")
        + " · as you saw it while you were a member · times in " + pages.zoneName();
    return job.step(() -> {
      job.zip().begin("chats/" + chatId + ".html", true);
      job.zip().write(pages.chatHead(title, subtitle).getBytes(StandardCharsets.UTF_8));
    })
        .compose(v -> ZipJob.each(part.windows().iterator(), w -> pageWindow(w, w.fromSeq() - 1, people, lastDay)))
        .compose(v -> job.step(() -> {
          job.zip().write(pages.chatFoot().getBytes(StandardCharsets.UTF_8));
          job.zip().end();
        }));
  }

  private Future<Void> pageWindow(Window w, long after, People people, LocalDate[] lastDay) {
    return log.window(pool, w.chatId(), after, w.toSeq(), null, null, PAGE)
        .compose(page -> {
          String html = pages.events(page, people, includedMedia(), lastDay);
          job.done(page.size());
          Future<Void> written = job.append(html);
          return page.size() < PAGE ? written
              : written.compose(v -> pageWindow(w, page.get(page.size() - 1).seq(), people, lastDay));
        });
  }

  /** The person's media that made it into the zip (one deleted since it was read is not shown as if it were). */
  private Set<String> includedMedia() {
    Set<String> in = new LinkedHashSet<>(ownMedia);
    job.missingMedia().forEach(in::remove);
    return in;
  }

  // index.html and the manifest

  private Future<Void> writeIndex() {
    List<String> actors = new ArrayList<>();
    for (JsonObject entry : auditShown) {
      String actor = entry.getString("actorId");
      if (actor != null && !actor.equals(self) && !names.containsKey(actor) && !actors.contains(actor)) {
        actors.add(actor);
      }
    }
    return learnNames(actors)
        .map(v -> pages.index(personal, schedule, lines, auditShown, auditTotal, includedMedia().size(),
            Times.format(export.createdAt()), names))
        .compose(html -> job.file("index.html", html.getBytes(StandardCharsets.UTF_8)));
  }

  JsonObject manifest() {
    return new JsonObject().put("format", FORMAT).put("id", export.id().toString())
        .put("scope", export.scope())
        .put("subject", self)
        .put("createdBy", export.createdBy().toString())
        .put("createdAt", Times.format(export.createdAt()))
        .put("chats", parts.size()).put("events", events).put("auditEntries", auditTotal)
        .put("media", includedMedia().size()).put("missingMedia", job.missingMedia());
  }
}
