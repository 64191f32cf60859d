package chatpro.common.bus;

/** Every event-bus address, in one place. Requests carry JSON objects; failures use ChatproException. */
public final class Addresses {
  private Addresses() {}

  // directory-service
  public static final String ORG_CREATE = "directory.org.create";
  public static final String ORG_GET = "directory.org.get";
  public static final String ORG_UPDATE = "directory.org.update";
  /** {@code {after?}} → {@code {orgs:[{orgId, messageRetentionDays}], after?}}: orgs that set a retention period. */
  public static final String ORGS_WITH_RETENTION = "directory.orgs.with-retention";
  public static final String AUTH_LOGIN = "directory.auth.login";
  public static final String AUTH_REFRESH = "directory.auth.refresh";
  public static final String AUTH_LOGOUT = "directory.auth.logout";
  public static final String AUTH_JWKS = "directory.auth.jwks";
  /** Open: {@code {code, password, clientAddress}} → the login answer; the code sets the person's password. */
  public static final String AUTH_CODE = "directory.auth.code";
  /**
   * {@code {after: version}} → the changes to the list of ended logins after that version (a
   * {@code chatpro.common.auth.Revocation.Changes}): how a gateway node catches up at start and every few seconds.
   */
  public static final String AUTH_REVOKED = "directory.auth.revoked";
  /** Published when the set of signing keys changed: gateway nodes reload the JWKS. */
  public static final String KEYS_CHANGED = "directory.keys.changed";
  /** Operator: make a new signing key now. */
  public static final String KEYS_ROTATE = "directory.keys.rotate";
  /** {@code {orgId, userId}} → {@code {org, person}} (the two keysets, wrapped) or {@code {destroyed:true}}. */
  public static final String KEYS_PERSON = "keys.person";
  /** {@code {}} → {@code {check}}: a value sealed with the master key ({@code MasterCheck}). */
  public static final String KEYS_CHECK = "keys.check";
  /** {@code {caller, userId, reason}} → {@code {}}: erases a person (message-service runs it, calling the others). */
  public static final String USER_ERASE = "messaging.user.erase";
  /** {@code {caller, userId, reason}} → {@code {}}: the directory's part of an erasure (key, profile, logins). */
  public static final String DIRECTORY_USER_ERASE = "directory.user.erase";
  /** Published {@code {userId}}: the person's key was destroyed; every key ring forgets it. */
  public static final String KEYS_EVICT = "keys.evict";
  /**
   * Subject-access exports: {@code {orgId, userId}} → {@code {user, organisation, settings, sessions, signInCode?}}:
   * what the directory keeps of the person (never a password hash or a code).
   */
  public static final String DIRECTORY_PERSONAL_DATA = "directory.user.personal-data";
  public static final String USER_CREATE = "directory.user.create";
  public static final String USER_IMPORT = "directory.user.import";
  public static final String USER_GET = "directory.user.get";
  /** {@code {caller, q?, limit?, cursor?, role?, department?, active?}} → {@code {users, nextCursor?}}. */
  public static final String USER_SEARCH = "directory.user.search";
  /** {@code {caller}} → {@code {departments:[{name, count}]}} of active people. */
  public static final String USERS_DEPARTMENTS = "directory.users.departments";
  /** Admin: {@code {caller, after?}} → {@code {users, after?}}: one page (1,000) of everyone, for the CSV export. */
  public static final String USERS_EXPORT_PAGE = "directory.users.export-page";
  /** {@code {caller, ids}} (at most 100) → {@code {users}}: those of the caller's org, deactivated ones included. */
  public static final String USERS_GET = "directory.users.get";
  public static final String USER_UPDATE = "directory.user.update";
  public static final String USER_SET_ACTIVE = "directory.user.set-active";
  public static final String USER_SET_PASSWORD = "directory.user.set-password";
  public static final String USER_CHANGE_PASSWORD = "directory.user.change-password";
  /** Admin: {@code {caller, userId}} → {@code {code, expiresAt, path}}, replacing that person's earlier code. */
  public static final String USER_SIGN_IN_CODE = "directory.user.sign-in-code";
  /** Admin: {@code {caller, userIds}} (1 to 500) → {@code {codes:[...]}}, for printing cards. */
  public static final String USERS_SIGN_IN_CODES = "directory.users.sign-in-codes";
  /** Answers which of the given user ids are active users of an org. */
  public static final String USERS_ACTIVE = "directory.users.active";

