// The hub's side of post numbers (issue 15, migration 012): offline blocks leased to kiosks, the request key of
// each kiosk ticket (same key, same ticket), and the tickets kiosks printed offline, inserted at their issue time.
import type { Db } from './db-type';
import { prepared } from './statements';
import { appendTicketEvent, getTicket, inImmediate, OPEN_STATES, updateTicket, type TicketRow } from './queue';
import { fallbackLabel, nextBlockRange, onlineNextNumber, type BlockRange } from '../domain/queue/blocks';
import { ticketLabel, type NumberingRule } from '../domain/queue/numbering';
import type { Priority } from '../domain/queue/order';

export interface BlockRequest {
  consulate: string;
  prefix: string;
  businessDay: string;
  kioskId: string;
  size: number;
  rule: NumberingRule;
  at: Date;
}

/** Leases the next block (domain/queue/blocks.ts) in one BEGIN IMMEDIATE with the online count it must stay above. */
export function leaseBlock(db: Db, r: BlockRequest): BlockRange | null {
  return inImmediate(db, () => {
    const day = prepared(db, 'SELECT last_seq FROM queue_days WHERE consulate = ? AND prefix = ? AND business_day = ?').get(
      r.consulate,
      r.prefix,
      r.businessDay,
    ) as { last_seq: number } | undefined;
    const low = prepared(db, 'SELECT min(first) AS f FROM post_number_blocks WHERE consulate = ? AND prefix = ? AND business_day = ?').get(
      r.consulate,
      r.prefix,
      r.businessDay,
    ) as { f: number | null };
    const block = nextBlockRange(r.rule, r.size, { lowestLeased: low.f, onlineNext: onlineNextNumber(r.rule, day ? day.last_seq : -1) });
    if (!block) return null;
    prepared(db, 'INSERT INTO post_number_blocks (consulate, prefix, business_day, first, last, kiosk, leased_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      r.consulate,
      r.prefix,
      r.businessDay,
      block.first,
      block.last,
      r.kioskId,
      r.at.toISOString(),
    );
    return block;
  });
}

/** The ticket that answered this kiosk's request key, if any. */
export function ticketForRequest(db: Db, kioskId: string, requestKey: string): TicketRow | undefined {
  const row = prepared(db, 'SELECT ticket_id FROM post_ticket_requests WHERE kiosk = ? AND request_key = ?').get(kioskId, requestKey) as
    { ticket_id: string } | undefined;
  return row ? getTicket(db, row.ticket_id) : undefined;
}

/** Whether `ticketId` was issued at the request of `kioskId` (online, or uploaded from its offline block). */
export function isKioskTicket(db: Db, kioskId: string, ticketId: string): boolean {
  return prepared(db, 'SELECT 1 FROM post_ticket_requests WHERE kiosk = ? AND ticket_id = ? LIMIT 1').get(kioskId, ticketId) !== undefined;
}

/** Call in the transaction that issued the ticket. */
export function recordRequest(db: Db, kioskId: string, requestKey: string, ticketId: string, at: Date): void {
  prepared(
    db,
    `INSERT INTO post_ticket_requests (kiosk, request_key, ticket_id, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (kiosk, request_key) DO UPDATE SET ticket_id = excluded.ticket_id, at = excluded.at`,
  ).run(kioskId, requestKey, ticketId, at.toISOString());
}

/** The hub's id of a ticket of the post series (block numbers take the seq the online count skips) or of a fallback series. */
export function postTicketId(consulate: string, businessDay: string, prefix: string, series: string, number: number, rule: NumberingRule): string {
  return series === '' ? `${consulate}/${businessDay}/${prefix}/${number - rule.start}` : `${consulate}/${businessDay}/${prefix}/${series}/${number}`;
}

export interface OfflineInput {
  consulate: string;
  kioskId: string;
  /** The ticket's business day, from its issue time in the consulate's zone. */
  businessDay: string;
  /** The hub's business day now: a ticket of an earlier day is kept in the journal but closed at once. */
  today: string;
  rule: NumberingRule;
  requestKey: string;
  service: string;
  prefix: string;
  number: number;
  series: string;
  label: string;
  kind: 'walk-in' | 'appointment';
  slot: string | null;
  priority: Priority | null;
  persons: number;
  lang: string;
  issuedAt: Date;
  at: Date;
  /** A visit of several services, `service` first: kept in the issued event, where the queue reads a ticket's route. */
  route?: readonly string[];
}

