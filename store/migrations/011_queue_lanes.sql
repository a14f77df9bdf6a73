-- Issue 14: call next and the counter's list must not rank the whole waiting list. The calling order
-- (domain/queue/order.ts) reads, per service, the waiting tickets in the order of each lane, and only the
-- first few of each: these two indexes hold those orders, so each read stops after N rows without a sort.
-- Walk-in lane (walk-ins, and appointments that came too late) by arrival, one run per kind and priority
-- class (the N:1 and ageing rules merge ordinary and priority visitors). The ticket's seq (the rowid, the
-- order's last tie-break) ends every index entry, so ORDER BY arrived_at, seq needs no sort either.
CREATE INDEX queue_tickets_lane ON queue_tickets(consulate, business_day, service, kind, priority, arrived_at) WHERE state = 'waiting';
-- Appointment lanes (due, then not yet due) by booked slot, then arrival.
CREATE INDEX queue_tickets_slot ON queue_tickets(consulate, business_day, service, slot, arrived_at) WHERE state = 'waiting' AND kind = 'appointment';
