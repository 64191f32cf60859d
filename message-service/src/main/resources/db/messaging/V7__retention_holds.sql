-- Retention: when the sweep took a message's content (or a reaction's or edit's, with its message); null while the
-- event still has content to lose. Readers need not look at it: the body itself then says "expired": true.
ALTER TABLE messaging.events ADD COLUMN expired_at timestamptz;
-- The message a reaction, edit or deletion is about, so the sweep finds them by the message without reading bodies.
ALTER TABLE messaging.events ADD COLUMN target_id uuid;
UPDATE messaging.events SET target_id = (body->>'messageId')::uuid
  WHERE type IN ('reaction', 'message.edited', 'message.deleted');
CREATE INDEX events_target ON messaging.events (target_id) WHERE target_id IS NOT NULL;
-- The sweep's way in: per org by time, the messages that still have content (an expired one leaves this index, so
-- a sweep never walks again over what earlier sweeps took).
CREATE INDEX events_unexpired ON messaging.events (org_id, at, chat_id, seq)
  WHERE type = 'message' AND expired_at IS NULL;

-- Legal holds: while one is active (lifted_at null), what it covers is kept (messages of a person, or of a chat).
CREATE TABLE messaging.holds (
  id          uuid PRIMARY KEY,
  org_id      uuid NOT NULL,
  scope       text NOT NULL CHECK (scope IN ('user', 'chat')),
  target_id   uuid NOT NULL,
  reason      text NOT NULL,
  placed_by   uuid NOT NULL,
  placed_at   timestamptz NOT NULL,
  lifted_by   uuid,
  lifted_at   timestamptz
);
CREATE INDEX holds_active ON messaging.holds (org_id, target_id) WHERE lifted_at IS NULL;

-- Content members no longer see (edited or deleted) that a legal hold keeps for exports: the event's body as it
-- was before the first change made while held. No reader of the log shows this table; it goes when no hold covers
-- it any more.
CREATE TABLE messaging.held_originals (
  chat_id     uuid NOT NULL,
  seq         bigint NOT NULL,
  org_id      uuid NOT NULL,
  sender_id   uuid NOT NULL,
  message_id  uuid NOT NULL,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  body        jsonb NOT NULL,
  media_id    uuid,
  kept_at     timestamptz NOT NULL,
  PRIMARY KEY (chat_id, seq)
);
CREATE INDEX held_originals_sender ON messaging.held_originals (org_id, sender_id);
CREATE INDEX held_originals_message ON messaging.held_originals (message_id);
CREATE INDEX held_originals_media ON messaging.held_originals (media_id) WHERE media_id IS NOT NULL;

-- Media that a message stopped carrying without a message.deleted event (expiry, an original no longer held):
-- media-service is told, and the row goes once it has answered.
CREATE TABLE messaging.media_releases (
  message_id  uuid NOT NULL,
  media_id    uuid NOT NULL,
  org_id      uuid NOT NULL,
  PRIMARY KEY (message_id, media_id)
);
