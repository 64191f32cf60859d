-- Investigation exports (the compliance area): one row per export, its job state and, once ready, its file.
-- A job runs on one replica at a time ('running', renewing heartbeat_at); one whose heartbeat stops is failed.
CREATE TABLE messaging.exports (
  id            uuid PRIMARY KEY,
  org_id        uuid NOT NULL,
  created_by    uuid NOT NULL,
  scope         text NOT NULL CHECK (scope IN ('user', 'chat')),
  target_id     uuid NOT NULL,
  from_at       timestamptz,
  to_at         timestamptz,
  reason        text NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'running', 'ready', 'failed')),
  progress      int NOT NULL DEFAULT 0,
  size          bigint,
  sha256        text,
  object_key    text,
  upload_id     text,
  created_at    timestamptz NOT NULL,
  started_at    timestamptz,
  heartbeat_at  timestamptz,
  finished_at   timestamptz,
  -- Ready or failed exports are deleted (row and file) from this instant on.
  expires_at    timestamptz
);
CREATE INDEX exports_creator ON messaging.exports (created_by, created_at);
CREATE INDEX exports_pending ON messaging.exports (created_at) WHERE status = 'pending';
CREATE INDEX exports_running ON messaging.exports (heartbeat_at) WHERE status = 'running';
CREATE INDEX exports_expiry ON messaging.exports (expires_at) WHERE expires_at IS NOT NULL;

-- Membership periods come from the log (a member row keeps only the latest one): its joins and leaves, found fast.
CREATE INDEX events_membership ON messaging.events (chat_id, seq) WHERE type IN ('member.added', 'member.removed');
