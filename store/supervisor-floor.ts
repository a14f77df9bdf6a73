// What a supervisor changes on the floor (issue 18 item 4, migration 025): the services a counter calls, the
// services paused for walk-ins, a waiting ticket moved to another service, a no-show reopened. Each change and its
// journal event are one BEGIN IMMEDIATE transaction, the event naming the supervisor; refusals are values.
import type { Db } from './db-type';
import { appendEvent } from './events';
import { prepared } from './statements';
import { appendTicketEvent, getTicket, inImmediate, updateTicket, type TicketRow } from './queue';
import type { Fail } from '../shared/result';

export interface CounterServicesRow {
  counter: string;
  services: string[];
  since: string;
  by: string;
}

export interface ServicePauseRow {
  service: string;
  since: string;
  by: string;
  reason: string | null;
}

export function counterServiceOverrides(db: Db): CounterServicesRow[] {
  const rows = prepared(db, 'SELECT counter, services, since, by FROM queue_counter_services').all() as Array<
    Omit<CounterServicesRow, 'services'> & { services: string }
  >;
  return rows.map((r) => ({ ...r, services: JSON.parse(r.services) as string[] }));
}

/** Sets the services `counter` calls from now on; `previous` is what it called before (journaled with the change). */
export function setCounterServices(db: Db, c: { counter: string; services: readonly string[]; previous: readonly string[]; by: string; at: Date }): void {
  inImmediate(db, () => {
    prepared(
      db,
      `INSERT INTO queue_counter_services (counter, services, since, by) VALUES (?, ?, ?, ?)
       ON CONFLICT (counter) DO UPDATE SET services = excluded.services, since = excluded.since, by = excluded.by`,
    ).run(c.counter, JSON.stringify(c.services), c.at.toISOString(), c.by);
    appendEvent(db, {
      kind: 'queue.counter.services',
      subject: `counter:${c.counter}`,
      payload: { counter: c.counter, services: c.services, previous: c.previous, actor: c.by },
      at: c.at,
    });
  });
}

export function servicePauses(db: Db): ServicePauseRow[] {
  return prepared(db, 'SELECT service, since, by, reason FROM queue_service_pauses').all() as ServicePauseRow[];
}

/** Pauses or resumes walk-in issuing for a service; false when it already was so (nothing written). */
export function setServicePaused(db: Db, p: { service: string; paused: boolean; by: string; at: Date; reason?: string | undefined }): boolean {
  return inImmediate(db, () => {
    const changes = p.paused
      ? prepared(db, 'INSERT INTO queue_service_pauses (service, since, by, reason) VALUES (?, ?, ?, ?) ON CONFLICT (service) DO NOTHING').run(
          p.service,
          p.at.toISOString(),
          p.by,
          p.reason ?? null,
        ).changes
      : prepared(db, 'DELETE FROM queue_service_pauses WHERE service = ?').run(p.service).changes;
    if (changes === 0) return false;
    appendEvent(db, {
      kind: p.paused ? 'queue.service.paused' : 'queue.service.resumed',
      subject: `service:${p.service}`,
      payload: { service: p.service, actor: p.by, ...(p.reason ? { reason: p.reason } : {}) },
      at: p.at,
    });
    return true;
  });
}

export type FloorTicketOutcome =
  | { ok: true; ticket: TicketRow }
  | Fail<'not-found', { detail: string }>
  | Fail<'wrong-state', { detail: string }>
  | Fail<'same-service', { detail: string }>
  | Fail<'number-taken', { detail: string }>;

/**
 * A waiting ticket joins another service. It keeps its number and arrival time (its place by when the visitor came),
 * as a counter's transfer does; journaled as `transferred` with no counter and the supervisor as actor.
 */
export function moveWaitingTicket(db: Db, m: { ticketId: string; service: string; by: string; at: Date }): FloorTicketOutcome {
  return inImmediate(db, (): FloorTicketOutcome => {
    const t = getTicket(db, m.ticketId);
    if (!t) return { ok: false, reason: 'not-found', detail: `no ticket ${m.ticketId}` };
    if (t.state !== 'waiting')
      return {
        ok: false,
        reason: 'wrong-state',
        detail: t.counter ? `${t.label} is at counter ${t.counter}: the counter transfers it` : `${t.label} is ${t.state}, not waiting`,
      };
    if (t.service === m.service) return { ok: false, reason: 'same-service', detail: `${t.label} is already in ${m.service}` };
    updateTicket(db, t.id, ['waiting'], { service: m.service });
    appendTicketEvent(db, {
      ticketId: t.id,
      kind: 'transferred',
      at: m.at,
      service: t.service,
      actor: m.by,
      detail: { label: t.label, from: t.service, to: m.service, by: 'supervisor' },
    });
    return { ok: true, ticket: getTicket(db, t.id)! };
  });
}

