-- Issue 15, item 5: staff sessions live in the journal, so a daemon restart signs nobody out. Only the SHA-256 of
-- the cookie's token is kept (a copy of the journal hands out no session); `id` is a separate random id that a
-- supervisor sees and revokes by. An ended row (revoked, or replaced by a sign-in at its counter) is kept until
-- its expiry so that its cookie is told why; a sign-out deletes its row; expired rows are purged.
CREATE TABLE staff_sessions (
  id           TEXT PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      TEXT NOT NULL,
  user_name    TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('staff', 'supervisor', 'technician')),
  counter      TEXT,                                   -- NULL: signed in away from a counter
  app          TEXT NOT NULL,                          -- the staff page whose cookie carries it
  created_at   TEXT NOT NULL,                          -- ISO UTC
  expires_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,                          -- written at most once a minute per session
  ended_at     TEXT,
  ended_by     TEXT,                                   -- the supervisor's id, or the account that signed in after
  end_reason   TEXT,                                   -- 'revoked' or 'replaced'
  end_note     TEXT,                                   -- the supervisor's words
  CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
-- One open session per counter (today's rule: a sign-in at a counter ends the one before).
CREATE UNIQUE INDEX staff_sessions_open_counter ON staff_sessions(counter) WHERE ended_at IS NULL AND counter IS NOT NULL;
CREATE INDEX staff_sessions_expiry ON staff_sessions(expires_at);
