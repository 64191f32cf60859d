-- Subject-access exports share the exports table and its job queue: scope 'sar', the person in target_id, made by
-- that person or by a compliance officer; the person asking for their own gives no reason.
ALTER TABLE messaging.exports DROP CONSTRAINT exports_scope_check;
ALTER TABLE messaging.exports ADD CONSTRAINT exports_scope_check CHECK (scope IN ('user', 'chat', 'sar'));
ALTER TABLE messaging.exports ALTER COLUMN reason DROP NOT NULL;
-- A person's own exports are found by them, and erasure finds every one about them.
CREATE INDEX exports_subject ON messaging.exports (target_id) WHERE scope = 'sar';
