// Queries of the queue tables (migration 005). Every change of a ticket writes its history row and the
// journal event in the caller's transaction; `inImmediate` gives that transaction its write lock up front,
// so two processes issuing or calling at once queue up on SQLite's lock instead of racing.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { appendEvent } from './events';
import { immediate } from './immediate';
import { nextAllocation, ticketLabel, type NumberingRule } from '../domain/queue/numbering';
import { laneOf, PRIORITIES, type OrderRule, type Priority, type WaitingTicket } from '../domain/queue/order';
import type { TicketState } from '../shared/queue-api';
import type { Fail } from '../shared/result';

/** Open tickets keep their number; a parked (held) one too, its visitor comes back with it (migration 026). */
export const OPEN_STATES: readonly TicketState[] = ['waiting', 'called', 'serving', 'held'];
export type TicketEventKind =
  'issued' | 'called' | 'recalled' | 'started' | 'finished' | 'no-show' | 'transferred' | 'expired' | 'cancelled' | 'reopened' | 'held' | 'priority';

export interface TicketRow {
  seq: number;
  id: string;
  consulate: string;
  prefix: string;
  business_day: string;
  day_seq: number;
  cycle: number;
  number: number;
  label: string;
  service: string;
  kind: 'walk-in' | 'appointment';
  slot: string | null;
  priority: Priority | null;
  persons: number;
  lang: string;
  arrived_at: string;
  state: TicketState;
  counter: string | null;
  recalls: number;
  called_at: string | null;
  started_at: string | null;
  closed_at: string | null;
  /** '' for the post's numbering, a kiosk id for its fallback series (migration 012). */
  series: string;
  /** 1 for a ticket a kiosk printed while the hub did not answer. */
  offline: number;
  /** Why and by whom a cancelled ticket was cancelled (migration 023); null for every other state. */
  cancel_reason: string | null;
  cancelled_by: string | null;
  /** Where, when, by whom and why it was last parked (migration 026); set whenever the state is held. */
  hold_counter: string | null;
  held_at: string | null;
  held_by: string | null;
  hold_reason: string | null;
  /** A priority asked at the kiosk, waiting for a staff member's word (migration 026); null once decided. */
  priority_request: Priority | null;
  /** Who gave `priority`: 'kiosk:<id>' when self-declared, else the staff member. */
  priority_by: string | null;
}

export interface TicketEventRow {
  id: number;
  event_id: number;
  ticket_id: string;
  at: string;
  kind: TicketEventKind;
  service: string;
  counter: string | null;
  actor: string;
  priority_call: number;
  lane: string | null;
  detail: string;
}

// Compiling SQL costs more than running it here: statements are prepared once per connection.
const cache = new WeakMap<Db, Map<string, Statement>>();
function stmt(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

/**
 * `LIMIT n` written into the SQL text. SQLite (3.53) plans with a bound LIMIT's value and so compiles the statement
 * again at every run (sqlite3ExprIsInteger sets the parameter's re-prepare bit): ≈ 80 µs of CPU each time, more
 * than the read. A literal keeps one prepared statement per distinct n, and the limits here are a handful.
 */
function limit(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`a LIMIT must be a whole number from 0, not ${n}`);
  return `LIMIT ${n}`;
}

export function inImmediate<T>(db: Db, fn: () => T): T {
  return immediate(db, fn);
}

