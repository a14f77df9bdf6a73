-- Day close: per business day and terminal, the journal's approved total against the terminal's own
-- totals. A close is a fact: it is never changed nor deleted (the day is locked); what a supervisor finds
-- afterwards is written as a correction, a new row pointing at the close.
CREATE TABLE day_closes (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  business_day         TEXT    NOT NULL CHECK (business_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  terminal_id          TEXT    NOT NULL CHECK (length(terminal_id) > 0),
  currency             TEXT    NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  -- where the terminal's figures came from: its ZVT end of day, typed from its printed report, or (simulated
  -- terminal only) the simulator's own charge log
  source               TEXT    NOT NULL CHECK (source IN ('zvt-end-of-day', 'entered', 'simulator-log')),
  terminal_total_minor INTEGER NOT NULL CHECK (typeof(terminal_total_minor) = 'integer'),
  terminal_count       INTEGER NOT NULL CHECK (typeof(terminal_count) = 'integer' AND terminal_count >= 0),
  journal_total_minor  INTEGER NOT NULL CHECK (typeof(journal_total_minor) = 'integer'),
  journal_count        INTEGER NOT NULL CHECK (typeof(journal_count) = 'integer' AND journal_count >= 0),
  status               TEXT    NOT NULL CHECK (status IN ('balanced', 'differences')),
  -- the whole reconciliation (payments, differences, terminal lines) as computed when the day was closed
  detail               TEXT    NOT NULL CHECK (json_valid(detail)),
  closed_by            TEXT    NOT NULL CHECK (length(closed_by) > 0),
  closed_at            TEXT    NOT NULL,
  event_id             INTEGER NOT NULL UNIQUE REFERENCES events(id),
  -- balanced needs equal totals; equal totals may still hide two differences that cancel out
  CHECK (status = 'differences' OR (terminal_total_minor = journal_total_minor AND terminal_count = journal_count))
);
-- One close per day and terminal: closing twice is refused, the first close stands.
CREATE UNIQUE INDEX day_closes_day_terminal ON day_closes(business_day, terminal_id);

CREATE TRIGGER day_closes_no_update BEFORE UPDATE ON day_closes
BEGIN SELECT RAISE(ABORT, 'day_closes: a closed day is locked; add a correction instead of changing the close'); END;
CREATE TRIGGER day_closes_no_delete BEFORE DELETE ON day_closes
BEGIN SELECT RAISE(ABORT, 'day_closes: a closed day is never deleted'); END;

CREATE TABLE day_close_corrections (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  close_id     INTEGER NOT NULL REFERENCES day_closes(id),
  payment_id   TEXT,                                         -- the payment it explains, when there is one
  amount_minor INTEGER CHECK (amount_minor IS NULL OR typeof(amount_minor) = 'integer'),
  note         TEXT    NOT NULL CHECK (length(trim(note)) > 0),
  by           TEXT    NOT NULL CHECK (length(by) > 0),
  at           TEXT    NOT NULL,
  event_id     INTEGER NOT NULL UNIQUE REFERENCES events(id)
);
CREATE INDEX day_close_corrections_close ON day_close_corrections(close_id, id);
CREATE TRIGGER day_close_corrections_no_update BEFORE UPDATE ON day_close_corrections
BEGIN SELECT RAISE(ABORT, 'day_close_corrections: a correction is never edited; add another one'); END;
CREATE TRIGGER day_close_corrections_no_delete BEFORE DELETE ON day_close_corrections
BEGIN SELECT RAISE(ABORT, 'day_close_corrections: corrections are never deleted'); END;

-- Retention (store/retention.ts): after the configured number of days the personal fields of a payment
-- (masked PAN, receipt lines that print it, and a reference that is not an eTimbre number) are set to NULL;
-- amounts, states and times stay, so totals stay. The request-immutability trigger of 002 is recreated so
-- that the reference may become NULL, and only that: it still can never be changed to another value.
ALTER TABLE payments ADD COLUMN personal_purged_at TEXT;
DROP TRIGGER payments_request_immutable;
CREATE TRIGGER payments_request_immutable BEFORE UPDATE ON payments
WHEN NEW.id IS NOT OLD.id OR NEW.kiosk_id IS NOT OLD.kiosk_id OR NEW.terminal_id IS NOT OLD.terminal_id
  OR NEW.protocol IS NOT OLD.protocol OR NEW.amount_minor IS NOT OLD.amount_minor OR NEW.currency IS NOT OLD.currency
  OR (NEW.reference IS NOT OLD.reference AND NEW.reference IS NOT NULL)
  OR NEW.is_test IS NOT OLD.is_test OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'payments: the request fields of a payment never change; start a new payment instead'); END;
-- A purge is one-way: once purged, the personal fields stay empty and the purge time stays.
CREATE TRIGGER payments_purge_one_way BEFORE UPDATE ON payments
WHEN OLD.personal_purged_at IS NOT NULL AND (NEW.personal_purged_at IS NOT OLD.personal_purged_at
  OR NEW.masked_pan IS NOT NULL OR NEW.receipt_lines IS NOT NULL OR (NEW.reference IS NOT OLD.reference))
BEGIN SELECT RAISE(ABORT, 'payments: personal data of this payment was purged by retention and cannot be written again'); END;
-- Only a payment that is finished may be purged: an open or unknown one still needs its data.
CREATE TRIGGER payments_purge_finished_only BEFORE UPDATE OF personal_purged_at ON payments
WHEN NEW.personal_purged_at IS NOT NULL AND OLD.personal_purged_at IS NULL AND NEW.state IN ('intent', 'sent', 'unknown')
BEGIN SELECT RAISE(ABORT, 'payments: an open or unknown payment is never purged; settle it first'); END;
