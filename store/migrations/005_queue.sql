-- The queue. queue_tickets holds each ticket's current state (fast reads for counters and the board);
-- queue_ticket_events is the append-only history every wait and service time is derived from, and each of
-- its rows points at the matching row of the journal's `events`, written in the same transaction.

-- Allocation counter per consulate, prefix and business day (the consulate's local date, "YYYY-MM-DD").
CREATE TABLE queue_days (
  consulate    TEXT    NOT NULL,
  prefix       TEXT    NOT NULL CHECK (prefix GLOB '[A-Z]' OR prefix GLOB '[A-Z][A-Z]'),
  business_day TEXT    NOT NULL CHECK (business_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  last_seq     INTEGER NOT NULL CHECK (last_seq >= 0),
  PRIMARY KEY (consulate, prefix, business_day)
) WITHOUT ROWID;

CREATE TABLE queue_tickets (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,          -- issue order across the journal: last tie-break
  id           TEXT    NOT NULL UNIQUE,                    -- "FR-PAR/2025-05-12/A/7" (prefix/allocation)
  consulate    TEXT    NOT NULL,
  prefix       TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  day_seq      INTEGER NOT NULL CHECK (day_seq >= 0),       -- n-th allocation of the day for this prefix
  cycle        INTEGER NOT NULL DEFAULT 0 CHECK (cycle >= 0),-- wraps of the number range before this one
  number       INTEGER NOT NULL CHECK (number >= 0),
  label        TEXT    NOT NULL,                           -- "A-023"
  service      TEXT    NOT NULL,
  kind         TEXT    NOT NULL CHECK (kind IN ('walk-in', 'appointment')),
  slot         TEXT,                                       -- booked slot (ISO UTC), appointments only
  priority     TEXT    CHECK (priority IS NULL OR priority IN ('elderly', 'disabled', 'pregnant')),
  persons      INTEGER NOT NULL DEFAULT 1 CHECK (persons BETWEEN 1 AND 20),
  lang         TEXT    NOT NULL,
  arrived_at   TEXT    NOT NULL,                           -- ISO UTC; a transfer keeps it
  state        TEXT    NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'called', 'serving', 'done', 'no-show', 'expired')),
  counter      TEXT,
  recalls      INTEGER NOT NULL DEFAULT 0 CHECK (recalls >= 0),
  called_at    TEXT,
  started_at   TEXT,
  closed_at    TEXT,
  -- a walk-in has no slot and an appointment always has one: the order never meets a NULL slot
  CHECK ((kind = 'walk-in' AND slot IS NULL) OR (kind = 'appointment' AND slot IS NOT NULL)),
  -- a ticket at a counter names the counter; a waiting or closed one is at none
  CHECK ((state IN ('called', 'serving')) = (counter IS NOT NULL))
);
-- The guard against duplicate numbers: one number per consulate, prefix, day (and wrap cycle).
CREATE UNIQUE INDEX queue_tickets_number ON queue_tickets(consulate, prefix, business_day, cycle, number);
CREATE UNIQUE INDEX queue_tickets_day_seq ON queue_tickets(consulate, prefix, business_day, day_seq);
-- One ticket at a time per counter.
CREATE UNIQUE INDEX queue_tickets_at_counter ON queue_tickets(counter) WHERE state IN ('called', 'serving');
-- Call next reads only waiting tickets, and day close only open ones: these partial indexes stay small
-- however long the journal grows. (SQLite uses a partial index only when the query repeats its WHERE.)
CREATE INDEX queue_tickets_waiting ON queue_tickets(consulate, business_day) WHERE state = 'waiting';
CREATE INDEX queue_tickets_open ON queue_tickets(consulate, business_day) WHERE state IN ('waiting', 'called', 'serving');

CREATE TABLE queue_ticket_events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id  INTEGER NOT NULL UNIQUE REFERENCES events(id),
  ticket_id TEXT    NOT NULL REFERENCES queue_tickets(id),
  at        TEXT    NOT NULL,
  kind      TEXT    NOT NULL CHECK (kind IN ('issued', 'called', 'recalled', 'started', 'finished', 'no-show', 'transferred', 'expired')),
  service   TEXT    NOT NULL,                              -- the ticket's service when it happened
  counter   TEXT,
  actor     TEXT    NOT NULL,                              -- staff user id, 'kiosk:<id>' or 'system'
  priority_call INTEGER NOT NULL DEFAULT 0 CHECK (priority_call IN (0, 1)), -- a call that used the priority turn
  lane      TEXT,                                          -- for calls: the lane it was called from
  detail    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
);
CREATE INDEX queue_ticket_events_ticket ON queue_ticket_events(ticket_id, id);
CREATE INDEX queue_ticket_events_kind ON queue_ticket_events(kind, id);
-- Per service, newest first: recent service times and the N:1 priority count read a bounded tail.
CREATE INDEX queue_ticket_events_service ON queue_ticket_events(kind, service, id);
CREATE TRIGGER queue_ticket_events_no_update BEFORE UPDATE ON queue_ticket_events
BEGIN SELECT RAISE(ABORT, 'queue_ticket_events is append-only: write a new event instead'); END;
CREATE TRIGGER queue_ticket_events_no_delete BEFORE DELETE ON queue_ticket_events
BEGIN SELECT RAISE(ABORT, 'queue_ticket_events is append-only: rows are never deleted'); END;

-- Counters that are paused (staff on a break). A row per counter, changed on pause/resume (journaled).
CREATE TABLE queue_counters (
  counter TEXT PRIMARY KEY,
  paused  INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  since   TEXT    NOT NULL,
  by      TEXT    NOT NULL
) WITHOUT ROWID;