export interface NewTicketEvent {
  ticketId: string;
  kind: TicketEventKind;
  at: Date;
  service: string;
  counter?: string | null;
  actor: string;
  priorityCall?: boolean;
  lane?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends to the journal's events and to queue_ticket_events; call inside a transaction. */
export function appendTicketEvent(db: Db, e: NewTicketEvent): number {
  const payload = {
    service: e.service,
    counter: e.counter ?? null,
    actor: e.actor,
    ...(e.lane ? { lane: e.lane } : {}),
    ...(e.priorityCall ? { priorityCall: true } : {}),
    ...e.detail,
  };
  const eventId = appendEvent(db, { kind: `queue.ticket.${e.kind}`, subject: e.ticketId, payload, at: e.at });
  const info = stmt(
    db,
    `INSERT INTO queue_ticket_events (event_id, ticket_id, at, kind, service, counter, actor, priority_call, lane, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    eventId,
    e.ticketId,
    e.at.toISOString(),
    e.kind,
    e.service,
    e.counter ?? null,
    e.actor,
    e.priorityCall ? 1 : 0,
    e.lane ?? null,
    JSON.stringify(e.detail ?? {}),
  );
  return Number(info.lastInsertRowid);
}

export interface IssueInput {
  consulate: string;
  businessDay: string;
  prefix: string;
  rule: NumberingRule;
  service: string;
  kind: 'walk-in' | 'appointment';
  slot: Date | null;
  priority: Priority | null;
  /** A priority asked for and not yet confirmed by staff (issue 18 item 3); never with `priority`. */
  priorityRequest?: Priority | null;
  persons: number;
  lang: string;
  at: Date;
  actor: string;
  /**
   * A visit of several services (issue 18 item 8, domain/queue/route.ts): its services in order, the first being
   * `service`. Kept in the `issued` event (the journal holds the route; no column needed), read by ticketRoute.
   */
  route?: readonly string[] | null;
}

/** `ahead`: tickets of its service waiting before it, the board's count as it stood just before this ticket. */
export type IssueOutcome = { ok: true; ticket: TicketRow; eventId: number; ahead: number } | { ok: false; reason: 'exhausted'; detail: string };

/**
 * "Is this number still held?" (consulate, prefix, business day, number): an open ticket of the post's numbering, a
 * parked one included. Through the partial index queue_tickets_held (migration 026), which serves only a WHERE that
 * implies its own; bench/queue.bench.ts times this very clause.
 */
export const HELD_NUMBER_WHERE =
  "WHERE consulate = ? AND prefix = ? AND business_day = ? AND number = ? AND state IN ('waiting', 'called', 'serving', 'held') AND series = '' LIMIT 1";

/**
 * Allocates the next number and inserts the ticket and its "issued" event, all in one BEGIN IMMEDIATE
 * transaction. The unique indexes are the last line of defence: were two writers ever to race past the
 * counter, the second insert fails rather than print a duplicate.
 */
export function issueTicket(db: Db, i: IssueInput): IssueOutcome {
  return inImmediate(db, (): IssueOutcome => {
    const day = stmt(db, 'SELECT last_seq FROM queue_days WHERE consulate = ? AND prefix = ? AND business_day = ?').get(
      i.consulate,
      i.prefix,
      i.businessDay,
    ) as { last_seq: number } | undefined;
    // Through queue_tickets_held (migration 010, 025): open tickets only (a parked one too), straight to the number. A kiosk's fallback
    // series (migration 012) is another range: its numbers hold nothing of the post's.
    const held = stmt(db, `SELECT 1 FROM queue_tickets ${HELD_NUMBER_WHERE}`);
    // Numbers of kiosks' offline blocks (domain/queue/blocks.ts) are never given online, in any cycle.
    const inBlock = stmt(db, 'SELECT 1 FROM post_number_blocks WHERE consulate = ? AND prefix = ? AND business_day = ? AND ? BETWEEN first AND last LIMIT 1');
    const alloc = nextAllocation(
      day ? day.last_seq : -1,
      i.rule,
      (n) => held.get(i.consulate, i.prefix, i.businessDay, n) !== undefined,
      i.prefix,
      (n) => inBlock.get(i.consulate, i.prefix, i.businessDay, n) !== undefined,
    );
    if (!alloc.ok) return alloc;
    const { seq, number, cycle } = alloc.allocation;
    stmt(
      db,
      `INSERT INTO queue_days (consulate, prefix, business_day, last_seq) VALUES (?, ?, ?, ?)
       ON CONFLICT (consulate, prefix, business_day) DO UPDATE SET last_seq = excluded.last_seq`,
    ).run(i.consulate, i.prefix, i.businessDay, seq);
    const id = `${i.consulate}/${i.businessDay}/${i.prefix}/${seq}`;
    const ahead = waitingCount(db, i.consulate, i.businessDay, i.service);
    const label = ticketLabel(i.prefix, number, i.rule.digits);
    // RETURNING: the row as stored (its defaults included) from the insert itself; reading it back by id after was a
    // second B-tree search per ticket on the hub's allocation path (issue 14, post scale).
    const ticket = stmt(
      db,
      `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, cycle, number, label, service, kind, slot, priority, persons, lang, arrived_at,
                                  priority_request, priority_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ).get(
      id,
      i.consulate,
      i.prefix,
      i.businessDay,
      seq,
      cycle,
      number,
      label,
      i.service,
      i.kind,
      i.slot?.toISOString() ?? null,
      i.priority,
      i.persons,
      i.lang,
      i.at.toISOString(),
      i.priority ? null : (i.priorityRequest ?? null),
      i.priority ? i.actor : null,
    ) as TicketRow;
    const eventId = appendTicketEvent(db, {
      ticketId: id,
      kind: 'issued',
      at: i.at,
      service: i.service,
      actor: i.actor,
      detail: {
        label,
        kind: i.kind,
        slot: i.slot?.toISOString() ?? null,
        priority: i.priority,
        ...(ticket.priority_request ? { priorityRequest: ticket.priority_request } : {}),
        persons: i.persons,
        lang: i.lang,
        ...(i.route ? { route: [...i.route] } : {}),
      },
    });
    return { ok: true, ticket, eventId, ahead };
  });
}

