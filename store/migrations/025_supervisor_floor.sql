-- Issue 18 item 4, the supervisor's live view: what a supervisor changes on the floor at run time outlives a restart.
-- Each row is the state now; every change is also a journal event written in the same transaction
-- (store/supervisor-floor.ts), so who changed what and when is in the chain.

-- The services a counter calls, when a supervisor changed them; no row: the config's queue.counters[].services.
CREATE TABLE queue_counter_services (
  counter  TEXT NOT NULL PRIMARY KEY,
  services TEXT NOT NULL CHECK (json_valid(services) AND json_type(services) = 'array' AND json_array_length(services) >= 1),
  since    TEXT NOT NULL,
  by       TEXT NOT NULL CHECK (length(by) > 0)
) WITHOUT ROWID;

-- A service paused by a supervisor: no walk-in ticket is offered for it (the kiosk's tile says closed) until resumed.
-- Tickets already waiting are still called. A row is a pause; resuming deletes it.
CREATE TABLE queue_service_pauses (
  service TEXT NOT NULL PRIMARY KEY,
  since   TEXT NOT NULL,
  by      TEXT NOT NULL CHECK (length(by) > 0),
  reason  TEXT
) WITHOUT ROWID;

-- A no-show reopened by a supervisor goes back to waiting: its history gets a `reopened` row. queue_ticket_events is
-- a child only (as in 023): a copy with the wider CHECK takes its place, ids and the AUTOINCREMENT mark kept.
CREATE TABLE queue_ticket_events_025 (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id  INTEGER NOT NULL UNIQUE REFERENCES events(id),
  ticket_id TEXT    NOT NULL REFERENCES queue_tickets(id),
  at        TEXT    NOT NULL,
  kind      TEXT    NOT NULL CHECK (kind IN ('issued', 'called', 'recalled', 'started', 'finished', 'no-show', 'transferred', 'expired', 'cancelled',
                                             'reopened')),
  service   TEXT    NOT NULL,                              -- the ticket's service when it happened
  counter   TEXT,
  actor     TEXT    NOT NULL,                              -- staff user id, 'kiosk:<id>' or 'system'
  priority_call INTEGER NOT NULL DEFAULT 0 CHECK (priority_call IN (0, 1)), -- a call that used the priority turn
  lane      TEXT,                                          -- for calls: the lane it was called from
  detail    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
);
INSERT INTO queue_ticket_events_025 (id, event_id, ticket_id, at, kind, service, counter, actor, priority_call, lane, detail)
  SELECT id, event_id, ticket_id, at, kind, service, counter, actor, priority_call, lane, detail FROM queue_ticket_events ORDER BY id;
UPDATE sqlite_sequence SET seq = max(COALESCE(seq, 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'queue_ticket_events'), 0))
  WHERE name = 'queue_ticket_events_025';
DROP TABLE queue_ticket_events;
ALTER TABLE queue_ticket_events_025 RENAME TO queue_ticket_events;
CREATE INDEX queue_ticket_events_ticket ON queue_ticket_events(ticket_id, id);
CREATE INDEX queue_ticket_events_kind ON queue_ticket_events(kind, id);
CREATE INDEX queue_ticket_events_service ON queue_ticket_events(kind, service, id);
CREATE TRIGGER queue_ticket_events_no_update BEFORE UPDATE ON queue_ticket_events
BEGIN SELECT RAISE(ABORT, 'queue_ticket_events is append-only: write a new event instead'); END;
CREATE TRIGGER queue_ticket_events_no_delete BEFORE DELETE ON queue_ticket_events
BEGIN SELECT RAISE(ABORT, 'queue_ticket_events is append-only: rows are never deleted'); END;
