-- One-time sign-in codes for onboarding without email or phone: at most one per person (a new one replaces it),
-- stored only as the SHA-256 of the normalised code. Redeeming deletes the row.
CREATE TABLE directory.sign_in_codes (
  user_id     uuid PRIMARY KEY REFERENCES directory.users (id),
  org_id      uuid NOT NULL,
  code_hash   bytea NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL
);
