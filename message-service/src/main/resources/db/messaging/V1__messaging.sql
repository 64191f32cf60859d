CREATE TABLE messaging.chats (
  id                uuid PRIMARY KEY,
  org_id            uuid NOT NULL,
  type              text NOT NULL CHECK (type IN ('direct', 'group')),
  name              text,
  -- "<smaller user id>:<larger user id>" for direct chats, so a pair has one chat.
  direct_key        text,
  last_seq          bigint NOT NULL DEFAULT 0,
  created_by        uuid NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_activity_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX chats_direct_pair ON messaging.chats (org_id, direct_key) WHERE direct_key IS NOT NULL;

-- A member sees events joined_seq .. removed_seq (inclusive); a creator's members join at 0.
CREATE TABLE messaging.members (
  chat_id       uuid NOT NULL REFERENCES messaging.chats (id),
  user_id       uuid NOT NULL,
  org_id        uuid NOT NULL,
  role          text NOT NULL CHECK (role IN ('member', 'admin')),
  joined_seq    bigint NOT NULL,
  removed_seq   bigint,
  received_seq  bigint NOT NULL DEFAULT 0,
  read_seq      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX members_user ON messaging.members (user_id);

-- The per-chat event log. Message content lives in body and is read and written only by EventLog.
CREATE TABLE messaging.events (
  chat_id     uuid NOT NULL,
  seq         bigint NOT NULL,
  org_id      uuid NOT NULL,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  actor_id    uuid,
  message_id  uuid,
  body        jsonb NOT NULL,
  PRIMARY KEY (chat_id, seq)
);
CREATE INDEX events_message ON messaging.events (message_id) WHERE message_id IS NOT NULL;

-- One row per accepted send, so a retried clientId returns the first answer and stores nothing new.
CREATE TABLE messaging.sends (
  sender_id     uuid NOT NULL,
  client_id     text NOT NULL,
  chat_id       uuid NOT NULL,
  request_hash  bytea NOT NULL,
  message_id    uuid NOT NULL,
  PRIMARY KEY (sender_id, client_id)
);

CREATE TABLE messaging.outbox (
  id          bigserial PRIMARY KEY,
  record_key  text NOT NULL,
  record_id   text NOT NULL,
  payload     text NOT NULL
);
CREATE TABLE messaging.relay_checkpoints (
  topic        text NOT NULL,
  partition    int NOT NULL,
  next_offset  bigint NOT NULL,
  PRIMARY KEY (topic, partition)
);