  // message-service
  public static final String CHAT_CREATE = "messaging.chat.create";
  public static final String CHAT_LIST = "messaging.chat.list";
  public static final String CHAT_GET = "messaging.chat.get";
  public static final String CHAT_RENAME = "messaging.chat.rename";
  public static final String CHAT_ADD_MEMBERS = "messaging.chat.add-members";
  public static final String CHAT_REMOVE_MEMBER = "messaging.chat.remove-member";
  /** Group admins: {@code {caller, chatId, userId, patch:{role}}} → Chat. */
  public static final String CHAT_SET_ROLE = "messaging.chat.set-role";
  public static final String CHAT_EVENTS = "messaging.chat.events";
  public static final String MESSAGE_SEND = "messaging.message.send";
  /** Many sends in one request: {@code {requests:[...]}} → {@code {results:[ack | {failure}]}}, in order. */
  public static final String MESSAGE_SEND_BATCH = "messaging.message.send-batch";
  public static final String MESSAGE_EDIT = "messaging.message.edit";
  public static final String MESSAGE_DELETE = "messaging.message.delete";
  public static final String MESSAGE_REACT = "messaging.message.react";
  public static final String MESSAGE_RECEIPTS = "messaging.message.receipts";
  public static final String SYNC = "messaging.sync";
  public static final String CURSOR = "messaging.cursor";
  public static final String TYPING = "messaging.typing";
  /**
   * Org admins: {@code {caller, userId, cursor?, limit?}} → {@code {groups:[{id, type, name, members:[{userId, role}],
   * memberCount, lastSeq, createdAt, role}], nextCursor?}}: the groups that person is in now (membership only).
   */
  public static final String USER_GROUPS = "messaging.user.groups";
  /** {@code {userId}} → {@code {userIds}}: the people who share a chat with this user (who see their presence). */
  public static final String MESSAGE_CONTACTS = "messaging.contacts";

  /** message-service: may this person see a message carrying this media (for media-service's download check)? */
  public static final String MESSAGE_MEDIA_VISIBLE = "messaging.media.visible";
  /** message-service: how many messages not deleted carry this media (for media-service's deletion). */
  public static final String MESSAGE_MEDIA_CARRIED = "messaging.media.carried";

  /** Compliance: {@code {caller, hold:{scope, targetId, reason}}} → the hold. */
  public static final String HOLD_PLACE = "messaging.hold.place";
  /** Compliance: {@code {caller}} → {@code {holds}}, the org's active legal holds. */
  public static final String HOLD_LIST = "messaging.hold.list";
  /** Compliance: {@code {caller, holdId}} → {@code {}}. */
  public static final String HOLD_LIFT = "messaging.hold.lift";
  /**
   * The check erasure makes: {@code {orgId, userId}} → {@code {}}, or 409 {@code conflict} while a legal hold covers
   * the person or a chat holding their messages ({@code Holds.requireNoHoldOn} in message-service).
   */
  public static final String HOLDS_REQUIRE_NONE = "messaging.holds.require-none";
  /** Operator: {@code {}} → {@code {started}}: a retention sweep now, unless this replica is sweeping already. */
  public static final String RETENTION_SWEEP_NOW = "messaging.retention.sweep-now";

  /** message-service: the org's record of urgent messages (admins and compliance officers). */
  public static final String URGENT_USES = "messaging.urgent-uses";

  // message-service: investigation exports (the compliance area); compliance officers, by their current roles
  /** {@code {caller, export:{scope, targetId, from?, to?, reason}}} → {@code {id, status:"pending"}}. */
  public static final String EXPORT_CREATE = "messaging.export.create";
  /** {@code {caller, exportId}} → the export's status, for its maker only (404 for anyone else). */
  public static final String EXPORT_GET = "messaging.export.get";
  /** {@code {caller}} → {@code {exports:[...]}}: the caller's own, newest first. */
  public static final String EXPORT_LIST = "messaging.export.list";
  /** {@code {caller, exportId}} → a store URL of the ready zip and how to serve it; audited as a download. */
  public static final String EXPORT_DOWNLOAD = "messaging.export.download";

