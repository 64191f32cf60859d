-- What a login was made from, where the gateway could tell ("Chrome on Android"): shown to the person in their
-- subject-access export. A short summary of the User-Agent header, never the header itself.
ALTER TABLE directory.sessions ADD COLUMN device text;
