-- Issue 17: a ticket can be cancelled (the visit was refunded in full; later, a supervisor's "cancel with reason").
-- `cancelled` is a closed state like done or no-show, and the ticket keeps why and by whom. SQLite cannot change a
-- CHECK in place, so queue_tickets and queue_ticket_events (its event kinds) are rebuilt with every index and trigger
-- their later migrations gave them (010, 011, 016, 020).
--
-- The daemon migrates with foreign keys on, inside a transaction (store/migrations.ts), where PRAGMA foreign_keys
-- cannot be turned off. queue_tickets is a parent (queue_ticket_events, post_ticket_requests): dropping it counts a
-- violation per child row, and renaming a copy in its place would not uncount them. So the checks are deferred to the
-- commit, the rows are set aside, the table is dropped and made again under its own name, and the rows put back: each
-- row put back uncounts its children, and the commit finds none left.
PRAGMA defer_foreign_keys = ON;

-- queue_ticket_events: a child only; a copy under a new name takes its place.
CREATE TABLE queue_ticket_events_023 (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id  INTEGER NOT NULL UNIQUE REFERENCES events(id),
  ticket_id TEXT    NOT NULL REFERENCES queue_tickets(id),
  at        TEXT    NOT NULL,
  kind      TEXT    NOT NULL CHECK (kind IN ('issued', 'called', 'recalled', 'started', 'finished', 'no-show', 'transferred', 'expired', 'cancelled')),
  service   TEXT    NOT NULL,                              -- the ticket's service when it happened
  counter   TEXT,
  actor     TEXT    NOT NULL,                              -- staff user id, 'kiosk:<id>' or 'system'
  priority_call INTEGER NOT NULL DEFAULT 0 CHECK (priority_call IN (0, 1)), -- a call that used the priority turn
  lane      TEXT,                                          -- for calls: the lane it was called from
  detail    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
);
INSERT INTO queue_ticket_events_023 (id, event_id, ticket_id, at, kind, service, counter, actor, priority_call, lane, detail)
  SELECT id, event_id, ticket_id, at, kind, service, counter, actor, priority_call, lane, detail FROM queue_ticket_events ORDER BY id;
-- The AUTOINCREMENT high-water mark, so no id is ever given again.
UPDATE sqlite_sequence SET seq = max(COALESCE(seq, 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'queue_ticket_events'), 0))
  WHERE name = 'queue_ticket_events_023';
DROP TABLE queue_ticket_events;
ALTER TABLE queue_ticket_events_023 RENAME TO queue_ticket_events;
CREATE INDEX queue_ticket_events_ticket ON queue_ticket_events(ticket_id, id);
CREATE INDEX queue_ticket_events_kind ON queue_ticket_events(kind, id);
CREATE INDEX queue_ticket_events_service ON queue_ticket_events(kind, service, id);
CREATE TRIGGER queue_ticket_events_no_update BEFORE UPDATE ON queue_ticket_events
BEGIN SELECT RAISE(ABORT, 'queue_ticket_events is append-only: write a new event instead'); END;
CREATE TRIGGER queue_ticket_events_no_delete BEFORE DELETE ON queue_ticket_events
BEGIN SELECT RAISE(ABORT, 'queue_ticket_events is append-only: rows are never deleted'); END;