export type OfflineResult =
  | { outcome: 'accepted' | 'duplicate'; ticketId: string; superseded?: string }
  | { outcome: 'refused'; reason: 'not-in-block' | 'wrong-series' | 'wrong-label' | 'number-taken'; detail: string };

/**
 * Inserts a ticket a kiosk printed offline, with arrived_at = its issue time so the calling order places it where
 * the visitor stood. Idempotent by (kiosk, request key). When the same key already got an online ticket (the hub
 * answered after the kiosk's bound: a ghost nobody holds), the ghost is closed (expired, superseded) and the
 * offline ticket, the one the visitor holds, takes its place: never two live tickets for one visit.
 */
export function acceptOfflineTicket(db: Db, i: OfflineInput): OfflineResult {
  return inImmediate(db, (): OfflineResult => {
    const id = postTicketId(i.consulate, i.businessDay, i.prefix, i.series, i.number, i.rule);
    const known = ticketForRequest(db, i.kioskId, i.requestKey);
    if (known && known.id === id) return { outcome: 'duplicate', ticketId: id };
    if (i.series === '') {
      const mine = prepared(
        db,
        'SELECT 1 FROM post_number_blocks WHERE consulate = ? AND prefix = ? AND business_day = ? AND kiosk = ? AND ? BETWEEN first AND last',
      ).get(i.consulate, i.prefix, i.businessDay, i.kioskId, i.number);
      if (!mine) return { outcome: 'refused', reason: 'not-in-block', detail: `${i.label} is in no block leased to kiosk ${i.kioskId} on ${i.businessDay}` };
    } else if (i.series !== i.kioskId) {
      return { outcome: 'refused', reason: 'wrong-series', detail: `kiosk ${i.kioskId} may only print its own fallback series, not "${i.series}"` };
    }
    const label = i.series === '' ? ticketLabel(i.prefix, i.number, i.rule.digits) : fallbackLabel(i.prefix, i.series, i.number, i.rule.digits);
    if (label !== i.label)
      return { outcome: 'refused', reason: 'wrong-label', detail: `number ${i.number} of series "${i.series}" is ${label}, not ${i.label}` };
    const taken = getTicket(db, id);
    if (taken) return { outcome: 'refused', reason: 'number-taken', detail: `${label} is already ticket ${taken.id} of another request` };
    prepared(
      db,
      `INSERT INTO queue_tickets (id, consulate, prefix, business_day, day_seq, cycle, number, label, service, kind, slot, priority, persons, lang,
                                  arrived_at, series, offline)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    ).run(
      id,
      i.consulate,
      i.prefix,
      i.businessDay,
      i.series === '' ? i.number - i.rule.start : i.number,
      i.number,
      label,
      i.service,
      i.kind,
      i.slot,
      i.priority,
      i.persons,
      i.lang,
      i.issuedAt.toISOString(),
      i.series,
    );
    const actor = `kiosk:${i.kioskId}`;
    appendTicketEvent(db, {
      ticketId: id,
      kind: 'issued',
      at: i.issuedAt,
      service: i.service,
      actor,
      detail: {
        label,
        kind: i.kind,
        slot: i.slot,
        priority: i.priority,
        persons: i.persons,
        lang: i.lang,
        offline: true,
        receivedAt: i.at.toISOString(),
        ...(i.route ? { route: [...i.route] } : {}),
      },
    });
    if (i.businessDay !== i.today) close(db, getTicket(db, id)!, i.at, actor, { offline: true, businessDay: i.businessDay });
    let superseded: string | undefined;
    if (known && known.id !== id) {
      superseded = known.id;
      close(db, known, i.at, 'system', { superseded: true, by: id, byLabel: label, requestKey: i.requestKey });
    }
    recordRequest(db, i.kioskId, i.requestKey, id, i.at);
    return { outcome: 'accepted', ticketId: id, ...(superseded ? { superseded } : {}) };
  });
}

function close(db: Db, t: TicketRow, at: Date, actor: string, detail: Record<string, unknown>): void {
  if (!updateTicket(db, t.id, OPEN_STATES, { state: 'expired', counter: null, closed_at: at.toISOString() })) return;
  appendTicketEvent(db, { ticketId: t.id, kind: 'expired', at, service: t.service, counter: t.counter, actor, detail: { label: t.label, ...detail } });
}
