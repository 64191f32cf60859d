-- The audit chain: each org's entries in seq order, each hashed over the one before (docs/protocol.md, "Audit log").
-- The services' role may only SELECT and INSERT here (Migrations grants it so); only the schema's owner could change
-- a row, and verification then names the first entry that no longer checks out.
CREATE TABLE audit.entries (
  org_id       uuid NOT NULL,
  seq          bigint NOT NULL,
  at           timestamptz NOT NULL,
  actor_id     uuid,
  action       text NOT NULL,
  target_type  text,
  target_id    text,
  details      jsonb NOT NULL,
  prev_hash    text NOT NULL,
  hash         text NOT NULL,
  -- The record's id from the service that wrote it: a redelivered record is appended once.
  source_id    uuid NOT NULL,
  appended_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, seq)
);
CREATE UNIQUE INDEX entries_source ON audit.entries (source_id);
-- The admin screen's filters, each still in seq order.
CREATE INDEX entries_action ON audit.entries (org_id, action, seq);
CREATE INDEX entries_actor ON audit.entries (org_id, actor_id, seq) WHERE actor_id IS NOT NULL;
CREATE INDEX entries_target ON audit.entries (org_id, target_id, seq) WHERE target_id IS NOT NULL;
CREATE INDEX entries_at ON audit.entries (org_id, at);

-- Each appended entry, to Kafka chatpro.audit.v1 from here, so a crash after the append cannot lose a head.
CREATE TABLE audit.outbox (
  id          bigserial PRIMARY KEY,
  record_key  text NOT NULL,
  record_id   text NOT NULL,
  payload     text NOT NULL
);
CREATE TABLE audit.relay_checkpoints (
  topic        text NOT NULL,
  partition    int NOT NULL,
  next_offset  bigint NOT NULL,
  PRIMARY KEY (topic, partition)
);

-- Verifications run as jobs: whichever message-service replica is asked reads their progress here.
CREATE TABLE audit.verifications (
  id          uuid PRIMARY KEY,
  org_id      uuid NOT NULL,
  created_by  uuid NOT NULL,
  status      text NOT NULL,
  checked     bigint NOT NULL DEFAULT 0,
  total       bigint NOT NULL,
  result      jsonb,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX verifications_org ON audit.verifications (org_id, created_at);
