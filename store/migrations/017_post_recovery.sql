-- Issue 15, a post that recovers (issue 15 items 4 and 8).

-- Hub: a supervisor may accept a kiosk's forked chain (store/post-event-forks.ts). The events the hub had received
-- from the accepted point on are kept, moved under an archived chain id "<kiosk>~fork<n>" so that the kiosk's
-- journal as it is now can be received under its own id. That rename is the one change allowed: every column
-- but kiosk_id stays as shipped (the links still check), and only a kiosk's own rows move to one of its archives.
DROP TRIGGER post_received_events_no_update;
CREATE TRIGGER post_received_events_no_update BEFORE UPDATE ON post_received_events
WHEN NOT (
  instr(OLD.kiosk_id, '~') = 0
  AND substr(NEW.kiosk_id, 1, length(OLD.kiosk_id) + 5) = OLD.kiosk_id || '~fork'
  AND NEW.id = OLD.id AND NEW.at IS OLD.at AND NEW.kind IS OLD.kind AND NEW.subject IS OLD.subject AND NEW.payload IS OLD.payload
  AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash AND NEW.received_at IS OLD.received_at
)
BEGIN SELECT RAISE(ABORT, 'post_received_events is append-only: a kiosk''s shipped events are never changed'); END;

-- Kiosk: the online tickets the hub gave this kiosk, as the hub answered them (server/post/numbers/recover*.ts).
-- A hub restored from an older backup does not know them: the kiosk reports them (with its blocks and offline
-- tickets) so that the hub's counters go above them and the tickets rejoin its lists.
CREATE TABLE kiosk_online_tickets (
  request_key  TEXT    NOT NULL PRIMARY KEY,
  ticket_id    TEXT    NOT NULL,
  consulate    TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  body         TEXT    NOT NULL CHECK (json_valid(body)),
  issued_at    TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX kiosk_online_tickets_day ON kiosk_online_tickets(consulate, business_day);
