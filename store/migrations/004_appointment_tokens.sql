-- Appointment tokens that have checked in. The primary key on token_id is the guard against double use:
-- two kiosks sharing the journal, or two fast scans, cannot both insert the same token id. No personal
-- data: the token id, the appointment id and where/when it was used.
CREATE TABLE appointment_tokens_used (
  token_id       TEXT NOT NULL PRIMARY KEY CHECK (length(token_id) BETWEEN 16 AND 64 AND token_id NOT GLOB '*[^0-9a-f]*'),
  kiosk_id       TEXT NOT NULL CHECK (length(kiosk_id) > 0),
  used_at        TEXT NOT NULL,              -- ISO 8601 UTC
  appointment_id TEXT,
  consulate      TEXT,
  expires_at     TEXT                        -- the token's exp: after it the row is only history (purge)
);
CREATE INDEX appointment_tokens_used_expires ON appointment_tokens_used(expires_at);

CREATE TRIGGER appointment_tokens_used_no_update BEFORE UPDATE ON appointment_tokens_used
BEGIN SELECT RAISE(ABORT, 'appointment_tokens_used rows are never changed: a use is a fact'); END;
