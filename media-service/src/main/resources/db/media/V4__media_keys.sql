-- Media bytes are stored encrypted (Tink streaming AEAD), each object with a keyset of its own, kept here only
-- wrapped by its uploader's person key (chatpro.media.crypto.MediaCipher). Null: an object stored before media were
-- encrypted, read as it is.
ALTER TABLE media.objects ADD COLUMN object_keyset text;
ALTER TABLE media.objects ADD COLUMN thumbnail_keyset text;
-- Erasure deletes a person's media by uploader, in batches.
CREATE INDEX objects_org_uploader ON media.objects (org_id, uploader_id);
DROP INDEX media.objects_uploader;
