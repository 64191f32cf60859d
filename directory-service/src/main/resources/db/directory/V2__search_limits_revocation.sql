-- Directory search: the words of each person's name, username, title and department, folded to lower case without
-- accents. "C" collation so a prefix is an index range.
CREATE TABLE directory.user_words (
  org_id   uuid NOT NULL,
  word     text COLLATE "C" NOT NULL,
  user_id  uuid NOT NULL REFERENCES directory.users (id),
  PRIMARY KEY (org_id, word, user_id)
);
CREATE INDEX user_words_user ON directory.user_words (user_id);

-- Every word ever used in an org, for typo-tolerant matching (a few thousand rows even for a large org).
CREATE TABLE directory.org_words (
  org_id  uuid NOT NULL,
  word    text COLLATE "C" NOT NULL,
  PRIMARY KEY (org_id, word)
);

CREATE EXTENSION IF NOT EXISTS fuzzystrmatch WITH SCHEMA directory;

CREATE INDEX users_org_name ON directory.users (org_id, lower(display_name), id);

-- Failed logins per account and per client address, for rate limits; rows older than the window are purged.
CREATE TABLE directory.login_failures (
  limit_key  text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key ON directory.login_failures (limit_key, at);
CREATE INDEX login_failures_at ON directory.login_failures (at);

CREATE INDEX sessions_revoked ON directory.sessions (revoked_at) WHERE revoked_at IS NOT NULL;
