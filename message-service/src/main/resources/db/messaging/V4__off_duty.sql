-- A read cursor moved while its member was off duty waits here and is applied (and told) when they are back.
ALTER TABLE messaging.members ADD COLUMN held_read_seq bigint;
CREATE INDEX members_held_read ON messaging.members (user_id) WHERE held_read_seq IS NOT NULL;

-- Every urgent message, for the organisation: who sent it, to which chat, who was off duty then, and when.
CREATE TABLE messaging.urgent_uses (
  message_id   uuid PRIMARY KEY,
  org_id       uuid NOT NULL,
  chat_id      uuid NOT NULL,
  sender_id    uuid NOT NULL,
  recipients   uuid[] NOT NULL,
  off_duty     uuid[] NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX urgent_uses_org ON messaging.urgent_uses (org_id, at);