  // message-service: subject-access exports (a person's own data, protocol.md "Subject access")
  /** {@code {caller}} → {@code {id, status:"pending"}}: the caller's own; one still pending is answered again. */
  public static final String SAR_CREATE_OWN = "messaging.sar.create-own";
  /** {@code {caller}} → {@code {exports:[...]}}: the caller's own subject-access exports, newest first. */
  public static final String SAR_LIST_OWN = "messaging.sar.list-own";
  /** {@code {caller, exportId}} → the status of one of the caller's own (404 for anyone else's). */
  public static final String SAR_GET_OWN = "messaging.sar.get-own";
  /** {@code {caller, exportId}} → where the gateway streams the caller's own ready zip from. */
  public static final String SAR_DOWNLOAD_OWN = "messaging.sar.download-own";
  /** Compliance: {@code {caller, userId, reason?}} → {@code {id, status:"pending"}}; audited {@code sar.created}. */
  public static final String SAR_CREATE_FOR = "messaging.sar.create-for";

  /**
   * message-service, admins and compliance officers: {@code {caller, after?, before?, limit?, action?, actorId?,
   * targetId?, from?, to?}} → {@code {entries:[AuditEntry]}} of the caller's org, in seq order.
   */
  public static final String AUDIT_LIST = "messaging.audit.list";
  /** {@code {caller}} → {@code {ok:true, entries, head}} or {@code {ok:false, brokenAt}}: the whole chain checked. */
  public static final String AUDIT_VERIFY = "messaging.audit.verify";
  /** {@code {caller}} → {@code {id, status, progress, checked, total}}: a verification that runs as a job. */
  public static final String AUDIT_VERIFICATION_START = "messaging.audit.verification.start";
  /** {@code {caller, id}} → the job, with {@code result} once {@code status} is {@code done}. */
  public static final String AUDIT_VERIFICATION_GET = "messaging.audit.verification.get";

  // media-service. It alone holds the object-store credentials and opens the encrypted bytes: the URLs it answers
  // name its internal HTTP server (CHATPRO_MEDIA_INTERNAL_PORT) with a short-lived signature, never the store.
  /**
   * Before an upload: {@code {caller, kind, length?}} → {@code {url, maxBytes}}, or 413 when the declared length is
   * too large. The gateway PUTs the whole body to {@code url} (with its Content-Type and Content-Length); the answer
   * is 201 with the media record, or the protocol's error shape (413, 415, 503) with nothing stored.
   */
  public static final String MEDIA_UPLOAD_SLOT = "media.upload.slot";
  /**
   * Download check: {@code {caller, mediaId, thumbnail?}} → {@code {url, expiresAt, mime, fileName, size?}}: a
   * short-lived URL that streams the decrypted bytes (or thumbnail), honouring {@code Range}, and how to serve them.
   */
  public static final String MEDIA_ACCESS = "media.access";
  /**
   * For {@code GET /api/v1/media/{id}/url}: {@code {caller, mediaId, thumbnail}} → a {@link MediaLink} signed for a
   * few minutes, after the same check as {@link #MEDIA_ACCESS}.
   */
  public static final String MEDIA_LINK = "media.link";
  /**
   * A {@link MediaLink} as a client presented it → the same answer as {@link #MEDIA_ACCESS}, or 404 when its signature
   * does not check out, it has expired, or the media is gone (never saying which).
   */
  public static final String MEDIA_LINK_OPEN = "media.link.open";
  /**
   * From message-service's retention: {@code {items:[{messageId, mediaId, orgId}]}} → {@code {}}: these messages no
   * longer carry these media (expired, or an original no hold keeps); media nothing carries any more are deleted.
   */
  public static final String MEDIA_RELEASE = "media.release";
  /**
   * For erasure: {@code {orgId, userId}} → {@code {deleted: n}}: every media object that person uploaded (bytes,
   * thumbnail and row) is deleted, whatever carries it; asking again deletes nothing more.
   */
  public static final String MEDIA_ERASE_OWNER = "media.erase-owner";
  /**
   * Operator: {@code {}} → {@code {sealed}}: encrypts now what was stored before media were encrypted (every replica
   * also does so every few minutes).
   */
  public static final String MEDIA_SEAL_LEGACY = "media.seal-legacy";
  /** For a send with a mediaId: the media's metadata if the sender uploaded it. */
  public static final String MEDIA_DESCRIBE = "media.describe";

