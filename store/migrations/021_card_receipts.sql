-- Issue 17 part 3: the terminal's card receipts (ZVT print lines 06 D1 / text blocks 06 D3), one row per copy
-- in the order the terminal sent them, so the kiosk can print the customer copy and staff can reprint it.
-- Retention: masked PAN only. The service masks PAN-looking digit runs before it writes (domain/card-receipt);
-- the CHECK refuses any 13-digit run that got through anyway. The lines are personal data: the retention purge
-- sets them NULL (purged_at) and nothing else may change a row.
CREATE TABLE card_receipts (
  payment_id  TEXT NOT NULL REFERENCES payments(id),
  seq         INTEGER NOT NULL CHECK (seq >= 0),
  copy        TEXT NOT NULL CHECK (copy IN ('customer', 'merchant', 'administration', 'unspecified')),
  lines       TEXT CHECK (lines IS NULL OR (json_valid(lines) AND json_type(lines) = 'array'
                AND lines NOT GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*')),
  created_at  TEXT NOT NULL,
  purged_at   TEXT,
  PRIMARY KEY (payment_id, seq),
  CHECK ((lines IS NULL) = (purged_at IS NOT NULL))
) WITHOUT ROWID;

CREATE TRIGGER card_receipts_only_purge BEFORE UPDATE ON card_receipts
WHEN NEW.payment_id IS NOT OLD.payment_id OR NEW.seq IS NOT OLD.seq OR NEW.copy IS NOT OLD.copy
  OR NEW.created_at IS NOT OLD.created_at OR NEW.lines IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'card_receipts rows are written once; only the retention purge may clear their lines');
END;

CREATE TRIGGER card_receipts_no_delete BEFORE DELETE ON card_receipts
BEGIN
  SELECT RAISE(ABORT, 'card_receipts rows are never deleted; the retention purge clears their lines');
END;
