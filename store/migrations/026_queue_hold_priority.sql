-- Issue 18 items 7 and 3. A ticket can be parked (`held`): the agent sends a visitor to fetch a document and calls the
-- same number back to the counter later. A held ticket is open (it keeps its number, expires at the day's end like
-- any open ticket) but is neither waiting (not counted, not estimated, never called by the calling order) nor at a
-- counter (the counter calls others meanwhile). Priority visitors: a fourth class (accompanied children), and a
-- request made at the kiosk that waits for a staff member's word (or is granted at once when self-declaration is
-- configured), with who gave the priority. New event kinds: `held` and `priority` (requested, confirmed, flagged,
-- declined: its detail says which).
--
-- SQLite cannot change a CHECK in place: queue_tickets and queue_ticket_events are rebuilt as migration 023 did, with
-- every index and trigger, foreign keys deferred to the commit (see 023 for why the rows are set aside and put back).
PRAGMA defer_foreign_keys = ON;

-- queue_ticket_events: a child only; a copy under a new name takes its place.
CREATE TABLE queue_ticket_events_026 (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id  INTEGER NOT NULL UNIQUE REFERENCES events(id),
  ticket_id TEXT    NOT NULL REFERENCES queue_tickets(id),
  at        TEXT    NOT NULL,
  kind      TEXT    NOT NULL CHECK (kind IN ('issued', 'called', 'recalled', 'started', 'finished', 'no-show', 'transferred', 'expired', 'cancelled', 'reopened', 'held', 'priority')),
  service   TEXT    NOT NULL,                              -- the ticket's service when it happened
  counter   TEXT,
  actor     TEXT    NOT NULL,                              -- staff user id, 'kiosk:<id>' or 'system'
  priority_call INTEGER NOT NULL DEFAULT 0 CHECK (priority_call IN (0, 1)), -- a call that used the priority turn
  lane      TEXT,                                          -- for calls: the lane it was called from
  detail    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
);
INSERT INTO queue_ticket_events_026 (id, event_id, ticket_id, at, kind, service, counter, actor, priority_call, lane, detail)
  SELECT id, event_id, ticket_id, at, kind, service, counter, actor, priority_call, lane, detail FROM queue_ticket_events ORDER BY id;
-- The AUTOINCREMENT high-water mark, so no id is ever given again.
UPDATE sqlite_sequence SET seq = max(COALESCE(seq, 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'queue_ticket_events'), 0))
  WHERE name = 'queue_ticket_events_026';
DROP TABLE queue_ticket_events;
ALTER TABLE queue_ticket_events_026 RENAME TO queue_ticket_events;
CREATE INDEX queue_ticket_events_ticket ON queue_ticket_events(ticket_id, id);
CREATE INDEX queue_ticket_events_kind ON queue_ticket_events(kind, id);
CREATE INDEX queue_ticket_events_service ON queue_ticket_events(kind, service, id);
CREATE TRIGGER queue_ticket_events_no_update BEFORE UPDATE ON queue_ticket_events
BEGIN SELECT RAISE(ABORT, 'queue_ticket_events is append-only: write a new event instead'); END;
CREATE TRIGGER queue_ticket_events_no_delete BEFORE DELETE ON queue_ticket_events
BEGIN SELECT RAISE(ABORT, 'queue_ticket_events is append-only: rows are never deleted'); END;

-- queue_tickets: set aside, dropped, made again, put back. post_ticket_requests gets an index on its ticket for the
-- time of the move (each row dropped and put back looks its children up), dropped at the end.
CREATE TABLE queue_tickets_026 AS SELECT * FROM queue_tickets;
CREATE TABLE queue_tickets_026_seq AS SELECT seq FROM sqlite_sequence WHERE name = 'queue_tickets';
CREATE INDEX post_ticket_requests_026 ON post_ticket_requests(ticket_id);
DROP TABLE queue_tickets;
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
  priority     TEXT    CHECK (priority IS NULL OR priority IN ('elderly', 'disabled', 'pregnant', 'children')),
  persons      INTEGER NOT NULL DEFAULT 1 CHECK (persons BETWEEN 1 AND 20),
  lang         TEXT    NOT NULL,
  arrived_at   TEXT    NOT NULL,                           -- ISO UTC; a transfer keeps it
  state        TEXT    NOT NULL DEFAULT 'waiting'
               CHECK (state IN ('waiting', 'called', 'serving', 'held', 'done', 'no-show', 'expired', 'cancelled')),
  counter      TEXT,
  recalls      INTEGER NOT NULL DEFAULT 0 CHECK (recalls >= 0),
  called_at    TEXT,
  started_at   TEXT,
  closed_at    TEXT,
  series       TEXT    NOT NULL DEFAULT '',                -- migration 016: '' the post's numbering, else a kiosk's series
  offline      INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1)),
  cancel_reason TEXT,                                      -- why it was cancelled (journaled with queue.ticket.cancelled)
  cancelled_by  TEXT,                                      -- who: staff user id, 'system', 'refund:<id>'
  hold_counter  TEXT,                                      -- migration 026: the counter that parked it (its recall calls it back there)
  held_at       TEXT,                                      -- when, by whom and why it was last parked (journaled with queue.ticket.held)
  held_by       TEXT,
  hold_reason   TEXT,
  priority_request TEXT CHECK (priority_request IS NULL OR priority_request IN ('elderly', 'disabled', 'pregnant', 'children')),
                                                           -- asked at the kiosk, waiting for a staff member's word
  priority_by   TEXT,                                      -- who gave `priority`: 'kiosk:<id>' self-declared, else the staff member
  CHECK ((kind = 'walk-in' AND slot IS NULL) OR (kind = 'appointment' AND slot IS NOT NULL)),
  CHECK ((state IN ('called', 'serving')) = (counter IS NOT NULL)),
  -- a cancelled ticket always says why and by whom; no other ticket does
  CHECK ((state = 'cancelled') = (cancel_reason IS NOT NULL AND length(trim(cancel_reason)) > 0 AND cancelled_by IS NOT NULL AND length(cancelled_by) > 0)),
  CHECK (state = 'cancelled' OR (cancel_reason IS NULL AND cancelled_by IS NULL)),
  -- a held ticket always says where, when, by whom and why; it is at no counter (it holds none of the counter's turn)
  CHECK (state <> 'held' OR (hold_counter IS NOT NULL AND held_at IS NOT NULL AND length(held_by) > 0 AND length(trim(hold_reason)) > 0)),
  -- a request is pending only while the ticket has no priority: confirming it moves it into `priority`
  CHECK (priority_request IS NULL OR priority IS NULL)
);
INSERT INTO queue_tickets (seq, id, consulate, prefix, business_day, day_seq, cycle, number, label, service, kind, slot, priority, persons, lang,
                           arrived_at, state, counter, recalls, called_at, started_at, closed_at, series, offline, cancel_reason, cancelled_by)
  SELECT seq, id, consulate, prefix, business_day, day_seq, cycle, number, label, service, kind, slot, priority, persons, lang,
         arrived_at, state, counter, recalls, called_at, started_at, closed_at, series, offline, cancel_reason, cancelled_by
  FROM queue_tickets_026 ORDER BY seq;
