-- Each org word gets an increasing id, so a directory replica can keep the words in memory and fetch only new ones
-- before every search (typo-tolerant matching runs there; exact prefixes still use the index).
ALTER TABLE directory.org_words ADD COLUMN id bigserial;
CREATE INDEX org_words_new ON directory.org_words (org_id, id);
