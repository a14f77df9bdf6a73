-- Short references and the terminal's own answer (issue 12, items 2 and 3).
--
-- short_ref: what the terminal's journal shows of a payment. A payment id (~31 characters) does not fit the
-- Concert private field (10), so every payment gets a short reference from a per-terminal daily counter,
-- "DDMM-NNNN" (e.g. "0203-0042"), allocated in the intent's own transaction. It is part of the request:
-- it never changes. short_ref_day is the business day (YYYY-MM-DD) the counter belongs to, so the same
-- "DDMM" a year later is another reference.
ALTER TABLE payments ADD COLUMN short_ref TEXT CHECK (short_ref IS NULL OR (length(short_ref) BETWEEN 1 AND 10 AND short_ref NOT GLOB '*[^ -~]*'));
ALTER TABLE payments ADD COLUMN short_ref_day TEXT CHECK (short_ref_day IS NULL OR short_ref_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
CREATE UNIQUE INDEX payments_short_ref ON payments(terminal_id, short_ref_day, short_ref) WHERE short_ref IS NOT NULL;

-- The last number handed out per terminal and day. Never decremented: a number is not reused even when a
-- finished payment row is deleted, since the terminal's journal may still show it.
CREATE TABLE payment_short_refs (
  terminal_id  TEXT    NOT NULL CHECK (length(terminal_id) > 0),
  business_day TEXT    NOT NULL CHECK (business_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  last         INTEGER NOT NULL CHECK (typeof(last) = 'integer' AND last > 0),
  PRIMARY KEY (terminal_id, business_day)
);

-- What the terminal answered, as it said it: the amount and currency it approved (which may differ from the
-- request, whose amount never changes), and the Concert answer's private field (some terminals put their
-- own data there, e.g. the authorisation id). Written with the outcome, then never changed.
ALTER TABLE payments ADD COLUMN approved_amount_minor INTEGER CHECK (approved_amount_minor IS NULL OR (typeof(approved_amount_minor) = 'integer' AND approved_amount_minor >= 0));
ALTER TABLE payments ADD COLUMN approved_currency TEXT CHECK (approved_currency IS NULL OR length(approved_currency) = 3);
ALTER TABLE payments ADD COLUMN terminal_data TEXT CHECK (terminal_data IS NULL OR length(terminal_data) <= 64);

CREATE TRIGGER payments_terminal_answer_immutable BEFORE UPDATE ON payments
WHEN (OLD.approved_amount_minor IS NOT NULL AND NEW.approved_amount_minor IS NOT OLD.approved_amount_minor)
  OR (OLD.approved_currency IS NOT NULL AND NEW.approved_currency IS NOT OLD.approved_currency)
  OR (OLD.terminal_data IS NOT NULL AND NEW.terminal_data IS NOT OLD.terminal_data)
BEGIN SELECT RAISE(ABORT, 'payments: the terminal''s answer of a payment is journaled once and never changes'); END;

-- The request-immutability trigger of 007, with the short reference added to the request fields.
DROP TRIGGER payments_request_immutable;
CREATE TRIGGER payments_request_immutable BEFORE UPDATE ON payments
WHEN NEW.id IS NOT OLD.id OR NEW.kiosk_id IS NOT OLD.kiosk_id OR NEW.terminal_id IS NOT OLD.terminal_id
  OR NEW.protocol IS NOT OLD.protocol OR NEW.amount_minor IS NOT OLD.amount_minor OR NEW.currency IS NOT OLD.currency
  OR (NEW.reference IS NOT OLD.reference AND NEW.reference IS NOT NULL)
  OR NEW.is_test IS NOT OLD.is_test OR NEW.created_at IS NOT OLD.created_at
  OR NEW.short_ref IS NOT OLD.short_ref OR NEW.short_ref_day IS NOT OLD.short_ref_day
BEGIN SELECT RAISE(ABORT, 'payments: the request fields of a payment never change; start a new payment instead'); END;
