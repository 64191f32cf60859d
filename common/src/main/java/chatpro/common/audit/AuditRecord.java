package chatpro.common.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One audited action as a service records it: who did what to which target, in the org whose chain it joins.
 *
 * <p>{@code details} hold ids, counts and the names of changed fields only — never names, titles, message text,
 * passwords or tokens — because the chain can never be rewritten, not even by an erasure. Their values are strings,
 * whole numbers, booleans, null, and lists or objects of those (no fractions: the canonical form has none).
 *
 * @param orgId the org whose chain the entry joins
 * @param actorId who did it; null for the system or an integration
 * @param action {@code area.verb} in lower case, e.g. {@code user.created}
 * @param targetType what kind of thing was acted on ({@code user}, {@code org}, {@code message}, ...); may be null
 * @param targetId its id; may be null
 * @param details ids, counts and field names; null means none
 */
public record AuditRecord(UUID orgId, UUID actorId, String action, String targetType, String targetId,
                          JsonObject details) {
  static final Pattern ACTION = Pattern.compile("[a-z][a-z_]*(\\.[a-z][a-z_]*)+");

  public AuditRecord {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(action, "action");
    if (!ACTION.matcher(action).matches()) {
      throw new IllegalArgumentException("an audit action is area.verb in lower case: " + action);
    }
    details = details == null ? new JsonObject() : details.copy();
    checkValues(details);
  }

  /** A record without details. */
  public AuditRecord(UUID orgId, UUID actorId, String action, String targetType, String targetId) {
    this(orgId, actorId, action, targetType, targetId, null);
  }

  private static void checkValues(Object value) {
    if (value instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        checkValues(e.getValue());
      }
    } else if (value instanceof JsonArray a) {
      a.forEach(AuditRecord::checkValues);
    } else if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal) {
      throw new IllegalArgumentException("audit details hold whole numbers only");
    } else if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new IllegalArgumentException("audit details hold JSON values only, not " + value.getClass());
    }
  }
}