export function getTicket(db: Db, id: string): TicketRow | undefined {
  return stmt(db, 'SELECT * FROM queue_tickets WHERE id = ?').get(id) as TicketRow | undefined;
}

/** Waiting tickets of the day; the calling order itself is decided in domain/queue/order.ts, not in SQL. */
export function waitingTickets(db: Db, consulate: string, businessDay: string): TicketRow[] {
  return stmt(db, `SELECT * FROM queue_tickets WHERE consulate = ? AND business_day = ? AND state = 'waiting'`).all(consulate, businessDay) as TicketRow[];
}

/** A ticket row as the calling order (domain/queue/order.ts) sees it. */
export function toWaiting(r: TicketRow): WaitingTicket {
  return {
    id: r.id,
    seq: r.seq,
    service: r.service,
    arrivedAt: Date.parse(r.arrived_at),
    priority: r.priority,
    booking: r.kind === 'appointment' && r.slot !== null ? { kind: 'appointment', slot: Date.parse(r.slot) } : { kind: 'walk-in' },
  };
}

/** The walk-in lane's runs: ordinary visitors, then each priority (`priority IS ?` matches the NULL too). */
const PRIORITY_CLASSES: ReadonlyArray<Priority | null> = [null, ...PRIORITIES];

/**
 * The waiting tickets that can stand among the first `limit` of the calling order of a counter serving
 * `services`, read without touching the rest of the list (indexes of migration 011). rankWaiting over these
 * gives exactly the first `limit` that ranking every waiting ticket gives (store/queue-candidates.test.ts):
 * each lane is a merge of runs already sorted the lane's way, and no merge takes more than `limit` from a run:
 * - per service, appointments not late, by slot, arrival, seq: the due lane and then the early lane (due is
 *   "slot ≤ now + n minutes", a prefix of that run);
 * - per service, kind and priority class, tickets of the walk-in lane by arrival, seq (the N:1 rule merges the
 *   ordinary and priority runs; ageing shifts a whole class by one credit, which keeps each run in order).
 * Lateness (arrival vs slot) is the domain's own laneOf: appointment rows of the other lane are skipped, so the
 * read grows with the waiting appointments of the service at most, never with its walk-ins.
 * Timestamps are compared as the ISO strings the store writes (toISOString), which sort as the instants do.
 */
