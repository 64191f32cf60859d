-- A send's request_hash is a SHA-256 over its content (text included): once the message is deleted for everyone it
-- could still confirm a guessed text, so deletion clears it. A cleared hash means "any body" to a retried clientId.
ALTER TABLE messaging.sends ALTER COLUMN request_hash DROP NOT NULL;
UPDATE messaging.sends s SET request_hash = NULL FROM messaging.events e
 WHERE e.message_id = s.message_id AND e.type = 'message' AND coalesce((e.body->>'deleted')::boolean, false);
