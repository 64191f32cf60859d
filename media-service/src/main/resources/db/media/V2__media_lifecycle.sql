-- What upload answers and download needs, and what keeps an object alive: the messages that carry it.
ALTER TABLE media.objects ADD COLUMN waveform smallint[];
ALTER TABLE media.objects ADD COLUMN thumbnail_key text;
-- The last time a send named this media; the sweeps leave it alone for a while after, as the message may be
-- committing while its reference is still on its way through Kafka.
ALTER TABLE media.objects ADD COLUMN claimed_at timestamptz;
CREATE INDEX objects_created ON media.objects (created_at);

-- One row per message that carries a media object, from the chat event log (chatpro.chat-events.v1).
CREATE TABLE media.refs (
  message_id  uuid NOT NULL,
  media_id    uuid NOT NULL,
  org_id      uuid NOT NULL,
  chat_id     uuid NOT NULL,
  PRIMARY KEY (message_id, media_id)
);
CREATE INDEX refs_media ON media.refs (media_id);
