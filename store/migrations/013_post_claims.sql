-- Issue 15, appointment tokens at the post level. One program plays hub or kiosk, so both sides' tables are here.
--
-- Hub: the post-wide register of used tokens is the hub's own appointment_tokens_used (its primary key is the
-- guard). post_token_holders says which visit of the claiming kiosk holds each row, so that a kiosk's retry of the
-- same claim (its answer timed out) is accepted, and a release names the visit it ends.
CREATE TABLE post_token_holders (
  token_id  TEXT NOT NULL PRIMARY KEY,
  kiosk_id  TEXT NOT NULL CHECK (length(kiosk_id) > 0),
  visit_key TEXT NOT NULL CHECK (length(visit_key) BETWEEN 8 AND 64)
);

-- Hub: a token claimed at two kiosks during a partition. The register keeps the first claim it heard of; the other
-- visit happened too (both are kept): a supervisor looks at both and acknowledges. One row per late claim, so an
-- upload sent again raises nothing new.
CREATE TABLE post_token_conflicts (
  id              INTEGER PRIMARY KEY,
  token_id        TEXT NOT NULL,
  consulate       TEXT,
  appointment_id  TEXT,
  kiosk_id        TEXT NOT NULL,              -- the late claim
  visit_key       TEXT NOT NULL,
  claimed_at      TEXT NOT NULL,
  held_kiosk_id   TEXT NOT NULL,              -- the claim the register holds
  held_at         TEXT NOT NULL,
  raised_at       TEXT NOT NULL,
  acknowledged_at TEXT,
  acknowledged_by TEXT,
  note            TEXT,
  UNIQUE (token_id, kiosk_id, visit_key)
);
-- Retention may only take the appointment id away (store/post-claims.ts, purgePostClaims).
CREATE TRIGGER post_token_conflicts_facts BEFORE UPDATE ON post_token_conflicts
WHEN NEW.token_id IS NOT OLD.token_id OR NEW.consulate IS NOT OLD.consulate OR NEW.kiosk_id IS NOT OLD.kiosk_id
  OR NEW.visit_key IS NOT OLD.visit_key OR NEW.claimed_at IS NOT OLD.claimed_at OR NEW.held_kiosk_id IS NOT OLD.held_kiosk_id
  OR NEW.held_at IS NOT OLD.held_at OR NEW.raised_at IS NOT OLD.raised_at
  OR (NEW.appointment_id IS NOT OLD.appointment_id AND NEW.appointment_id IS NOT NULL)
  OR (OLD.acknowledged_at IS NOT NULL AND (NEW.acknowledged_at IS NOT OLD.acknowledged_at OR NEW.acknowledged_by IS NOT OLD.acknowledged_by
      OR NEW.note IS NOT OLD.note))
BEGIN SELECT RAISE(ABORT, 'post_token_conflicts: a conflict''s facts never change and it is acknowledged once (retention only removes the appointment id)'); END;

-- Kiosk: its claims at the hub, one per visit. 'claiming' while the hub is asked (a crash there leaves it to upload),
-- 'provisional' when the hub did not answer in time (accepted on this kiosk's journal, uploaded later),
-- 'confirmed' / 'conflict' once the hub has it, 'releasing' when the visit ended before payment and the hub must
-- be told. The kiosk's own appointment_tokens_used row is written with it, as in standalone.
CREATE TABLE post_token_claims (
  visit_key      TEXT NOT NULL PRIMARY KEY CHECK (length(visit_key) BETWEEN 8 AND 64),
  token_id       TEXT NOT NULL,
  appointment_id TEXT,
  consulate      TEXT,
  expires_at     TEXT,
  claimed_at     TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('claiming', 'provisional', 'confirmed', 'conflict', 'releasing')),
  release_reason TEXT,
  attempts       INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT
);
CREATE INDEX post_token_claims_token ON post_token_claims(token_id);
CREATE INDEX post_token_claims_pending ON post_token_claims(state) WHERE state IN ('claiming', 'provisional', 'releasing');
