package chatpro.messaging.compliance;

import chatpro.messaging.log.Event;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The readable half of a subject-access export: plain HTML pages that open from the unzipped folder in any browser,
 * offline, with no script: {@code index.html} (the person's profile, sign-ins, working hours and off-duty state, their
 * conversations and the record about them) and one {@code chats/<chatId>.html} per conversation, as they saw it,
 * with the pictures and voice notes they sent in place and others' shown as placeholders (only the person's own are
 * in the export). Times are shown in the person's time zone (their schedule's, else the org default's, else UTC),
 * and every text is escaped: what people wrote is shown, never run.
 */
final class SarPages {
  static final String STYLE = "<style>"
      + ":root{color-scheme:light dark;--bg:#f4f6f5;--card:#fff;--ink:#111b17;--muted:#52605a;--mine:#d9f7e6;"
      + "--line:#d5dcd8;--accent:#0b6b48}"
      + "@media (prefers-color-scheme:dark){:root{--bg:#0f1513;--card:#1a2320;--ink:#eef3f1;--muted:#a9b7b1;"
      + "--mine:#14402d;--line:#2c3833;--accent:#6fd3a5}}"
      + "*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);"
      + "font:1.0625rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
      + "main{max-width:46rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0}"
      + "h2{font-size:1.2rem;margin:1.5rem 0 .5rem}a{color:var(--accent)}"
      + ".card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin:.75rem 0}"
      + ".muted{color:var(--muted)}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}"
      + "dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}"
      + "table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.4rem .25rem;"
      + "border-bottom:1px solid var(--line);vertical-align:top}"
      + "ul.chats{list-style:none;padding:0;margin:0}ul.chats li{margin:.5rem 0}"
      + "ul.chats a{display:block;background:var(--card);border:1px solid var(--line);border-radius:.75rem;"
      + "padding:.9rem 1rem;text-decoration:none;color:var(--ink);min-height:3rem}"
      + "ul.chats a strong{display:block;font-size:1.1rem}"
      + "ol.log{list-style:none;padding:0;margin:0}ol.log li{margin:.4rem 0;display:flex;flex-direction:column}"
      + ".day{align-self:center;font-size:.9rem;color:var(--muted);margin:1rem 0 .25rem}"
      + ".note{align-self:center;font-size:.9rem;color:var(--muted);text-align:center}"
      + ".msg{max-width:85%;background:var(--card);border:1px solid var(--line);border-radius:.9rem;"
      + "padding:.5rem .75rem;align-self:flex-start}"
      + ".mine{align-self:flex-end;background:var(--mine)}.who{font-size:.85rem;font-weight:600;color:var(--accent)}"
      + ".text{white-space:pre-wrap;overflow-wrap:anywhere}.meta{font-size:.8rem;color:var(--muted);text-align:right}"
      + ".gone{font-style:italic;color:var(--muted)}img{max-width:100%;height:auto;border-radius:.5rem;display:block}"
      + "audio{width:100%;min-width:14rem}"
      + ".placeholder{border:1px dashed var(--line);border-radius:.5rem;padding:.75rem;color:var(--muted)}"
      + "nav{margin:.5rem 0}nav a{display:inline-block;padding:.6rem 0;min-height:2.75rem}"
      + ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
      + "ul.plain{list-style:none;padding:0;margin:0}ul.plain li{padding:.5rem 0;border-bottom:1px solid var(--line)}"
      + "ul.plain li:last-child{border-bottom:0}.caption{font-size:.85rem;color:var(--muted)}"
      + "</style>";
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH);
  static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
  static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM uuuu, HH:mm", Locale.ENGLISH);

  /** Who appears in a page: the person themself, and everyone else by id. */
  record People(String self, Map<String, String> names) {
    String name(String id) {
      if (id == null) {
        return "Someone";
      }
      if (id.equals(self)) {
        return "You";
      }
      return names.getOrDefault(id, "Former colleague");
    }
  }

  private final ZoneId zone;

  SarPages(ZoneId zone) {
    this.zone = zone;
  }

  /** The zone a schedule names, else the fallback's, else UTC. */
  static ZoneId zoneOf(JsonObject... schedules) {
    for (JsonObject schedule : schedules) {
      String name = schedule == null ? null : schedule.getString("timezone");
      if (name != null) {
        try {
          return ZoneId.of(name);
        } catch (java.time.DateTimeException e) {
          // a zone this JVM does not know: try the next
        }
      }
    }
    return ZoneOffset.UTC;
  }

  String zoneName() {
    return ZoneOffset.UTC.equals(zone) ? "UTC" : zone.getId();
  }

  String when(String iso) {
    return iso == null ? "" : WHEN.format(Instant.parse(iso).atZone(zone));
  }

  // a conversation page: head, its events a page at a time, foot

  String chatHead(String title, String subtitle) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" + esc(title)
        + " · ChatPro</title>" + STYLE + "</head><body><main>"
        + "<nav><a href=\"../index.html\">← All your data</a></nav><h1>" + esc(title) + "</h1>"
        + "<p class=\"muted\">" + esc(subtitle) + "</p><ol class=\"log\">";
  }

  String chatFoot() {
    return "</ol><nav><a href=\"../index.html\">← All your data</a></nav></main></body></html>\n";
  }

  /** The events of one page as list items; {@code lastDay} carries the day separator across pages. */
  String events(List<Event> page, People people, java.util.Set<String> ownMedia, LocalDate[] lastDay) {
    StringBuilder html = new StringBuilder(page.size() * 200);
    for (Event e : page) {
      String item = event(e, people, ownMedia);
      if (item == null) {
        continue;
      }
      LocalDate day = e.at().atZone(zone).toLocalDate();
      if (!day.equals(lastDay[0])) {
        html.append("<li class=\"day\">").append(esc(DAY.format(day))).append("</li>");
        lastDay[0] = day;
      }
      html.append(item);
    }
    return html.toString();
  }

  private String event(Event e, People people, java.util.Set<String> ownMedia) {
    JsonObject f = e.fields();
    String actor = e.actorId() == null ? null : e.actorId().toString();
    return switch (e.type()) {
      case Event.MESSAGE -> message(e, people, ownMedia);
      case Event.MEMBER_ADDED -> note(e, f.getString("userId").equals(actor) || actor == null
          ? people.name(f.getString("userId")) + " joined"
          : people.name(actor) + " added " + people.name(f.getString("userId")));
      case Event.MEMBER_REMOVED -> note(e, f.getString("userId").equals(actor) || actor == null
          ? people.name(f.getString("userId")) + " left"
          : people.name(actor) + " removed " + people.name(f.getString("userId")));
      case Event.MEMBER_ROLE -> note(e, people.name(f.getString("userId")) + " became "
          + ("admin".equals(f.getString("role")) ? "a group admin" : "a member"));
      case Event.CHAT_RENAMED -> note(e, people.name(actor) + " named the group “" + f.getString("name", "") + "”");
      case Event.REACTION -> f.getBoolean("expired", false) || f.getBoolean("erased", false) ? null
          : note(e, f.getString("emoji", "").isEmpty() ? people.name(f.getString("userId")) + " took back a reaction"
              : people.name(f.getString("userId")) + " reacted " + f.getString("emoji"));
      default -> null;
    };
  }

  private String note(Event e, String text) {
    return "<li class=\"note\">" + esc(text) + " · " + esc(CLOCK.format(e.at().atZone(zone))) + "</li>";
  }

  private String message(Event e, People people, java.util.Set<String> ownMedia) {
    JsonObject f = e.fields();
    String sender = f.getString("senderId");
    boolean mine = sender != null && sender.equals(people.self());
    StringBuilder html = new StringBuilder(256).append("<li class=\"msg").append(mine ? " mine" : "").append("\">");
    if (mine) {
      html.append("<span class=\"sr\">You:</span>");
    } else {
      html.append("<span class=\"who\">").append(esc(people.name(sender))).append("</span>");
    }
    if (f.getBoolean("urgent", false)) {
      html.append("<span class=\"muted\">Urgent</span>");
    }
    if (f.getValue("forwardOf") != null) {
      html.append("<span class=\"muted\">Forwarded</span>");
    }
    String gone = gone(f);
    if (gone != null) {
      html.append("<span class=\"gone\">").append(esc(gone)).append("</span>");
    } else {
      JsonObject media = f.getJsonObject("media");
      if (media != null) {
        html.append(media(f.getString("kind"), media, mine, ownMedia.contains(media.getString("id")),
            people.name(sender)));
      }
      if (f.getString("text") != null) {
        html.append("<span class=\"text\">").append(esc(f.getString("text"))).append("</span>");
      }
    }
    html.append("<span class=\"meta\">").append(esc(CLOCK.format(e.at().atZone(zone))))
        .append(f.getValue("editedAt") != null && gone == null ? " · edited" : "").append("</span></li>");
    return html.toString();
  }

  /** Why a message shows no content, or null when it does. */
  private static String gone(JsonObject f) {
    if (f.getBoolean("erased", false)) {
      return "Message from a former colleague";
    }
    if (f.getBoolean("deleted", false)) {
      return "This message was deleted";
    }
    if (f.getBoolean("expired", false)) {
      return "This message is no longer kept (your organisation's retention period)";
    }
    if (f.getBoolean("unreadable", false)) {
      return "This message can't be shown";
    }
    return null;
  }

  private static String media(String kind, JsonObject media, boolean mine, boolean included, String sender) {
    String src = "../media/" + esc(media.getString("id"));
    boolean voice = "voice".equals(kind);
    if (mine && !included) {
      return "<span class=\"placeholder\">" + (voice ? "Your voice note" : "Your picture")
          + " is no longer kept</span>";
    }
    if (!mine) {
      String what = voice ? "Voice note" + duration(media) : "Picture";
      return "<span class=\"placeholder\">" + esc(what) + " from " + esc(sender)
          + " (not included: your copy holds only what you sent)</span>";
    }
    if (voice) {
      return "<span class=\"caption\" aria-hidden=\"true\">Voice note" + esc(duration(media)) + "</span>"
          + "<audio controls preload=\"metadata\" src=\"" + src + "\" aria-label=\"Your voice note"
          + esc(duration(media)) + "\"></audio>";
    }
    String size = media.getInteger("width") != null && media.getInteger("height") != null
        ? " width=\"" + media.getInteger("width") + "\" height=\"" + media.getInteger("height") + "\"" : "";
    return "<a href=\"" + src + "\"><img src=\"" + src + "\" alt=\"A picture you sent\" loading=\"lazy\"" + size
        + "></a>";
  }

  private static String duration(JsonObject media) {
    Long ms = media.getLong("durationMs");
    if (ms == null) {
      return "";
    }
    long seconds = Math.round(ms / 1000.0);
    return String.format(Locale.ROOT, " (%d:%02d)", seconds / 60, seconds % 60);
  }

  // index.html

  /** One conversation as the index lists it. */
  record ChatLine(String id, String title, String kind, long messages, long yours, String from, String to) {}

  String index(JsonObject personal, JsonObject schedule, List<ChatLine> chats, List<JsonObject> audit,
      long auditTotal, int ownMedia, String madeAt, Map<String, String> names) {
    JsonObject user = personal.getJsonObject("user", new JsonObject());
    JsonObject org = personal.getJsonObject("organisation", new JsonObject());
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Your data in ChatPro</title>").append(STYLE).append("</head><body><main>")
        .append("<h1>Your data in ChatPro</h1><p>").append(esc(user.getString("displayName", "")))
        .append(" · ").append(esc(org.getString("name", ""))).append("</p><p class=\"muted\">Everything ChatPro")
        .append(" keeps about you, made ").append(esc(when(madeAt))).append(" (times in ").append(esc(zoneName()))
        .append("). The same data for computers is in the .json files next to this page.</p>");
    profile(html, user, personal.getJsonObject("settings", new JsonObject()));
    sessions(html, personal.getJsonArray("sessions", new JsonArray()), personal.getJsonObject("signInCode"));
    schedule(html, schedule);
    conversations(html, chats, ownMedia);
    audit(html, audit, auditTotal, new People(user.getString("id"), names));
    return html.append("</main></body></html>\n").toString();
  }

  private void profile(StringBuilder html, JsonObject user, JsonObject settings) {
    html.append("<h2>Your profile</h2><div class=\"card\"><dl>");
    row(html, "Name", user.getString("displayName"));
    row(html, "Username", user.getString("username"));
    row(html, "Job title", user.getString("title"));
    row(html, "Department", user.getString("department"));
    row(html, "Location", user.getString("location"));
    row(html, "Roles", String.join(", ", user.getJsonArray("roles", new JsonArray()).stream()
        .map(String::valueOf).toList()));
    row(html, "Account", user.getBoolean("active", false) ? "Active" : "Deactivated");
    row(html, "Added", when(user.getString("createdAt")));
    row(html, "Last changed", when(user.getString("updatedAt")));
    Integer days = settings.getInteger("messageRetentionDays");
    row(html, "Messages kept", days == null ? "Until deleted (your organisation sets no limit)"
        : days + " days, then their content is deleted");
    html.append("</dl></div>");
  }

  private void sessions(StringBuilder html, JsonArray sessions, JsonObject code) {
    html.append("<h2>Sign-ins</h2><div class=\"card\">");
    if (sessions.isEmpty()) {
      html.append("<p>No sign-ins are kept.</p>");
    } else {
      html.append("<ul class=\"plain\">");
      for (Object o : sessions) {
        JsonObject s = (JsonObject) o;
        html.append("<li><strong>").append(esc(s.getString("device", "A device ChatPro could not name")))
            .append("</strong><br>Signed in ").append(esc(when(s.getString("createdAt"))));
        if (s.getString("lastRefreshedAt") != null) {
          html.append(" · last used ").append(esc(when(s.getString("lastRefreshedAt"))));
        }
        html.append(" · ").append(s.getString("endedAt") == null ? "still signed in"
            : "ended " + esc(when(s.getString("endedAt")))).append("</li>");
      }
      html.append("</ul>");
    }
    if (code != null) {
      html.append("<p>A sign-in card was printed for you on ").append(esc(when(code.getString("createdAt"))))
          .append("; it works until ").append(esc(when(code.getString("expiresAt")))).append(".</p>");
    }
    html.append("</div>");
  }

  private void schedule(StringBuilder html, JsonObject schedule) {
    html.append("<h2>Working hours and off duty</h2><div class=\"card\">");
    JsonObject own = schedule.getJsonObject("schedule");
    JsonObject shown = own != null ? own : schedule.getJsonObject("orgDefault");
    if (shown == null) {
      html.append("<p>You have no working hours: ChatPro treats you as on duty at all times.</p>");
    } else {
      html.append("<p>").append(own != null ? "Your working hours" : "Your organisation's working hours (you set none)")
          .append(" in ").append(esc(shown.getString("timezone", "UTC"))).append(":</p><ul>");
      for (Object o : shown.getJsonArray("workingHours", new JsonArray())) {
        JsonObject w = (JsonObject) o;
        html.append("<li>").append(esc(dayName(w.getString("day")))).append(" ").append(esc(w.getString("start")))
            .append("–").append(esc(w.getString("end"))).append("</li>");
      }
      html.append("</ul>");
      JsonArray leave = shown.getJsonArray("leave", new JsonArray());
      if (!leave.isEmpty()) {
        html.append("<p>Leave:</p><ul>");
        for (Object o : leave) {
          JsonObject l = (JsonObject) o;
          html.append("<li>").append(esc(l.getString("from"))).append(" to ").append(esc(l.getString("to")))
              .append("</li>");
        }
        html.append("</ul>");
      }
    }
    JsonObject override = schedule.getJsonObject("override");
    if (override != null) {
      boolean off = "off_duty".equals(override.getString("kind"));
      html.append("<p>").append(off ? "You went off duty" : "You came back on duty")
          .append(" on ").append(esc(when(override.getString("setAt"))))
          .append(override.getString("until") == null ? "" : ", until " + esc(when(override.getString("until"))))
          .append(".</p>");
    }
    JsonObject status = schedule.getJsonObject("status");
    if (status != null) {
      html.append("<p>When this copy was made you were ").append(esc(status.getString("status", "").replace('_', ' ')))
          .append(status.getString("until") == null ? "" : " until " + esc(when(status.getString("until"))))
          .append(".</p>");
    }
    if (schedule.getString("lastSeen") != null) {
      html.append("<p>Last seen: ").append(esc(when(schedule.getString("lastSeen")))).append(".</p>");
    }
    html.append("<p class=\"muted\">ChatPro keeps your schedule and your off-duty state now, not a history of"
        + " earlier changes.</p></div>");
  }

  private void conversations(StringBuilder html, List<ChatLine> chats, int ownMedia) {
    html.append("<h2>Your conversations</h2>");
    if (chats.isEmpty()) {
      html.append("<p class=\"card\">You have no conversations.</p>");
    } else {
      html.append("<ul class=\"chats\">");
      for (ChatLine c : chats) {
        html.append("<li><a href=\"chats/").append(esc(c.id())).append(".html\"><strong>").append(esc(c.title()))
            .append("</strong><span class=\"muted\">").append(esc(c.kind())).append(" · ").append(c.messages())
            .append(c.messages() == 1 ? " message" : " messages").append(", ").append(c.yours()).append(" yours")
            .append(c.from() == null ? "" : " · " + esc(when(c.from())) + " to " + esc(when(c.to())))
            .append("</span></a></li>");
      }
      html.append("</ul>");
    }
    html.append("<p class=\"muted\">").append(ownMedia).append(ownMedia == 1 ? " picture or voice note" : " pictures"
        + " and voice notes").append(" you sent are in the media folder and shown in their conversations.</p>");
  }

  private void audit(StringBuilder html, List<JsonObject> entries, long total, People people) {
    html.append("<h2>The record about you</h2><div class=\"card\">");
    if (entries.isEmpty()) {
      html.append("<p>Nothing in your organisation's record is about you.</p>");
    } else {
      html.append("<p class=\"muted\">Your organisation keeps a record of what is done with people's accounts and"
          + " data. These entries are about you or were made by you.</p><ul class=\"plain\">");
      for (JsonObject e : entries) {
        String actor = e.getString("actorId");
        html.append("<li><strong>").append(esc(action(e.getString("action")))).append("</strong><br>")
            .append(esc(when(e.getString("at")))).append(" · by ")
            .append(esc(actor == null ? "ChatPro" : people.name(actor))).append("</li>");
      }
      html.append("</ul>");
      if (total > entries.size()) {
        html.append("<p class=\"muted\">The first ").append(entries.size()).append(" of ").append(total)
            .append(" entries; all of them are in audit.json.</p>");
      }
    }
    html.append("</div>");
  }

  /** An audit action in words; one not named here reads as its code. */
  static String action(String code) {
    return switch (code == null ? "" : code) {
      case "user.created" -> "Your account was made";
      case "user.updated" -> "Your details were changed";
      case "user.roles_changed" -> "Your roles were changed";
      case "user.deactivated" -> "Your account was deactivated";
      case "user.reactivated" -> "Your account was reactivated";
      case "user.password_reset" -> "Your password was reset";
      case "user.sign_in_code" -> "A sign-in card was made for you";
      case "user.erased" -> "A person was erased";
      case "org.settings_changed" -> "Organisation settings changed";
      case "org.schedule_changed" -> "The organisation's working hours changed";
      case "retention.changed" -> "How long messages are kept changed";
      case "hold.placed" -> "A legal hold was placed";
      case "hold.lifted" -> "A legal hold was lifted";
      case "export.created" -> "An export was made";
      case "export.downloaded" -> "An export was downloaded";
      case "sar.created" -> "A copy of your data was asked for";
      case "urgent.sent" -> "An urgent message was sent";
      case "retention.swept" -> "Expired messages were deleted";
      default -> code;
    };
  }

  static String dayName(String code) {
    return switch (code == null ? "" : code) {
      case "MON" -> "Monday";
      case "TUE" -> "Tuesday";
      case "WED" -> "Wednesday";
      case "THU" -> "Thursday";
      case "FRI" -> "Friday";
      case "SAT" -> "Saturday";
      case "SUN" -> "Sunday";
      default -> code;
    };
  }

  private static void row(StringBuilder html, String label, String value) {
    if (value != null && !value.isEmpty()) {
      html.append("<dt>").append(esc(label)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }
  }

  /** Text as HTML shows it, never as markup. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Chat titles: a group's name, or the other person's in a direct chat. */
  static String title(JsonObject chat, Function<String, String> nameOf, String self) {
    if ("group".equals(chat.getString("type"))) {
      return chat.getString("name", "Group");
    }
    for (Object o : chat.getJsonArray("members", new JsonArray())) {
      String id = ((JsonObject) o).getString("userId");
      if (!id.equals(self)) {
        return nameOf.apply(id);
      }
    }
    return "Just you";
  }
}