export function waitingCandidates(db: Db, consulate: string, businessDay: string, services: readonly string[], n: number, rule: OrderRule): TicketRow[] {
  const out: TicketRow[] = [];
  if (n <= 0) return out;
  const late = (r: TicketRow) => laneOf(toWaiting(r), rule, 0).reason === 'appointment-late';
  const bySlot = stmt(
    db,
    `SELECT * FROM queue_tickets WHERE consulate = ? AND business_day = ? AND service = ? AND state = 'waiting' AND kind = 'appointment'
     ORDER BY slot, arrived_at, seq`,
  );
  // Appointments only, written in the text: a bound kind is compared with queue_tickets_slot's `kind = 'appointment'`
  // (exprCompareVariable), which makes SQLite compile the statement again at every run, as a bound LIMIT does.
  const byArrival = stmt(
    db,
    `SELECT * FROM queue_tickets WHERE consulate = ? AND business_day = ? AND service = ? AND kind = 'appointment' AND priority IS ? AND state = 'waiting'
     ORDER BY arrived_at, seq`,
  );
  // Walk-ins need no filter: one bounded read each (the same order, through the same index).
  const walkIns = stmt(
    db,
    `SELECT * FROM queue_tickets WHERE consulate = ? AND business_day = ? AND service = ? AND kind = 'walk-in' AND priority IS ? AND state = 'waiting'
     ORDER BY arrived_at, seq ${limit(n)}`,
  );
  const take = (rows: IterableIterator<unknown>, keep: (r: TicketRow) => boolean) => {
    let taken = 0;
    for (const r of rows as IterableIterator<TicketRow>) {
      if (!keep(r)) continue;
      out.push(r);
      if (++taken >= n) break; // ends the statement's read
    }
  };
  // A counter calls for several services, most of them often with nobody waiting: the counts of migration 010 spare
  // those services their seven lane reads (a third of a call's CPU on a day where counters keep up).
  const waiting = waitingCounts(db, consulate, businessDay);
  for (const service of new Set(services)) {
    if (!waiting.get(service)) continue;
    take(bySlot.iterate(consulate, businessDay, service), (r) => !late(r));
    for (const p of PRIORITY_CLASSES) {
      out.push(...(walkIns.all(consulate, businessDay, service, p) as TicketRow[]));
      take(byArrival.iterate(consulate, businessDay, service, p), late);
    }
  }
  return out;
}

/**
 * Waiting tickets of the day per service, from the counts the triggers of migration 010 keep: one row per
 * service, however long the list (the board needs only these).
 */
export function waitingCounts(db: Db, consulate: string, businessDay: string): Map<string, number> {
  const rows = stmt(db, 'SELECT service, waiting FROM queue_waiting WHERE consulate = ? AND business_day = ?').all(consulate, businessDay) as Array<{
    service: string;
    waiting: number;
  }>;
  return new Map(rows.map((r) => [r.service, r.waiting]));
}

export function waitingCount(db: Db, consulate: string, businessDay: string, service: string): number {
  const row = stmt(db, 'SELECT waiting FROM queue_waiting WHERE consulate = ? AND business_day = ? AND service = ?').get(consulate, businessDay, service) as
    { waiting: number } | undefined;
  return row?.waiting ?? 0;
}

/** Tickets at counters (called or being served). */
export function ticketsAtCounters(db: Db, consulate: string): TicketRow[] {
  // Without a consulate term SQLite picks the small partial index; the filter is done here.
  return (stmt(db, `SELECT * FROM queue_tickets WHERE state IN ('called', 'serving')`).all() as TicketRow[]).filter((t) => t.consulate === consulate);
}

export function ticketAtCounter(db: Db, counter: string): TicketRow | undefined {
  return stmt(db, `SELECT * FROM queue_tickets WHERE counter = ? AND state IN ('called', 'serving')`).get(counter) as TicketRow | undefined;
}

export type TicketPatch = Partial<
  Pick<
    TicketRow,
    | 'state'
    | 'counter'
    | 'recalls'
    | 'called_at'
    | 'started_at'
    | 'closed_at'
    | 'service'
    | 'cancel_reason'
    | 'cancelled_by'
    | 'hold_counter'
    | 'held_at'
    | 'held_by'
    | 'hold_reason'
    | 'priority'
    | 'priority_request'
    | 'priority_by'
  >
>;

