package chatpro.directory.user;

import chatpro.common.audit.AuditRecord;
import chatpro.common.bus.Caller;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a change to a person records in the audit log: {@code user.updated} naming the profile fields whose values
 * changed (never the values: they are personal), and separately {@code user.roles_changed} with the roles added and
 * removed. A patch that changes nothing records nothing.
 */
final class UserChanges {
  private UserChanges() {}

  static List<AuditRecord> records(Caller caller, User before, User after) {
    UUID org = UUID.fromString(after.orgId());
    List<AuditRecord> records = new ArrayList<>(2);
    List<String> fields = changedFields(before, after);
    if (!fields.isEmpty()) {
      records.add(new AuditRecord(org, caller.userUuid(), "user.updated", "user", after.id(),
          new JsonObject().put("fields", new JsonArray(fields))));
    }
    List<String> added = minus(after.roles(), before.roles());
    List<String> removed = minus(before.roles(), after.roles());
    if (!added.isEmpty() || !removed.isEmpty()) {
      records.add(new AuditRecord(org, caller.userUuid(), "user.roles_changed", "user", after.id(),
          new JsonObject().put("added", new JsonArray(added)).put("removed", new JsonArray(removed))
              .put("roles", new JsonArray(after.roles()))));
    }
    return records;
  }

  static List<String> changedFields(User before, User after) {
    List<String> fields = new ArrayList<>(4);
    if (!Objects.equals(before.displayName(), after.displayName())) {
      fields.add("displayName");
    }
    if (!Objects.equals(before.title(), after.title())) {
      fields.add("title");
    }
    if (!Objects.equals(before.department(), after.department())) {
      fields.add("department");
    }
    if (!Objects.equals(before.location(), after.location())) {
      fields.add("location");
    }
    return fields;
  }

  private static List<String> minus(List<String> a, List<String> b) {
    return a.stream().filter(r -> !b.contains(r)).toList();
  }
}
