-- Issue 15, event shipping: a kiosk ships its journal events to the post hub (store/post-outbox.ts), the hub
-- keeps them as received, checked link by link against the kiosk's chain (store/post-events.ts).

-- Kiosk side: the last event the hub confirmed (its answer, never our hope). No row: nothing confirmed yet.
-- Not an event itself: journaling each confirmation would make a new event to ship after every shipment.
CREATE TABLE post_outbox (
  one             INTEGER NOT NULL PRIMARY KEY CHECK (one = 1),
  shipped_through INTEGER NOT NULL CHECK (shipped_through >= 0),
  shipped_hash    TEXT    NOT NULL,          -- the link hash of event shipped_through ('' for none)
  confirmed_at    TEXT    NOT NULL
);

-- Hub side: every kiosk's events exactly as it sent them (payload text unchanged, so the links still check).
CREATE TABLE post_received_events (
  kiosk_id    TEXT    NOT NULL,
  id          INTEGER NOT NULL,              -- the event's id in the kiosk's journal
  at          TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  subject     TEXT,
  payload     TEXT    NOT NULL CHECK (json_valid(payload)),
  prev_hash   TEXT    NOT NULL,
  hash        TEXT    NOT NULL,
  received_at TEXT    NOT NULL,
  PRIMARY KEY (kiosk_id, id)
);
CREATE INDEX post_received_events_kind_at ON post_received_events(kind, at);
CREATE INDEX post_received_events_subject ON post_received_events(kiosk_id, subject, id);
CREATE TRIGGER post_received_events_no_update BEFORE UPDATE ON post_received_events
BEGIN SELECT RAISE(ABORT, 'post_received_events is append-only: a kiosk''s shipped events are never changed'); END;
CREATE TRIGGER post_received_events_no_delete BEFORE DELETE ON post_received_events
BEGIN SELECT RAISE(ABORT, 'post_received_events is append-only: a kiosk''s shipped events are never removed'); END;

-- Hub side: per kiosk, where its received chain ends, what the kiosk last said its head is, and a fork once
-- one was found (then nothing more is accepted from that kiosk until someone looks).
CREATE TABLE post_kiosk_heads (
  kiosk_id          TEXT    NOT NULL PRIMARY KEY,
  last_id           INTEGER NOT NULL DEFAULT 0,
  last_hash         TEXT    NOT NULL DEFAULT '',
  keyed_from        INTEGER,                 -- the kiosk's keyed links start here (as it declared); NULL: unkeyed so far
  reported_head_id  INTEGER NOT NULL DEFAULT 0,
  reported_head_hash TEXT   NOT NULL DEFAULT '',
  first_contact     TEXT    NOT NULL,
  last_contact      TEXT    NOT NULL,
  last_received_at  TEXT,
  fork_at_id        INTEGER,
  fork_reason       TEXT,
  forked_at         TEXT
);
