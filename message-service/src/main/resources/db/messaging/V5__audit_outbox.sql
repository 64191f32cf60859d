-- Audit records written in the transaction of the action they record (chatpro.common.audit.Audit); the outbox
-- relay moves them to Kafka chatpro.audit-records.v1 and deletes them, message-service appends them to the chain.
CREATE TABLE messaging.audit_outbox (
  id          bigserial PRIMARY KEY,
  record_key  text NOT NULL,
  record_id   text NOT NULL,
  payload     text NOT NULL
);
