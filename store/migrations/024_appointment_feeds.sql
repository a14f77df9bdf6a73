-- Issue 18 item 6: the booking system's day feeds, as received and verified. The signed text is kept whole so a
-- restart re-verifies it (with the keys then trusted) instead of believing a row; one row per sequence number of
-- the consulate: a feed sent twice is one row, and an older sequence can never come back after a newer one.
-- Sources seen: a folder or an address that keeps serving the same bad file is refused once, not at every poll.
CREATE TABLE appointment_feeds (
  consulate    TEXT    NOT NULL,
  sequence     INTEGER NOT NULL CHECK (sequence >= 1),
  day          TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  issued_at    TEXT    NOT NULL,
  received_at  TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  sha256       TEXT    NOT NULL CHECK (length(sha256) = 64),
  token_count  INTEGER NOT NULL CHECK (token_count >= 0),
  body         TEXT    NOT NULL,
  PRIMARY KEY (consulate, sequence)
) WITHOUT ROWID;
CREATE INDEX appointment_feeds_day ON appointment_feeds(consulate, day, sequence);

CREATE TABLE appointment_feed_seen (
  sha256      TEXT NOT NULL PRIMARY KEY CHECK (length(sha256) = 64),
  seen_at     TEXT NOT NULL,
  source      TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'refused', 'already-applied', 'older')),
  reason      TEXT,
  detail      TEXT
) WITHOUT ROWID;
