-- Object keys are made by the server; the bytes live in the object store, the facts about them here.
CREATE TABLE media.objects (
  id           uuid PRIMARY KEY,
  org_id       uuid NOT NULL,
  uploader_id  uuid NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('image', 'voice')),
  mime         text NOT NULL,
  size         bigint NOT NULL,
  width        int,
  height       int,
  duration_ms  bigint,
  object_key   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX objects_uploader ON media.objects (uploader_id);
