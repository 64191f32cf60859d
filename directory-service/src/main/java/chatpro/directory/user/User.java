package chatpro.directory.user;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.List;

/**
 * A person in an organisation's directory, as the protocol shows them. An erased person keeps only their id and org:
 * they read as "Former colleague", with no roles, inactive.
 */
public record User(String id, String orgId, String username, String displayName, String title, String department,
    String location, List<String> roles, boolean active, int version, boolean erased) {

  public static final String FORMER_COLLEAGUE = "Former colleague";

  public static final List<String> ROLES = List.of("member", "admin", "compliance");

  public static User from(Row row) {
    return new User(row.getUUID("id").toString(), row.getUUID("org_id").toString(), row.getString("username"),
        row.getString("display_name"), row.getString("title"), row.getString("department"),
        row.getString("location"), Arrays.asList(row.getArrayOfStrings("roles")), row.getBoolean("active"),
        row.getInteger("version"), row.getColumnIndex("erased_at") >= 0 && row.getValue("erased_at") != null);
  }

  public boolean isAdmin() {
    return roles.contains("admin");
  }

  public JsonObject toJson() {
    if (erased) {
      return new JsonObject().put("id", id).put("orgId", orgId).put("displayName", FORMER_COLLEAGUE)
          .put("roles", new JsonArray()).put("active", false).put("erased", true);
    }
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("orgId", orgId)
        .put("username", username)
        .put("displayName", displayName);
    if (title != null) {
      json.put("title", title);
    }
    if (department != null) {
      json.put("department", department);
    }
    if (location != null) {
      json.put("location", location);
    }
    return json.put("roles", new JsonArray(roles)).put("active", active);
  }
}
