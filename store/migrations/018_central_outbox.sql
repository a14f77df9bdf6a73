-- Issue 16: a post ships its chains to the central service (server/central/shipper.ts). Like the kiosk's
-- post_outbox, the chains themselves are the outbox: all a post keeps is, per chain ("post": its own journal;
-- "kiosk:K2": a kiosk's journal its hub holds and relays), the last event the central service confirmed holding.
CREATE TABLE central_outbox (
  origin          TEXT    NOT NULL PRIMARY KEY CHECK (origin = 'post' OR (origin LIKE 'kiosk:%' AND length(origin) BETWEEN 7 AND 38)),
  shipped_through INTEGER NOT NULL CHECK (shipped_through >= 0),
  shipped_hash    TEXT    NOT NULL,
  confirmed_at    TEXT    NOT NULL
) WITHOUT ROWID;
