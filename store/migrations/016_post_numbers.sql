-- Issue 15, numbers at the post level. The hub counts online numbers up from numbering.start for every kiosk;
-- each kiosk leases offline blocks taken from the top of the range (domain/queue/blocks.ts) and, once a block is
-- used up, prints from its own series ("A-K2-001"). Offline tickets are uploaded later, idempotently.

-- The series a ticket's number belongs to: '' for the post's numbering (online and block numbers), the kiosk id
-- for a kiosk's fallback series. The unique guards include it; a new column and rebuilt indexes, no table rebuild.
ALTER TABLE queue_tickets ADD COLUMN series TEXT NOT NULL DEFAULT '';
-- 1 for a ticket a kiosk printed while the hub did not answer (uploaded afterwards).
ALTER TABLE queue_tickets ADD COLUMN offline INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1));
DROP INDEX queue_tickets_number;
CREATE UNIQUE INDEX queue_tickets_number ON queue_tickets(consulate, prefix, business_day, series, cycle, number);
DROP INDEX queue_tickets_day_seq;
CREATE UNIQUE INDEX queue_tickets_day_seq ON queue_tickets(consulate, prefix, business_day, series, day_seq);

-- Hub: the offline blocks leased per consulate, prefix, business day and kiosk. The online count skips every
-- number of these ranges (store/queue.ts), so a block number is printed by its kiosk only.
CREATE TABLE post_number_blocks (
  consulate    TEXT    NOT NULL,
  prefix       TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  first        INTEGER NOT NULL CHECK (first >= 0),
  last         INTEGER NOT NULL,
  kiosk        TEXT    NOT NULL,
  leased_at    TEXT    NOT NULL,
  CHECK (last >= first),
  PRIMARY KEY (consulate, prefix, business_day, first)
) WITHOUT ROWID;

-- Hub: which ticket answered a kiosk's issue request (the visit's key): the same key gets the same ticket,
-- and an offline upload with the key of an online ghost replaces it.
CREATE TABLE post_ticket_requests (
  kiosk       TEXT NOT NULL,
  request_key TEXT NOT NULL,
  ticket_id   TEXT NOT NULL REFERENCES queue_tickets(id),
  at          TEXT NOT NULL,
  PRIMARY KEY (kiosk, request_key)
) WITHOUT ROWID;

-- Kiosk: the blocks it holds and the next number of each (next > last: used up).
CREATE TABLE kiosk_number_blocks (
  consulate    TEXT    NOT NULL,
  prefix       TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  first        INTEGER NOT NULL,
  last         INTEGER NOT NULL,
  next         INTEGER NOT NULL,
  leased_at    TEXT    NOT NULL,
  CHECK (last >= first AND next >= first AND next <= last + 1),
  PRIMARY KEY (consulate, prefix, business_day, first)
) WITHOUT ROWID;

-- Kiosk: the last number of its fallback series per prefix and day.
CREATE TABLE kiosk_fallback_numbers (
  consulate    TEXT    NOT NULL,
  prefix       TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  last         INTEGER NOT NULL CHECK (last >= 1),
  PRIMARY KEY (consulate, prefix, business_day)
) WITHOUT ROWID;

-- Kiosk: tickets printed offline, kept until the hub has them (uploaded_at set with the hub's answer).
CREATE TABLE kiosk_offline_tickets (
  request_key  TEXT    PRIMARY KEY,
  local_id     TEXT    NOT NULL UNIQUE,
  consulate    TEXT    NOT NULL,
  prefix       TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  series       TEXT    NOT NULL,
  number       INTEGER NOT NULL,
  label        TEXT    NOT NULL,
  body         TEXT    NOT NULL CHECK (json_valid(body)),   -- the upload's ticket entry (shared/post-numbers-api.ts)
  issued_at    TEXT    NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  uploaded_at  TEXT,
  outcome      TEXT,                                        -- accepted, duplicate or refused: <reason>
  UNIQUE (consulate, prefix, business_day, series, number)
) WITHOUT ROWID;
CREATE INDEX kiosk_offline_tickets_pending ON kiosk_offline_tickets(issued_at) WHERE uploaded_at IS NULL;