UPDATE sqlite_sequence SET seq = max(COALESCE(seq, 0), (SELECT seq FROM queue_tickets_026_seq)) WHERE name = 'queue_tickets' AND EXISTS (SELECT 1 FROM queue_tickets_026_seq);
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'queue_tickets', seq FROM queue_tickets_026_seq WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'queue_tickets');
DROP TABLE queue_tickets_026;
DROP TABLE queue_tickets_026_seq;
DROP INDEX post_ticket_requests_026;

-- 005 and 016: no number twice; one ticket per counter.
CREATE UNIQUE INDEX queue_tickets_number ON queue_tickets(consulate, prefix, business_day, series, cycle, number);
CREATE UNIQUE INDEX queue_tickets_day_seq ON queue_tickets(consulate, prefix, business_day, series, day_seq);
CREATE UNIQUE INDEX queue_tickets_at_counter ON queue_tickets(counter) WHERE state IN ('called', 'serving');
-- 011: the lanes of the calling order.
CREATE INDEX queue_tickets_lane ON queue_tickets(consulate, business_day, service, kind, priority, arrived_at) WHERE state = 'waiting';
CREATE INDEX queue_tickets_slot ON queue_tickets(consulate, business_day, service, slot, arrived_at) WHERE state = 'waiting' AND kind = 'appointment';
-- 020: the open tickets, whose numbers are still held (a cancelled ticket is closed: its number is free again, like a
-- finished one). A parked ticket is open: the visitor comes back with that number, so it is never given again.
CREATE INDEX queue_tickets_held ON queue_tickets(consulate, business_day, prefix, number) WHERE state IN ('waiting', 'called', 'serving', 'held');
-- 026: each counter's parked tickets (its console lists them), and the waiting tickets whose priority request waits
-- for a staff member's word.
CREATE INDEX queue_tickets_parked ON queue_tickets(hold_counter, held_at) WHERE state = 'held';
CREATE INDEX queue_tickets_priority_requests ON queue_tickets(consulate, business_day, service, arrived_at) WHERE state = 'waiting' AND priority_request IS NOT NULL;
-- 010: the waiting counts, kept in the transaction that moves a ticket (a cancelled waiting ticket leaves its count).
CREATE TRIGGER queue_waiting_insert AFTER INSERT ON queue_tickets WHEN NEW.state = 'waiting'
BEGIN
  INSERT INTO queue_waiting (consulate, business_day, service, waiting) VALUES (NEW.consulate, NEW.business_day, NEW.service, 1)
  ON CONFLICT (consulate, business_day, service) DO UPDATE SET waiting = waiting + 1;
END;
CREATE TRIGGER queue_waiting_leave AFTER UPDATE OF state, service, consulate, business_day ON queue_tickets WHEN OLD.state = 'waiting'
BEGIN
  UPDATE queue_waiting SET waiting = waiting - 1 WHERE consulate = OLD.consulate AND business_day = OLD.business_day AND service = OLD.service;
END;
CREATE TRIGGER queue_waiting_join AFTER UPDATE OF state, service, consulate, business_day ON queue_tickets WHEN NEW.state = 'waiting'
BEGIN
  INSERT INTO queue_waiting (consulate, business_day, service, waiting) VALUES (NEW.consulate, NEW.business_day, NEW.service, 1)
  ON CONFLICT (consulate, business_day, service) DO UPDATE SET waiting = waiting + 1;
END;
CREATE TRIGGER queue_waiting_delete AFTER DELETE ON queue_tickets WHEN OLD.state = 'waiting'
BEGIN
  UPDATE queue_waiting SET waiting = waiting - 1 WHERE consulate = OLD.consulate AND business_day = OLD.business_day AND service = OLD.service;
END;
