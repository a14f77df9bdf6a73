-- Refunds and reversals of card payments (issue 17), journal first like the payments of 002: a row in `intent`
-- is committed before the first byte goes to the terminal, moves to `sent` when the terminal took the request
-- (from then on it is never sent again), then to its outcome in its own transaction. `unknown` means money may
-- have gone back: only the terminal's own record (ZVT repeat receipt) or staff settle it.
--   method  reversal  ZVT 06 30 by the payment's receipt number, while the terminal's day is open (whole amount)
--           refund    ZVT 06 31 / Concert transaction type 1 (crédit): an amount, the card presented again
CREATE TABLE refunds (
  id                TEXT    NOT NULL PRIMARY KEY CHECK (length(id) BETWEEN 4 AND 64 AND id NOT GLOB '*[^0-9A-Za-z_-]*'),
  payment_id        TEXT    NOT NULL REFERENCES payments(id),
  method            TEXT    NOT NULL CHECK (method IN ('reversal', 'refund')),
  kiosk_id          TEXT    NOT NULL CHECK (length(kiosk_id) > 0),
  terminal_id       TEXT    NOT NULL CHECK (length(terminal_id) > 0),
  protocol          TEXT    NOT NULL CHECK (protocol IN ('concert', 'zvt')),
  amount_minor      INTEGER NOT NULL CHECK (typeof(amount_minor) = 'integer' AND amount_minor > 0),
  currency          TEXT    NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  -- the payment's eTimbre reference (payments.reference), marked refunded or voided with the outcome
  etimbre_reference TEXT,
  -- what the terminal's journal shows (Concert private field), at most 10 printable characters
  short_ref         TEXT    CHECK (short_ref IS NULL OR (length(short_ref) BETWEEN 1 AND 10 AND short_ref NOT GLOB '*[^ -~]*')),
  why               TEXT    NOT NULL CHECK (length(trim(why)) > 0),
  requested_by      TEXT    NOT NULL CHECK (length(requested_by) > 0),
  state             TEXT    NOT NULL CHECK (state IN ('intent', 'sent', 'refunded', 'declined', 'aborted', 'unknown', 'not_sent',
                                                      'settled_refunded', 'settled_not_refunded')),
  reason            TEXT,
  receipt_no        TEXT,
  trace_no          TEXT,
  auth_code         TEXT,
  receipt_lines     TEXT    CHECK (receipt_lines IS NULL OR (json_valid(receipt_lines) AND json_type(receipt_lines) = 'array')),
  -- the amount the terminal said it gave back, when it said one
  terminal_amount_minor INTEGER CHECK (terminal_amount_minor IS NULL OR (typeof(terminal_amount_minor) = 'integer' AND terminal_amount_minor >= 0)),
  created_at        TEXT    NOT NULL,
  updated_at        TEXT    NOT NULL,
  sent_at           TEXT,
  settled_by        TEXT,
  settled_at        TEXT,
  settle_reason     TEXT,
  CHECK (state <> 'intent' OR sent_at IS NULL),
  CHECK (state <> 'sent' OR sent_at IS NOT NULL),
  CHECK ((state IN ('settled_refunded', 'settled_not_refunded')) = (settled_by IS NOT NULL AND settled_at IS NOT NULL AND settle_reason IS NOT NULL))
);
CREATE INDEX refunds_payment ON refunds(payment_id, created_at);
CREATE INDEX refunds_created ON refunds(created_at);
-- One refund open or unsettled per payment: two supervisors refunding the same payment at once get one refund,
-- the second insert fails on this index whatever process it comes from.
CREATE UNIQUE INDEX refunds_one_open_per_payment ON refunds(payment_id) WHERE state IN ('intent', 'sent', 'unknown');
-- One refund in flight per terminal, as for payments.
CREATE UNIQUE INDEX refunds_one_open_per_terminal ON refunds(terminal_id) WHERE state IN ('intent', 'sent');

-- Never more back than was approved: the refunds that gave or may have given money back, with the new one, stay
-- within the payment's approved amount (the terminal's, else the request's). store/refunds.ts checks it first
-- inside the same transaction and answers with a value; this trigger is the last line.
CREATE TRIGGER refunds_within_approved BEFORE INSERT ON refunds
WHEN (SELECT state FROM payments WHERE id = NEW.payment_id) NOT IN ('approved', 'settled_approved')
  OR NEW.currency IS NOT (SELECT COALESCE(approved_currency, currency) FROM payments WHERE id = NEW.payment_id)
  OR NEW.amount_minor + (SELECT COALESCE(sum(amount_minor), 0) FROM refunds
                          WHERE payment_id = NEW.payment_id AND state IN ('intent', 'sent', 'refunded', 'unknown', 'settled_refunded'))
     > (SELECT COALESCE(approved_amount_minor, amount_minor) FROM payments WHERE id = NEW.payment_id)
BEGIN SELECT RAISE(ABORT, 'refunds: a refund is only for an approved payment, in its currency, and never more than was approved'); END;

CREATE TRIGGER refunds_legal_transition BEFORE UPDATE OF state ON refunds
WHEN NEW.state <> OLD.state AND NOT (
     (OLD.state = 'intent'  AND NEW.state IN ('sent', 'refunded', 'declined', 'aborted', 'unknown', 'not_sent'))
  OR (OLD.state = 'sent'    AND NEW.state IN ('refunded', 'declined', 'aborted', 'unknown'))
  OR (OLD.state = 'unknown' AND NEW.state IN ('refunded', 'settled_refunded', 'settled_not_refunded'))
)
BEGIN SELECT RAISE(ABORT, 'refunds: illegal state transition (see store/refunds.ts REFUND_TRANSITIONS)'); END;

CREATE TRIGGER refunds_request_immutable BEFORE UPDATE ON refunds
WHEN NEW.id IS NOT OLD.id OR NEW.payment_id IS NOT OLD.payment_id OR NEW.method IS NOT OLD.method
  OR NEW.terminal_id IS NOT OLD.terminal_id OR NEW.protocol IS NOT OLD.protocol OR NEW.amount_minor IS NOT OLD.amount_minor
  OR NEW.currency IS NOT OLD.currency OR NEW.etimbre_reference IS NOT OLD.etimbre_reference OR NEW.short_ref IS NOT OLD.short_ref
  OR NEW.why IS NOT OLD.why OR NEW.requested_by IS NOT OLD.requested_by OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'refunds: the request fields of a refund never change; start a new refund instead'); END;

CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds
BEGIN SELECT RAISE(ABORT, 'refunds: a refund is never deleted'); END;

-- The eTimbre reference a payment paid: how much of it went back, and when it was voided (all of it back).
ALTER TABLE etimbre_references ADD COLUMN refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (typeof(refunded_minor) = 'integer' AND refunded_minor >= 0);
ALTER TABLE etimbre_references ADD COLUMN voided_at TEXT;
