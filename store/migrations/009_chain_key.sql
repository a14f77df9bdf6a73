-- The keyed chain (store/chain-key.ts). Events from `keyed_from` on are linked with HMAC-SHA256 under a
-- per-journal secret kept OUTSIDE this file (journal.sqlite.key, mode 0600); earlier events, written by older
-- versions, keep their unkeyed SHA-256 link. This row says the journal has a key, so a missing key file is an
-- error and never a reason to make a new one. `key_id` is a keyed fingerprint: it names the key, it does not
-- reveal it. The row is written by code right after this migration (the key is not SQL's to make).
CREATE TABLE journal_chain (
  one         INTEGER NOT NULL PRIMARY KEY CHECK (one = 1),
  key_id      TEXT    NOT NULL CHECK (length(key_id) = 16),
  keyed_from  INTEGER NOT NULL CHECK (keyed_from >= 1),
  created_at  TEXT    NOT NULL
);
CREATE TRIGGER journal_chain_no_update BEFORE UPDATE ON journal_chain
BEGIN SELECT RAISE(ABORT, 'journal_chain: the chain key of a journal never changes'); END;
CREATE TRIGGER journal_chain_no_delete BEFORE DELETE ON journal_chain
BEGIN SELECT RAISE(ABORT, 'journal_chain: the chain key of a journal is never removed'); END;

-- Payments: the masked PAN and the receipt lines are personal data, purged by retention, so they never go into
-- the chain; the chain holds a keyed digest of (salt, masked PAN, receipt lines) instead (store/payment-seal.ts).
-- The random salt is purged with them: after a purge nothing in the journal can be tied back to the card number,
-- not even by someone holding the key.
ALTER TABLE payments ADD COLUMN personal_salt TEXT;
UPDATE payments SET personal_salt = lower(hex(randomblob(16))) WHERE personal_purged_at IS NULL;
CREATE TRIGGER payments_personal_salt AFTER INSERT ON payments WHEN NEW.personal_salt IS NULL
BEGIN UPDATE payments SET personal_salt = lower(hex(randomblob(16))) WHERE id = NEW.id; END;
CREATE TRIGGER payments_purge_salt_one_way BEFORE UPDATE OF personal_salt ON payments
WHEN OLD.personal_purged_at IS NOT NULL AND NEW.personal_salt IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'payments: personal data of this payment was purged by retention and cannot be written again'); END;
