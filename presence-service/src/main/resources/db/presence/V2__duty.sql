-- Working-hours schedules, manual overrides and each person's duty and published status. Every row names its org.
CREATE TABLE presence.schedules (
  user_id     uuid PRIMARY KEY,
  org_id      uuid NOT NULL,
  schedule    jsonb NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE TABLE presence.org_schedules (
  org_id      uuid PRIMARY KEY,
  schedule    jsonb NOT NULL,
  updated_at  timestamptz NOT NULL
);
-- At most one per person: a manual off-duty (with until) or back-on (without).
CREATE TABLE presence.overrides (
  user_id  uuid PRIMARY KEY,
  org_id   uuid NOT NULL,
  kind     text NOT NULL CHECK (kind IN ('off_duty', 'back_on')),
  set_at   timestamptz NOT NULL,
  until    timestamptz
);
-- One row per person of every org (from the directory topic, or on connect). off_duty/until/next_change are the
-- last evaluation; next_change is when to evaluate again (null: never, until something changes). online and
-- status/status_until/status_version are what was last published, so only real changes are published.
CREATE TABLE presence.duty (
  user_id         uuid PRIMARY KEY,
  org_id          uuid NOT NULL,
  off_duty        boolean NOT NULL DEFAULT false,
  until           timestamptz,
  next_change     timestamptz,
  online          boolean NOT NULL DEFAULT false,
  status          text NOT NULL DEFAULT 'offline',
  status_until    timestamptz,
  status_version  bigint NOT NULL DEFAULT 0,
  status_at       timestamptz
);
CREATE INDEX duty_due ON presence.duty (next_change) WHERE next_change IS NOT NULL;
CREATE INDEX duty_org ON presence.duty (org_id);
CREATE INDEX duty_off ON presence.duty (user_id) WHERE off_duty;

-- chatpro.presence.v1 records waiting for the outbox relay.
CREATE TABLE presence.outbox (
  id          bigserial PRIMARY KEY,
  record_key  text NOT NULL,
  record_id   text NOT NULL,
  payload     text NOT NULL
);
CREATE TABLE presence.relay_checkpoints (
  topic        text NOT NULL,
  partition    int NOT NULL,
  next_offset  bigint NOT NULL,
  PRIMARY KEY (topic, partition)
);
