CREATE TABLE directory.orgs (
  id          uuid PRIMARY KEY,
  slug        text NOT NULL UNIQUE,
  name        text NOT NULL,
  settings    jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- No phone number column, ever: colleagues are found by name, title and department.
CREATE TABLE directory.users (
  id             uuid PRIMARY KEY,
  org_id         uuid NOT NULL REFERENCES directory.orgs (id),
  username       text NOT NULL,
  display_name   text NOT NULL,
  title          text,
  department     text,
  location       text,
  roles          text[] NOT NULL DEFAULT '{member}',
  active         boolean NOT NULL DEFAULT true,
  password_hash  text NOT NULL,
  version        int NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_org_username ON directory.users (org_id, lower(username));

CREATE TABLE directory.signing_keys (
  kid          text PRIMARY KEY,
  private_jwk  jsonb NOT NULL,
  public_jwk   jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz
);

-- Refresh tokens are stored only as SHA-256 hashes; a family is one login.
CREATE TABLE directory.refresh_tokens (
  token_hash  bytea PRIMARY KEY,
  family_id   uuid NOT NULL,
  user_id     uuid NOT NULL REFERENCES directory.users (id),
  org_id      uuid NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON directory.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON directory.refresh_tokens (user_id);

CREATE TABLE directory.sessions (
  family_id   uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES directory.users (id),
  org_id      uuid NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX sessions_user ON directory.sessions (user_id);

CREATE TABLE directory.outbox (
  id          bigserial PRIMARY KEY,
  record_key  text NOT NULL,
  record_id   text NOT NULL,
  payload     text NOT NULL
);
CREATE TABLE directory.relay_checkpoints (
  topic        text NOT NULL,
  partition    int NOT NULL,
  next_offset  bigint NOT NULL,
  PRIMARY KEY (topic, partition)
);
