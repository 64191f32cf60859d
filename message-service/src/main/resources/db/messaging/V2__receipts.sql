-- One row per advance of a member's received or read cursor (not one per message): the "message info" screen finds
-- when a message was received and read as the first advance that passed its seq.
CREATE TABLE messaging.cursor_moves (
  chat_id   uuid NOT NULL,
  user_id   uuid NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('received', 'read')),
  from_seq  bigint NOT NULL,
  to_seq    bigint NOT NULL,
  at        timestamptz NOT NULL
);
CREATE INDEX cursor_moves_chat ON messaging.cursor_moves (chat_id, to_seq);

CREATE INDEX events_chat_messages ON messaging.events (chat_id, seq) WHERE type = 'message';
