-- Working-hours schedules and manual off-duty state arrive with the off-duty timer; live presence is in Hazelcast.
CREATE TABLE presence.last_seen (
  user_id    uuid PRIMARY KEY,
  org_id     uuid NOT NULL,
  last_seen  timestamptz NOT NULL
);
