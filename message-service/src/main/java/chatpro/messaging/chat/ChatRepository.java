package chatpro.messaging.chat;

import chatpro.messaging.chat.Chat.Member;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Chats and their membership rows. */
public final class ChatRepository {
  static final String INSERT_CHAT = "INSERT INTO chats (id, org_id, type, name, direct_key, created_by)"
      + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, direct_key) WHERE direct_key IS NOT NULL DO NOTHING";
  static final String INSERT_MEMBERS = "INSERT INTO members (chat_id, user_id, org_id, role, joined_seq)"
      + " SELECT $1, u, $2, r, $3 FROM unnest($4::uuid[], $5::text[]) AS t(u, r)"
      + " ON CONFLICT (chat_id, user_id) DO UPDATE SET role = excluded.role, joined_seq = excluded.joined_seq,"
      + " removed_seq = NULL";
  static final String DIRECT = "SELECT id FROM chats WHERE org_id = $1 AND direct_key = $2";
  static final String CHAT = "SELECT id, org_id, type, name, last_seq, created_at FROM chats"
      + " WHERE id = $1 AND org_id = $2";
  static final String MEMBERS = "SELECT user_id, role, received_seq, read_seq FROM members WHERE chat_id = $1"
      + " AND removed_seq IS NULL ORDER BY role, user_id";
  static final String MEMBERSHIP = "SELECT role FROM members WHERE chat_id = $1 AND user_id = $2"
      + " AND removed_seq IS NULL";

  /** Inserts a chat; answers false when a direct chat of the same pair already exists. */
  public Future<Boolean> insert(SqlClient client, UUID id, UUID orgId, String type, String name, String directKey,
      UUID createdBy) {
    return client.preparedQuery(INSERT_CHAT).execute(Tuple.of(id, orgId, type, name, directKey, createdBy))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Void> addMembers(SqlClient client, UUID chatId, UUID orgId, long joinedSeq, List<Member> members) {
    UUID[] users = members.stream().map(Member::userId).toArray(UUID[]::new);
    String[] roles = members.stream().map(Member::role).toArray(String[]::new);
    return client.preparedQuery(INSERT_MEMBERS).execute(Tuple.of(chatId, orgId, joinedSeq, users, roles))
        .mapEmpty();
  }

  public Future<Optional<UUID>> direct(SqlClient client, UUID orgId, String directKey) {
    return client.preparedQuery(DIRECT).execute(Tuple.of(orgId, directKey))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID(0)));
  }

  /** The chat of that org with its current members, if it exists. */
  public Future<Optional<Chat>> find(SqlClient client, UUID chatId, UUID orgId) {
    return client.preparedQuery(CHAT).execute(Tuple.of(chatId, orgId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      Row row = rows.iterator().next();
      return client.preparedQuery(MEMBERS).execute(Tuple.of(chatId)).map(memberRows -> {
        List<Member> members = new ArrayList<>();
        memberRows.forEach(m -> members.add(member(m)));
        return Optional.of(new Chat(row.getUUID("id"), row.getUUID("org_id"), row.getString("type"),
            row.getString("name"), members, row.getLong("last_seq"), row.getOffsetDateTime("created_at").toInstant()));
      });
    });
  }

  /** A member row with its cursors (the columns of {@link #MEMBERS}). */
  public static Member member(Row row) {
    return new Member(row.getUUID("user_id"), row.getString("role"), row.getLong("received_seq"),
        row.getLong("read_seq"));
  }

  /** The caller's role in the chat if they are a current member. */
  public Future<Optional<String>> role(SqlClient client, UUID chatId, UUID userId) {
    return client.preparedQuery(MEMBERSHIP).execute(Tuple.of(chatId, userId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
  }
}
