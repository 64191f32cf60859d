-- People may be created without a password: they sign in with a one-time sign-in code first, which sets it.
-- A login for them is checked against a decoy hash, so it costs and answers the same as a wrong password.
ALTER TABLE directory.users ALTER COLUMN password_hash DROP NOT NULL;
