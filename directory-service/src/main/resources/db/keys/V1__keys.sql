-- Keys for encryption at rest (docs/operations.md, "Keys"). A schema of its own so that operators can back it up on
-- a short schedule: once an erased person's key has left every backup of this schema, their content in any older
-- backup of the other schemas can no longer be read.

-- A value sealed with the master key: a service given another master key file refuses to start.
CREATE TABLE keys.master_check (
  id       int PRIMARY KEY CHECK (id = 1),
  sealed   text NOT NULL
);

-- Each organisation's keyset, wrapped by the master key (bound to the org id).
CREATE TABLE keys.org_keys (
  org_id      uuid PRIMARY KEY,
  keyset      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  rotated_at  timestamptz
);

-- Each person's keyset, wrapped by their organisation's key (bound to the org and user ids). Erasure destroys the
-- keyset and keeps the row, so that no new key is ever made for an erased person.
CREATE TABLE keys.person_keys (
  user_id       uuid PRIMARY KEY,
  org_id        uuid NOT NULL,
  keyset        text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  destroyed_at  timestamptz,
  CHECK ((keyset IS NULL) = (destroyed_at IS NOT NULL))
);
CREATE INDEX person_keys_org ON keys.person_keys (org_id);