/** Changes a ticket only if it is still in one of `from`; false when someone else moved it first. */
export function updateTicket(db: Db, id: string, from: readonly TicketState[], patch: TicketPatch): boolean {
  const keys = Object.keys(patch) as Array<keyof TicketPatch>;
  if (keys.length === 0) throw new Error('updateTicket needs at least one field to change');
  const sets = keys.map((k) => `${k} = @${k}`).join(', ');
  const states = from.map((_, i) => `@s${i}`).join(', ');
  const params: Record<string, unknown> = { id, ...patch };
  from.forEach((s, i) => (params[`s${i}`] = s));
  return stmt(db, `UPDATE queue_tickets SET ${sets} WHERE id = @id AND state IN (${states})`).run(params).changes === 1;
}

export type CancelOutcome =
  | { ok: true; ticket: TicketRow; eventId: number }
  | Fail<'not-found', { detail: string }>
  | Fail<'wrong-state', { detail: string; ticket: TicketRow }>
  | Fail<'invalid', { detail: string }>;

/**
 * Cancels an open ticket (waiting, called or serving): it leaves the waiting counts and the counter it was at, can no
 * longer be called, and keeps why and by whom. The state change and `queue.ticket.cancelled` are one BEGIN IMMEDIATE
 * transaction, like every ticket transition. A general queue operation: a refunded visit uses it (server/payments/
 * refund-ticket.ts), and so can a supervisor's "cancel with reason". A closed ticket (done, no-show, expired,
 * cancelled) is refused as a value: what happened to it stays what happened.
 */
export function cancelTicket(db: Db, c: { ticketId: string; reason: string; by: string; at: Date; detail?: Record<string, unknown> }): CancelOutcome {
  const reason = c.reason.trim();
  if (!reason) return { ok: false, reason: 'invalid', detail: 'say why the ticket is cancelled' };
  if (!c.by.trim()) return { ok: false, reason: 'invalid', detail: 'say who cancels the ticket' };
  return inImmediate(db, (): CancelOutcome => {
    const t = getTicket(db, c.ticketId);
    if (!t) return { ok: false, reason: 'not-found', detail: `no ticket ${c.ticketId} in this queue` };
    if (!OPEN_STATES.includes(t.state))
      return { ok: false, reason: 'wrong-state', ticket: t, detail: `${t.label} is ${t.state}: only an open ticket is cancelled` };
    const at = c.at.toISOString();
    updateTicket(db, t.id, OPEN_STATES, { state: 'cancelled', counter: null, closed_at: at, cancel_reason: reason, cancelled_by: c.by });
    const eventId = appendTicketEvent(db, {
      ticketId: t.id,
      kind: 'cancelled',
      at: c.at,
      service: t.service,
      counter: t.counter,
      actor: c.by,
      detail: { label: t.label, reason, from: t.state, ...c.detail },
    });
    return { ok: true, ticket: getTicket(db, t.id)!, eventId };
  });
}

/** The services a ticket is routed through (its `issued` event's route), or null for a ticket of one service. */
export function ticketRoute(db: Db, ticketId: string): string[] | null {
  const row = stmt(
    db,
    `SELECT json_extract(detail, '$.route') AS route FROM queue_ticket_events WHERE ticket_id = ? AND kind = 'issued' ORDER BY id LIMIT 1`,
  ).get(ticketId) as { route: string | null } | undefined;
  if (!row?.route) return null;
  const route: unknown = JSON.parse(row.route);
  return Array.isArray(route) && route.every((x) => typeof x === 'string') ? route : null;
}

export function ticketEvents(db: Db, ticketId: string): TicketEventRow[] {
  return stmt(db, 'SELECT * FROM queue_ticket_events WHERE ticket_id = ? ORDER BY id').all(ticketId) as TicketEventRow[];
}

export interface CallRow {
  eventId: number;
  at: string;
  kind: 'called' | 'recalled';
  ticket: TicketRow;
  counter: string;
}

