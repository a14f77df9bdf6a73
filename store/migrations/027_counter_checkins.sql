-- Issue 18 item 5: an appointment checked in by an agent at a counter ("Accueil"). One row per appointment token: the
-- token's check-in itself is appointment_tokens_used (its primary key decides between a kiosk and a counter); this row
-- says which ticket the counter issued and how the fee was settled. The fee is never a card payment of this journal:
-- it was paid on the counter's own terminal (its reference typed by the agent), or waived with a reason. Kept apart
-- from `payments` so card reconciliation and the day close never count it; the reports count it on its own.
CREATE TABLE counter_checkins (
  token_id      TEXT    PRIMARY KEY,                  -- the appointment token (random id, no personal data)
  ticket_id     TEXT    NOT NULL,
  ticket_number TEXT    NOT NULL,                     -- the label the visitor is given, e.g. "P-012"
  service       TEXT    NOT NULL,
  persons       INTEGER NOT NULL CHECK (persons >= 1),
  counter       TEXT    NOT NULL,
  by_user       TEXT    NOT NULL,                     -- the staff member who checked the visitor in
  at            TEXT    NOT NULL,
  fee_kind      TEXT    NOT NULL CHECK (fee_kind IN ('paid', 'exempt', 'free')),
  amount_minor  INTEGER NOT NULL CHECK (amount_minor >= 0), -- the service fee due (what was paid, or what was waived)
  currency      TEXT    NOT NULL,
  reference     TEXT,                                 -- paid: the counter terminal's / receipt's reference
  exempt_reason TEXT,                                 -- exempt: why no fee
  CHECK (fee_kind <> 'paid' OR (reference IS NOT NULL AND length(trim(reference)) > 0)),
  CHECK (fee_kind <> 'exempt' OR (exempt_reason IS NOT NULL AND length(trim(exempt_reason)) > 0))
);
CREATE INDEX counter_checkins_at ON counter_checkins (at);
