-- Issue 14, post scale: every ticket issued wrote 20 B-trees, and each is a page in the WAL at every commit (the
-- hub's CPU per number). Three partial indexes on the open tickets overlapped:
-- - queue_tickets_waiting (consulate, business_day) WHERE waiting: queue_tickets_lane (migration 011) begins with the
--   same columns under the same condition, so the waiting list reads through it (a longer entry, one B-tree less).
-- - queue_tickets_open (consulate, business_day) and queue_tickets_held (consulate, prefix, business_day, number),
--   both WHERE open: one index with the day before the prefix serves both, "is this number still held?" (four
--   equalities) and the tickets left open from earlier days (business_day < ?).
-- Uniqueness is untouched (queue_tickets_number, queue_tickets_day_seq, the id): no number can be given twice.
DROP INDEX queue_tickets_waiting;
DROP INDEX queue_tickets_open;
DROP INDEX queue_tickets_held;
CREATE INDEX queue_tickets_held ON queue_tickets(consulate, business_day, prefix, number) WHERE state IN ('waiting', 'called', 'serving');
