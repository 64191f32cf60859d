-- Erasure (protocol.md, "Erasure and encryption at rest"): an erased person's row stays, so ids in chats, receipts
-- and the audit chain still resolve, but it holds nothing of them: "Former colleague", no roles, no password, a
-- username no one can type. Their key in the keys schema is destroyed in the same transaction.
ALTER TABLE directory.users ADD COLUMN erased_at timestamptz;