  /**
   * For export jobs: {@code {orgId, mediaId}} → {@code {url, mime, size}}, a short-lived URL that streams the
   * decrypted bytes, or 404 when the media is gone (deleted, or its uploader erased). No person's access is checked:
   * message-service has decided what the export holds.
   */
  public static final String MEDIA_EXPORT_SOURCE = "media.export.source";
  /**
   * {@code {orgId, exportId, keyOwner, keyset}} → {@code {key, uploadId}}: a multipart upload of an export file
   * begins. The file is encrypted by its writer; {@code keyset} is its streaming keyset wrapped by the key owner's
   * person key ({@code ExportFileCipher}), stored with the file and used to decrypt it when it is served.
   */
  public static final String EXPORT_FILE_START = "media.export-file.start";
  /** {@code {key, uploadId, part}} → {@code {url}}: a short-lived URL that takes one PUT of that part. */
  public static final String EXPORT_FILE_PART = "media.export-file.part";
  /** {@code {key, uploadId, parts:[{part, etag}]}} → {@code {}}: the parts become the object. */
  public static final String EXPORT_FILE_COMPLETE = "media.export-file.complete";
  /** {@code {key, uploadId}} → {@code {}}: an unfinished upload and its parts are dropped. */
  public static final String EXPORT_FILE_ABORT = "media.export-file.abort";
  /**
   * {@code {key, fileName}} → {@code {url, mime, fileName, size, disposition}}: a short-lived URL of media-service
   * that streams the file decrypted (with {@code Range}), for a gateway to pass on; {@code size} is the plaintext's.
   * 404 once the file's key owner's key is destroyed.
   */
  public static final String EXPORT_FILE_LINK = "media.export-file.link";
  /** {@code {key}} → {@code {}}: the file is deleted (a missing one is not an error). */
  public static final String EXPORT_FILE_DELETE = "media.export-file.delete";

  // presence-service
  public static final String PRESENCE_CONNECT = "presence.connect";
  public static final String PRESENCE_DISCONNECT = "presence.disconnect";
  public static final String PRESENCE_LOCATE = "presence.locate";
  /**
   * {@code {nodeId}} → {@code {offline}}: a gateway node stopped cleanly; its users lose that node (a node whose
   * cluster member leaves needs no call: presence sees the member go).
   */
  public static final String PRESENCE_NODE_GONE = "presence.node-gone";
  /** {@code {caller, userId}} → {@code {userId, status, lastSeen?, offDutyUntil?}}. */
  public static final String PRESENCE_GET = "presence.get";
  /** {@code {caller, ids}} (at most 100) → {@code {presence:[...]}}: as presence.get, for the caller's org only. */
  public static final String PRESENCE_GET_MANY = "presence.get-many";
  /** {@code {caller}} → the caller's own schedule, or the empty shape. */
  public static final String PRESENCE_SCHEDULE_GET = "presence.schedule.get";
  /** {@code {caller, schedule}} → the saved schedule; clears the caller's manual override. */
  public static final String PRESENCE_SCHEDULE_PUT = "presence.schedule.put";
  /** {@code {caller}} → the org's default schedule, or the empty shape. */
  public static final String PRESENCE_ORG_SCHEDULE_GET = "presence.org-schedule.get";
  /** Admin: {@code {caller, schedule}} → the saved org default schedule. */
  public static final String PRESENCE_ORG_SCHEDULE_PUT = "presence.org-schedule.put";
  /** {@code {caller, until}} → {@code {status:"off_duty", offDutyUntil}}. */
  public static final String PRESENCE_OFF_DUTY_SET = "presence.off-duty.set";
  /** {@code {caller}} → {@code {}}: back on duty until the schedule's next start or end. */
  public static final String PRESENCE_OFF_DUTY_CLEAR = "presence.off-duty.clear";
  /**
   * Subject-access exports: {@code {orgId, userId}} → what presence keeps of the person: their schedule, the org's
   * default, a manual off-duty or back-on, their status now and last seen.
   */
  public static final String PRESENCE_PERSONAL_DATA = "presence.personal-data";

  // gateway nodes
  /** Per gateway node: events and frames for the users connected there. */
  public static String gatewayDeliver(String nodeId) {
    return "gateway.deliver." + nodeId;
  }

  /** Published to every gateway node, a {@code chatpro.common.auth.Revocation}: refuse those tokens, close sockets. */
  public static final String GATEWAY_SESSIONS_END = "gateway.sessions.end";

  /** Each service answers its own health check here. */
  public static String health(String service) {
    return "health." + service;
  }
}
