-- Card payments, journal first (DESIGN.md "Payment safety"). One row per payment attempt; the id is the
-- idempotency key. A row is written in `intent` before the first byte goes to the terminal, moves to `sent`
-- when the terminal acknowledged the request (never re-sent from then on), then to its outcome. `unknown`
-- means money may have been taken: only the terminal's answer (ZVT repeat receipt) or staff settle it.
CREATE TABLE payments (
  id             TEXT    NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 4 AND 64 AND id NOT GLOB '*[^0-9A-Za-z_-]*'),
  kiosk_id       TEXT    NOT NULL CHECK (length(kiosk_id) > 0),
  terminal_id    TEXT    NOT NULL CHECK (length(terminal_id) > 0),
  protocol       TEXT    NOT NULL CHECK (protocol IN ('concert', 'zvt')),
  amount_minor   INTEGER NOT NULL CHECK (typeof(amount_minor) = 'integer' AND amount_minor > 0),
  currency       TEXT    NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  reference      TEXT,                      -- appointment id or purpose ("walk-in:passport", "diagnostics")
  is_test        INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1)),
  state          TEXT    NOT NULL CHECK (state IN ('intent', 'sent', 'approved', 'declined', 'aborted', 'unknown', 'not_sent', 'settled_approved', 'settled_not_charged')),
  reason         TEXT,                      -- why declined/aborted/unknown/not_sent, in the terminal's or our words
  auth_code      TEXT,
  masked_pan     TEXT CHECK (masked_pan IS NULL OR length(masked_pan) <= 32),
  card_brand     TEXT,
  receipt_lines  TEXT CHECK (receipt_lines IS NULL OR (json_valid(receipt_lines) AND json_type(receipt_lines) = 'array')),
  trace_no       TEXT,
  receipt_no     TEXT,
  created_at     TEXT    NOT NULL,          -- ISO 8601 UTC with milliseconds
  updated_at     TEXT    NOT NULL,
  sent_at        TEXT,
  settled_by     TEXT,
  settled_at     TEXT,
  settle_reason  TEXT,
  -- A settled row says who settled it, when and why; nothing else carries settlement data.
  CHECK ((state IN ('settled_approved', 'settled_not_charged')) = (settled_by IS NOT NULL AND settled_at IS NOT NULL AND settle_reason IS NOT NULL)),
  CHECK (settled_by IS NULL OR length(settled_by) > 0),
  CHECK (settle_reason IS NULL OR length(settle_reason) > 0),
  -- Staff settling a payment as taken copy the authorisation code from the terminal's journal.
  CHECK (state <> 'settled_approved' OR (auth_code IS NOT NULL AND length(auth_code) > 0)),
  -- Only a row that reached the terminal has a send time; an intent never has one.
  CHECK (state <> 'intent' OR sent_at IS NULL),
  CHECK (state <> 'sent' OR sent_at IS NOT NULL)
);

-- One open payment per terminal: a second process (or a bug) cannot start a payment while one is in flight
-- or waiting for reconciliation.
CREATE UNIQUE INDEX payments_one_open_per_terminal ON payments(terminal_id) WHERE state IN ('intent', 'sent');
CREATE INDEX payments_pending ON payments(terminal_id, state) WHERE state IN ('intent', 'sent', 'unknown');
CREATE INDEX payments_created ON payments(created_at);

-- The legal moves of the state machine (store/payments.ts checks them too and answers with a value; this
-- trigger is the last line if some other code writes the table).
CREATE TRIGGER payments_legal_transition BEFORE UPDATE OF state ON payments
WHEN NEW.state <> OLD.state AND NOT (
     (OLD.state = 'intent'  AND NEW.state IN ('sent', 'approved', 'declined', 'aborted', 'unknown', 'not_sent'))
  OR (OLD.state = 'sent'    AND NEW.state IN ('approved', 'declined', 'aborted', 'unknown'))
  OR (OLD.state = 'unknown' AND NEW.state IN ('approved', 'settled_approved', 'settled_not_charged'))
)
BEGIN SELECT RAISE(ABORT, 'payments: illegal state transition (see store/payments.ts TRANSITIONS)'); END;

-- What was asked of the terminal is a fact: amount, currency, terminal and key never change.
CREATE TRIGGER payments_request_immutable BEFORE UPDATE ON payments
WHEN NEW.id IS NOT OLD.id OR NEW.kiosk_id IS NOT OLD.kiosk_id OR NEW.terminal_id IS NOT OLD.terminal_id
  OR NEW.protocol IS NOT OLD.protocol OR NEW.amount_minor IS NOT OLD.amount_minor OR NEW.currency IS NOT OLD.currency
  OR NEW.reference IS NOT OLD.reference OR NEW.is_test IS NOT OLD.is_test OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'payments: the request fields of a payment never change; start a new payment instead'); END;

-- A payment that may have taken money is never forgotten.
CREATE TRIGGER payments_no_delete_pending BEFORE DELETE ON payments
WHEN OLD.state IN ('intent', 'sent', 'unknown', 'approved', 'settled_approved')
BEGIN SELECT RAISE(ABORT, 'payments: a payment that is open or took money is never deleted'); END;