-- queue_tickets: set aside, dropped, made again, put back. post_ticket_requests gets an index on its ticket for the
-- time of the move (each row dropped and put back looks its children up), dropped at the end.
CREATE TABLE queue_tickets_023 AS SELECT * FROM queue_tickets;
CREATE TABLE queue_tickets_023_seq AS SELECT seq FROM sqlite_sequence WHERE name = 'queue_tickets';
CREATE INDEX post_ticket_requests_023 ON post_ticket_requests(ticket_id);
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
  priority     TEXT    CHECK (priority IS NULL OR priority IN ('elderly', 'disabled', 'pregnant')),
  persons      INTEGER NOT NULL DEFAULT 1 CHECK (persons BETWEEN 1 AND 20),
  lang         TEXT    NOT NULL,
  arrived_at   TEXT    NOT NULL,                           -- ISO UTC; a transfer keeps it
  state        TEXT    NOT NULL DEFAULT 'waiting'
               CHECK (state IN ('waiting', 'called', 'serving', 'done', 'no-show', 'expired', 'cancelled')),
  counter      TEXT,
  recalls      INTEGER NOT NULL DEFAULT 0 CHECK (recalls >= 0),
  called_at    TEXT,
  started_at   TEXT,
  closed_at    TEXT,
  series       TEXT    NOT NULL DEFAULT '',                -- migration 016: '' the post's numbering, else a kiosk's series
  offline      INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1)),
  cancel_reason TEXT,                                      -- why it was cancelled (journaled with queue.ticket.cancelled)
  cancelled_by  TEXT,                                      -- who: staff user id, 'system', 'refund:<id>'
  CHECK ((kind = 'walk-in' AND slot IS NULL) OR (kind = 'appointment' AND slot IS NOT NULL)),
  CHECK ((state IN ('called', 'serving')) = (counter IS NOT NULL)),
  -- a cancelled ticket always says why and by whom; no other ticket does
  CHECK ((state = 'cancelled') = (cancel_reason IS NOT NULL AND length(trim(cancel_reason)) > 0 AND cancelled_by IS NOT NULL AND length(cancelled_by) > 0)),
  CHECK (state = 'cancelled' OR (cancel_reason IS NULL AND cancelled_by IS NULL))
);
INSERT INTO queue_tickets (seq, id, consulate, prefix, business_day, day_seq, cycle, number, label, service, kind, slot, priority, persons, lang,
                           arrived_at, state, counter, recalls, called_at, started_at, closed_at, series, offline)
  SELECT seq, id, consulate, prefix, business_day, day_seq, cycle, number, label, service, kind, slot, priority, persons, lang,
         arrived_at, state, counter, recalls, called_at, started_at, closed_at, series, offline
  FROM queue_tickets_023 ORDER BY seq;
UPDATE sqlite_sequence SET seq = max(COALESCE(seq, 0), (SELECT seq FROM queue_tickets_023_seq)) WHERE name = 'queue_tickets' AND EXISTS (SELECT 1 FROM queue_tickets_023_seq);
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'queue_tickets', seq FROM queue_tickets_023_seq WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'queue_tickets');
DROP TABLE queue_tickets_023;
DROP TABLE queue_tickets_023_seq;
DROP INDEX post_ticket_requests_023;

-- 005 and 016: no number twice; one ticket per counter.
CREATE UNIQUE INDEX queue_tickets_number ON queue_tickets(consulate, prefix, business_day, series, cycle, number);
CREATE UNIQUE INDEX queue_tickets_day_seq ON queue_tickets(consulate, prefix, business_day, series, day_seq);
CREATE UNIQUE INDEX queue_tickets_at_counter ON queue_tickets(counter) WHERE state IN ('called', 'serving');
-- 011: the lanes of the calling order.
CREATE INDEX queue_tickets_lane ON queue_tickets(consulate, business_day, service, kind, priority, arrived_at) WHERE state = 'waiting';
CREATE INDEX queue_tickets_slot ON queue_tickets(consulate, business_day, service, slot, arrived_at) WHERE state = 'waiting' AND kind = 'appointment';
-- 020: the open tickets (a cancelled ticket is closed: its number is free again, like a finished one).
CREATE INDEX queue_tickets_held ON queue_tickets(consulate, business_day, prefix, number) WHERE state IN ('waiting', 'called', 'serving');
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

-- Refunds are money rows: sealed like payments (store/payment-seal.ts, every refund event carries a keyed seal of the
-- row as written) and purged by retention like them (store/retention.ts: their receipt lines may print the masked
-- card number). As for payments, the personal digest is salted and the purge removes the salt with the lines, and
-- records when it did, which the verifier ties to a `retention.purged` event (as migration 009 did for payments).
-- Rows already there get their salt here and are sealed as they stand when the journal is next opened with its key
-- (store/journal-keying.ts sealUnsealedRefunds).
ALTER TABLE refunds ADD COLUMN personal_salt TEXT;
ALTER TABLE refunds ADD COLUMN personal_purged_at TEXT;
UPDATE refunds SET personal_salt = lower(hex(randomblob(16)));
CREATE TRIGGER refunds_personal_salt AFTER INSERT ON refunds WHEN NEW.personal_salt IS NULL
BEGIN UPDATE refunds SET personal_salt = lower(hex(randomblob(16))) WHERE id = NEW.id; END;
CREATE TRIGGER refunds_purge_one_way BEFORE UPDATE OF personal_salt, receipt_lines ON refunds
WHEN OLD.personal_purged_at IS NOT NULL AND (NEW.personal_salt IS NOT NULL OR NEW.receipt_lines IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'refunds: personal data of this refund was purged by retention and cannot be written again'); END;
