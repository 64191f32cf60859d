-- Audit records written in the transaction of the action they record (chatpro.common.audit.Audit); the outbox
-- relay moves them to Kafka chatpro.audit-records.v1 and deletes them, message-service appends them to the chain.
CREATE TABLE media.audit_outbox (
  id          bigserial PRIMARY KEY,
  record_key  text NOT NULL,
  record_id   text NOT NULL,
  payload     text NOT NULL
);
CREATE TABLE media.relay_checkpoints (
  topic        text NOT NULL,
  partition    int NOT NULL,
  next_offset  bigint NOT NULL,
  PRIMARY KEY (topic, partition)
);
