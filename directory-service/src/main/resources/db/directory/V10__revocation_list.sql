-- The list of ended logins that every gateway node keeps a copy of (chatpro.common.auth.Revocation): one row per
-- change (a logout, a deactivation, a password change or reset, an erasure, a reused refresh token), numbered by
-- the single head row. Taking the next number locks that row until the change commits, so numbers commit in order:
-- a node that holds number n and asks for what came after it can never skip a change that commits later.
-- Rows older than the longest access token lifetime refuse nothing any more and are purged.
CREATE TABLE directory.revocations (
  version      bigint PRIMARY KEY,
  user_id      uuid NOT NULL,
  session_ids  uuid[] NOT NULL,
  not_before   timestamptz,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revocations_at ON directory.revocations (at);

CREATE TABLE directory.revocation_head (
  only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version   bigint NOT NULL
);

-- Logins ended before this list existed, within the longest token lifetime (a day), one change per person.
INSERT INTO directory.revocations (version, user_id, session_ids, at)
SELECT row_number() OVER (ORDER BY max(revoked_at)), user_id, array_agg(family_id), max(revoked_at)
FROM directory.sessions WHERE revoked_at > now() - interval '1 day' GROUP BY user_id;
INSERT INTO directory.revocation_head (version) SELECT count(*) FROM directory.revocations;
