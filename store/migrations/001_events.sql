-- The append-only journal of everything that happens. Rows are never updated nor deleted (triggers say so),
-- and each row carries the hash of the one before it, so an edit made behind the software's back shows.
CREATE TABLE events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT    NOT NULL,               -- ISO 8601 UTC with milliseconds
  kind       TEXT    NOT NULL,               -- 'daemon.started', 'device.status', 'payment.intent', …
  subject    TEXT,                           -- what it is about: a device id, a payment id, a ticket id
  payload    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
  prev_hash  TEXT    NOT NULL,               -- hash of the previous event ('' for the first)
  hash       TEXT    NOT NULL UNIQUE         -- sha256 over prev_hash, at, kind, subject, payload
);
CREATE INDEX events_kind_at ON events(kind, at);
CREATE INDEX events_subject ON events(subject, id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events is append-only: write a new event instead of changing one'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events is append-only: rows are never deleted'); END;
