package chatpro.messaging.compliance;

import chatpro.common.bus.Addresses;
import chatpro.common.bus.Caller;
import chatpro.common.bus.Directory;
import chatpro.common.error.ChatproException;
import chatpro.common.json.Fields;
import chatpro.messaging.chat.Membership;
import chatpro.messaging.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * Erasing a person (protocol.md, "Erasure and encryption at rest"), in an order that can be asked again after any
 * failure and finishes what was left: refused under a legal hold; then directory-service destroys their key and
 * empties their profile (from then on nothing they wrote can be read, in the database or any backup, once the key
 * schema's backups have aged out); then they leave every group, what they wrote reads {@code erased}, and
 * media-service deletes what they uploaded, and their subject-access exports go (file and row). Presence forgets
 * them from {@code chatpro.user.erased}.
 */
public final class Erasure {
  static final int BATCH = 1_000;
  private static final long STEP_TIMEOUT_MS = 120_000;

  private final Vertx vertx;
  private final Directory directory;
  private final Holds holds;
  private final Membership membership;
  private final EventLog log;
  private final ExportSweeper exports;

  public Erasure(Vertx vertx, Directory directory, Holds holds, Membership membership, EventLog log,
      ExportSweeper exports) {
    this.vertx = vertx;
    this.directory = directory;
    this.holds = holds;
    this.membership = membership;
    this.log = log;
    this.exports = exports;
  }

  /** {@code {caller, userId, reason}} → {@code {}}; admins and compliance officers. */
  public Future<JsonObject> erase(JsonObject request) {
    Caller caller = Caller.from(request);
    String id = request.getString("userId");
    if (!Fields.isId(id)) {
      return Future.failedFuture(ChatproException.notFound("user"));
    }
    UUID target = UUID.fromString(id);
    Fields.string(request, "reason", 1, 500);
    return directory.user(caller, id)
        .compose(user -> directory.requireAnyRole(caller, List.of("admin", "compliance"),
            "only an admin or a compliance officer may erase people"))
        .compose(v -> holds.requireNoHoldOn(caller.orgUuid(), target))
        .compose(v -> ask(Addresses.DIRECTORY_USER_ERASE, request))
        .compose(v -> membership.removeFromEveryGroup(caller, target))
        .compose(groups -> log.eraseAuthor(caller.orgUuid(), target, BATCH))
        .compose(events -> ask(Addresses.MEDIA_ERASE_OWNER, new JsonObject()
            .put("orgId", caller.orgId()).put("userId", id)))
        .compose(v -> exports.deleteAbout(caller.orgUuid(), target))
        .map(v -> new JsonObject());
  }

  private Future<JsonObject> ask(String address, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(address, request, new DeliveryOptions().setSendTimeout(STEP_TIMEOUT_MS))
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(ChatproException.from(e)));
  }
}
