-- One row per print job (ticket, receipt, test page) with its current state; every step is also appended
-- to `events` (print.queued, print.sent, print.interrupted, print.confirmed, print.failed).
CREATE TABLE print_jobs (
  id          TEXT    PRIMARY KEY,
  kind        TEXT    NOT NULL CHECK (kind IN ('ticket', 'receipt', 'test', 'other')),
  subject     TEXT,                       -- the ticket id or payment id it prints
  printer     TEXT    NOT NULL,           -- transport address, 'tcp://…', 'sim'
  bytes       INTEGER NOT NULL CHECK (bytes >= 0),
  state       TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'confirmed', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  verified    INTEGER CHECK (verified IN (0, 1)),   -- confirmed by the printer (1) or only accepted by a one-way link (0)
  reason      TEXT,                       -- why it failed, or why it was last interrupted
  created_at  TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL,
  CHECK (state <> 'failed' OR reason IS NOT NULL),
  CHECK (state <> 'confirmed' OR verified IS NOT NULL)
);
CREATE INDEX print_jobs_subject ON print_jobs(subject);
CREATE INDEX print_jobs_state ON print_jobs(state, updated_at);

-- A job only moves forward: queued → sent → confirmed | failed (sent again on a reprint); never back.
CREATE TRIGGER print_jobs_forward BEFORE UPDATE OF state ON print_jobs
WHEN OLD.state IN ('confirmed', 'failed') AND NEW.state <> OLD.state
BEGIN SELECT RAISE(ABORT, 'print_jobs: a confirmed or failed job is final; queue a new job to print again'); END;