/** The latest calls and recalls (newest first), for the board. Reads the history backwards: no scan. */
export function recentCalls(db: Db, n: number): CallRow[] {
  // One bounded read of queue_ticket_events_kind per kind, merged here: with `kind IN (…)` SQLite gathered
  // every call of the journal into a temporary b-tree to sort it, on every board read.
  const q = (kind: 'called' | 'recalled') =>
    stmt(
      db,
      `SELECT e.id AS eid, e.at AS eat, e.kind AS ekind, e.counter AS ecounter, t.*
       FROM queue_ticket_events e JOIN queue_tickets t ON t.id = e.ticket_id
       WHERE e.kind = '${kind}' ORDER BY e.id DESC ${limit(n)}`,
    );
  const rows = (['called', 'recalled'] as const)
    .flatMap((k) => q(k).all() as Array<TicketRow & { eid: number; eat: string; ekind: 'called' | 'recalled'; ecounter: string }>)
    .sort((a, b) => b.eid - a.eid)
    .slice(0, n);
  return rows.map(({ eid, eat, ekind, ecounter, ...t }) => ({ eventId: eid, at: eat, kind: ekind, counter: ecounter, ticket: t as TicketRow }));
}

/**
 * For the N:1 priority rule: how many ordinary walk-in calls of these services came since the last
 * priority one. Only the last `cap` calls are looked at (the rule never needs more).
 */
export function normalCallsSinceLastPriority(db: Db, services: readonly string[], cap: number): number {
  if (services.length === 0 || cap <= 0) return 0;
  // One bounded index read per service (newest first), merged here: a single IN (...) query would make
  // SQLite collect every call of those services to sort them, which grows with the journal.
  const q = stmt(
    db,
    `SELECT id, priority_call FROM queue_ticket_events INDEXED BY queue_ticket_events_service
     WHERE kind = 'called' AND service = ? AND lane = 'walk-in' ORDER BY id DESC ${limit(cap)}`,
  );
  const rows = services
    .flatMap((s) => q.all(s) as Array<{ id: number; priority_call: number }>)
    .sort((a, b) => b.id - a.id)
    .slice(0, cap);
  let n = 0;
  for (const r of rows) {
    if (r.priority_call) break;
    n++;
  }
  return n;
}

/** Service durations (minutes, newest first) of the last finished tickets of a service, from the history. */
export function recentServiceMinutes(db: Db, service: string, n: number): number[] {
  const rows = stmt(
    db,
    // INDEXED BY: left to itself SQLite walks every 'started' event below f.id when a ticket has none.
    `SELECT f.at AS finished,
         (SELECT s.at FROM queue_ticket_events s INDEXED BY queue_ticket_events_ticket
          WHERE s.ticket_id = f.ticket_id AND s.id < f.id AND s.kind = 'started' ORDER BY s.id DESC LIMIT 1) AS started
       FROM queue_ticket_events f INDEXED BY queue_ticket_events_service WHERE f.kind = 'finished' AND f.service = ? ORDER BY f.id DESC ${limit(n)}`,
  ).all(service) as Array<{ finished: string; started: string | null }>;
  return rows.filter((r) => r.started !== null).map((r) => (Date.parse(r.finished) - Date.parse(r.started!)) / 60_000);
}

export interface CounterRow {
  counter: string;
  paused: number;
  since: string;
  by: string;
}

export function counterStates(db: Db): CounterRow[] {
  return stmt(db, 'SELECT * FROM queue_counters').all() as CounterRow[];
}

export function setCounterPaused(db: Db, counter: string, paused: boolean, at: Date, by: string): void {
  stmt(
    db,
    `INSERT INTO queue_counters (counter, paused, since, by) VALUES (?, ?, ?, ?)
     ON CONFLICT (counter) DO UPDATE SET paused = excluded.paused, since = excluded.since, by = excluded.by`,
  ).run(counter, paused ? 1 : 0, at.toISOString(), by);
  appendEvent(db, { kind: paused ? 'queue.counter.paused' : 'queue.counter.resumed', subject: `counter:${counter}`, payload: { counter, by }, at });
}

/** Open tickets left from earlier business days (parked ones too): the visitors have gone home. */
export function staleOpenTickets(db: Db, consulate: string, businessDay: string): TicketRow[] {
  return stmt(db, `SELECT * FROM queue_tickets WHERE consulate = ? AND business_day < ? AND state IN ('waiting', 'called', 'serving', 'held')`).all(
    consulate,
    businessDay,
  ) as TicketRow[];
}

export function countTickets(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM queue_tickets').get() as { n: number }).n;
}
