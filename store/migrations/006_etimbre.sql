-- eTimbre references issued by this kiosk: one sequence per consulate and business day (in the consulate's
-- time zone), and one row per reference with what it pays for.
CREATE TABLE etimbre_sequences (
  consulate     TEXT    NOT NULL,
  business_day  TEXT    NOT NULL CHECK (business_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  last          INTEGER NOT NULL CHECK (last > 0),
  PRIMARY KEY (consulate, business_day)
);

CREATE TABLE etimbre_references (
  reference       TEXT    NOT NULL PRIMARY KEY,
  consulate       TEXT    NOT NULL,
  kiosk_id        TEXT    NOT NULL,
  amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency        TEXT    NOT NULL CHECK (length(currency) = 3),
  services        TEXT    NOT NULL CHECK (json_valid(services)),
  persons         INTEGER NOT NULL CHECK (persons > 0),
  appointment_id  TEXT,
  issued_at       TEXT    NOT NULL
);
CREATE INDEX etimbre_references_issued ON etimbre_references(issued_at);