/**
 * A no-show of the business day goes back to waiting: the visitor came back. It keeps its number and arrival time, and
 * its recalls start again. Refused when another open ticket holds its number now (the range wrapped meanwhile).
 */
export function reopenNoShow(db: Db, r: { ticketId: string; businessDay: string; by: string; at: Date }): FloorTicketOutcome {
  return inImmediate(db, (): FloorTicketOutcome => {
    const t = getTicket(db, r.ticketId);
    if (!t) return { ok: false, reason: 'not-found', detail: `no ticket ${r.ticketId}` };
    if (t.state !== 'no-show') return { ok: false, reason: 'wrong-state', detail: `${t.label} is ${t.state}: only a no-show is reopened` };
    if (t.business_day !== r.businessDay) return { ok: false, reason: 'wrong-state', detail: `${t.label} is of ${t.business_day}, not of today` };
    const holder = prepared(
      db,
      `SELECT label FROM queue_tickets WHERE consulate = ? AND business_day = ? AND prefix = ? AND number = ? AND series = ?
       AND state IN ('waiting', 'called', 'serving') AND id <> ?`,
    ).get(t.consulate, t.business_day, t.prefix, t.number, t.series, t.id) as { label: string } | undefined;
    if (holder) return { ok: false, reason: 'number-taken', detail: `number ${t.label} was given again since; issue a new ticket instead` };
    updateTicket(db, t.id, ['no-show'], { state: 'waiting', closed_at: null, called_at: null, started_at: null, recalls: 0 });
    appendTicketEvent(db, { ticketId: t.id, kind: 'reopened', at: r.at, service: t.service, actor: r.by, detail: { label: t.label, from: 'no-show' } });
    return { ok: true, ticket: getTicket(db, t.id)! };
  });
}

/** The longest-waiting ticket's arrival per service (one row per service with someone waiting). */
export function oldestWaiting(db: Db, consulate: string, businessDay: string): Map<string, string> {
  const rows = prepared(
    db,
    `SELECT service, MIN(arrived_at) AS oldest FROM queue_tickets WHERE consulate = ? AND business_day = ? AND state = 'waiting' GROUP BY service`,
  ).all(consulate, businessDay) as Array<{ service: string; oldest: string }>;
  return new Map(rows.map((r) => [r.service, r.oldest]));
}

/** The first `n` waiting tickets of the day by arrival: the ones a supervisor acts on first (never the whole list). */
export function longestWaiting(db: Db, consulate: string, businessDay: string, n: number): TicketRow[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`n must be a whole number from 0, not ${n}`);
  return prepared(db, `SELECT * FROM queue_tickets WHERE consulate = ? AND business_day = ? AND state = 'waiting' ORDER BY arrived_at, seq LIMIT ${n}`).all(
    consulate,
    businessDay,
  ) as TicketRow[];
}

/**
 * The day's latest no-shows still in that state (newest first), which a supervisor may reopen. Read backwards from the
 * `no-show` events (queue_ticket_events_kind), never by scanning the tickets of every day.
 */
export function recentNoShows(db: Db, consulate: string, businessDay: string, n: number): TicketRow[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`n must be a whole number from 0, not ${n}`);
  return prepared(
    db,
    `SELECT t.* FROM (SELECT DISTINCT ticket_id FROM (SELECT ticket_id FROM queue_ticket_events WHERE kind = 'no-show' ORDER BY id DESC LIMIT ${n * 4})) e
     JOIN queue_tickets t ON t.id = e.ticket_id
     WHERE t.consulate = ? AND t.business_day = ? AND t.state = 'no-show' ORDER BY t.closed_at DESC, t.seq DESC LIMIT ${n}`,
  ).all(consulate, businessDay) as TicketRow[];
}
