-- The media a message carries, while it is not deleted: who may download it, and whether anything still carries it.
ALTER TABLE messaging.events ADD COLUMN media_id uuid;
CREATE INDEX events_media ON messaging.events (media_id) WHERE media_id IS NOT NULL;
