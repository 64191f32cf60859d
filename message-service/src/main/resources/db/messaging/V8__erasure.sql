-- Erasure finds everything a person wrote, edited or reacted by its author; without this it would read every event.
CREATE INDEX events_author ON messaging.events (actor_id) WHERE type IN ('message', 'message.edited', 'reaction');
