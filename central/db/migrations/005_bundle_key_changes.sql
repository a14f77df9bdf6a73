-- Bundle key rotation (issue 16, item 4): every change of the bundle signing key, as the statement the OLD key signed
-- (`kiosk central bundle key --rotate`). A post takes a new key only through such a statement from the key it holds,
-- so the statements are kept forever and served in order: a post offline through two rotations walks both.
CREATE TABLE bundle_key_changes (
  seq       integer PRIMARY KEY CHECK (seq > 0),
  at        timestamptz NOT NULL,
  text      text NOT NULL,
  signature text NOT NULL
);
