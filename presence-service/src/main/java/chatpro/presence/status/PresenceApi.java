package chatpro.presence.status;

import chatpro.common.bus.Caller;
import chatpro.common.bus.Directory;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.common.time.Times;
import chatpro.presence.duty.Duty;
import chatpro.presence.online.Locations;
import chatpro.presence.schedule.DutyEvaluator;
import chatpro.presence.schedule.DutyRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code presence.get} and {@code presence.get-many}: people's status as the caller may see it. Duty comes from the
 * stored evaluation (in effect once a change is answered), connections live from the locations map, last seen only
 * when offline and the org does not hide it (a person always sees their own). Many people cost the same few reads as
 * one: one directory request, one duty query, one locations lookup, one last-seen query.
 */
public final class PresenceApi {
  public static final int MAX_IDS = 100;

  private final Pool pool;
  private final DutyRepository duties;
  private final DutyEvaluator evaluator;
  private final StatusRepository statuses;
  private final Locations locations;
  private final Directory directory;

  /** A person asked about, once directory has said the caller may see them. */
  private record Person(UUID userId, UUID orgId) {
    static Person of(JsonObject user) {
      try {
        return new Person(UUID.fromString(user.getString("id")), UUID.fromString(user.getString("orgId")));
      } catch (RuntimeException e) {
        throw ChatproException.notFound("user");
      }
    }
  }

  public PresenceApi(Pool pool, DutyRepository duties, DutyEvaluator evaluator, StatusRepository statuses,
      Locations locations, Directory directory) {
    this.pool = pool;
    this.duties = duties;
    this.evaluator = evaluator;
    this.statuses = statuses;
    this.locations = locations;
    this.directory = directory;
  }

  /** {@code {caller, userId}} → {@code {userId, status, lastSeen?, offDutyUntil?}}; 404 outside the caller's org. */
  public Future<JsonObject> get(JsonObject request) {
    Caller caller = Caller.from(request);
    String userId = request.getString("userId");
    return directory.user(caller, userId)
        .map(user -> List.of(Person.of(user)))
        .compose(people -> answer(caller, people))
        .map(answers -> answers.get(0));
  }

  /**
   * {@code {caller, ids}} → {@code {presence:[...]}}: the same answer for each person of the caller's org among at most
   * {@link #MAX_IDS} ids, in the order asked; unknown ids and other orgs' people are left out.
   */
  public Future<JsonObject> getMany(JsonObject request) {
    Caller caller = Caller.from(request);
    List<String> ids = Fields.optionalIds(request, "ids", MAX_IDS);
    if (ids == null) {
      throw ChatproException.badRequest("ids is required");
    }
    Future<JsonArray> users = ids.isEmpty() ? Future.succeededFuture(new JsonArray()) : directory.users(caller, ids);
    return users
        .map(found -> found.stream().map(u -> Person.of((JsonObject) u)).toList())
        .compose(people -> answer(caller, people))
        .map(answers -> new JsonObject().put("presence", new JsonArray(new ArrayList<>(answers))));
  }

  private Future<List<JsonObject>> answer(Caller caller, List<Person> people) {
    if (people.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Future<Map<UUID, Duty>> duty = dutyOf(people);
    Future<Set<String>> online = locations.online(people.stream().map(p -> p.userId().toString()).toList());
    return Future.all(duty, online)
        .map(v -> statuses(people, duty.result(), online.result()))
        .compose(found -> withLastSeen(caller, people, found));
  }

  /** The stored duties; a person with no row yet (not heard of from the directory) is evaluated now. */
  private Future<Map<UUID, Duty>> dutyOf(List<Person> people) {
    return duties.dutiesOf(pool, people.stream().map(Person::userId).toList()).compose(stored -> {
      List<Future<Duty>> missing = new ArrayList<>();
      List<Person> unknown = people.stream().filter(p -> !stored.containsKey(p.userId())).toList();
      unknown.forEach(p -> missing.add(evaluator.change(p.userId(), p.orgId(), conn -> Future.succeededFuture())));
      return Future.all(missing).map(v -> {
        Map<UUID, Duty> all = new HashMap<>(stored);
        for (int i = 0; i < unknown.size(); i++) {
          all.put(unknown.get(i).userId(), missing.get(i).result());
        }
        return all;
      });
    });
  }

  private static List<PresenceStatus> statuses(List<Person> people, Map<UUID, Duty> duty, Set<String> online) {
    return people.stream().map(p -> {
      Duty d = duty.get(p.userId());
      return PresenceStatus.of(!d.onDuty(), d.offDutyUntil(), online.contains(p.userId().toString()));
    }).toList();
  }

  private Future<List<JsonObject>> withLastSeen(Caller caller, List<Person> people, List<PresenceStatus> found) {
    List<UUID> offline = new ArrayList<>();
    for (int i = 0; i < people.size(); i++) {
      if (PresenceStatus.OFFLINE.equals(found.get(i).status())) {
        offline.add(people.get(i).userId());
      }
    }
    return lastSeenVisible(caller, offline)
        .compose(visible -> visible.isEmpty() ? Future.succeededFuture(Map.<UUID, Instant>of())
            : statuses.lastSeen(pool, visible))
        .map(lastSeen -> {
          List<JsonObject> answers = new ArrayList<>(people.size());
          for (int i = 0; i < people.size(); i++) {
            UUID user = people.get(i).userId();
            JsonObject answer = found.get(i).addTo(new JsonObject().put("userId", user.toString()));
            Instant seen = lastSeen.get(user);
            if (seen != null) {
              answer.put("lastSeen", Times.format(seen));
            }
            answers.add(answer);
          }
          return answers;
        });
  }

  /** Of these offline people, those whose last seen the caller may see: themselves, and others unless hidden. */
  private Future<List<UUID>> lastSeenVisible(Caller caller, List<UUID> offline) {
    List<UUID> self = offline.stream().filter(u -> u.equals(caller.userUuid())).toList();
    if (self.size() == offline.size()) {
      return Future.succeededFuture(self);
    }
    return directory.orgSettings(caller)
        .map(settings -> settings.getBoolean("hideLastSeen", false) ? self : offline);
  }
}
