// The kiosk's side of post numbers (issue 15, migration 012): the offline blocks it holds, its fallback series,
// and the tickets it printed offline until the hub has them. Takes part in the caller's transaction: a number
// taken offline, its row and the visit's record are one commit (server/post/numbers/issuer.ts).
import type { Db } from './db-type';
import { prepared } from './statements';
import { appendEvent } from './events';
import { fallbackLabel, type HeldBlock } from '../domain/queue/blocks';
import { ticketLabel } from '../domain/queue/numbering';

export interface DayPrefix {
  consulate: string;
  prefix: string;
  businessDay: string;
}

export function saveBlock(db: Db, k: DayPrefix, b: { first: number; last: number }, at: Date): void {
  prepared(
    db,
    `INSERT INTO kiosk_number_blocks (consulate, prefix, business_day, first, last, next, leased_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (consulate, prefix, business_day, first) DO NOTHING`,
  ).run(k.consulate, k.prefix, k.businessDay, b.first, b.last, b.first, at.toISOString());
}

/** The block numbers are taken from (the oldest, i.e. highest, with numbers left), or null. */
export function currentBlock(db: Db, k: DayPrefix): HeldBlock | null {
  const row = prepared(
    db,
    `SELECT first, last, next FROM kiosk_number_blocks WHERE consulate = ? AND prefix = ? AND business_day = ? AND next <= last
     ORDER BY first DESC LIMIT 1`,
  ).get(k.consulate, k.prefix, k.businessDay) as HeldBlock | undefined;
  return row ?? null;
}

/** Numbers left in all blocks held for the prefix and day. */
export function numbersLeft(db: Db, k: DayPrefix): number {
  const row = prepared(
    db,
    'SELECT coalesce(sum(last - next + 1), 0) AS n FROM kiosk_number_blocks WHERE consulate = ? AND prefix = ? AND business_day = ?',
  ).get(k.consulate, k.prefix, k.businessDay) as { n: number };
  return row.n;
}

export interface OfflineNumber {
  series: string;
  number: number;
  label: string;
}

/** The next offline number: from the block, or, once every block is used up, from the kiosk's fallback series. */
export function takeOfflineNumber(db: Db, k: DayPrefix, kioskId: string, digits: number): OfflineNumber {
  const b = currentBlock(db, k);
  if (b) {
    prepared(db, 'UPDATE kiosk_number_blocks SET next = next + 1 WHERE consulate = ? AND prefix = ? AND business_day = ? AND first = ?').run(
      k.consulate,
      k.prefix,
      k.businessDay,
      b.first,
    );
    return { series: '', number: b.next, label: ticketLabel(k.prefix, b.next, digits) };
  }
  const row = prepared(
    db,
    `INSERT INTO kiosk_fallback_numbers (consulate, prefix, business_day, last) VALUES (?, ?, ?, 1)
     ON CONFLICT (consulate, prefix, business_day) DO UPDATE SET last = last + 1 RETURNING last`,
  ).get(k.consulate, k.prefix, k.businessDay) as { last: number };
  return { series: kioskId, number: row.last, label: fallbackLabel(k.prefix, kioskId, row.last, digits) };
}

export interface OfflineRow {
  requestKey: string;
  localId: string;
  key: DayPrefix;
  number: OfflineNumber;
  /** The upload's entry (shared/post-numbers-api.ts OfflineTicket). */
  body: object;
  issuedAt: Date;
}

/** The ticket's row and its journal event; call in the transaction that took the number. */
export function recordOfflineTicket(db: Db, r: OfflineRow, reason: string): void {
  prepared(
    db,
    `INSERT INTO kiosk_offline_tickets (request_key, local_id, consulate, prefix, business_day, series, number, label, body, issued_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    r.requestKey,
    r.localId,
    r.key.consulate,
    r.key.prefix,
    r.key.businessDay,
    r.number.series,
    r.number.number,
    r.number.label,
    JSON.stringify(r.body),
    r.issuedAt.toISOString(),
  );
  appendEvent(db, {
    kind: 'post.ticket.offline',
    subject: r.localId,
    payload: { label: r.number.label, series: r.number.series, requestKey: r.requestKey, reason },
    at: r.issuedAt,
  });
}

export function offlineTicketFor(db: Db, requestKey: string): { local_id: string; label: string; body: string } | undefined {
  return prepared(db, 'SELECT local_id, label, body FROM kiosk_offline_tickets WHERE request_key = ?').get(requestKey) as
    { local_id: string; label: string; body: string } | undefined;
}

/** Tickets the hub does not have yet, oldest first. */
export function pendingUploads(db: Db, limit: number): Array<{ requestKey: string; body: unknown }> {
  const rows = prepared(db, 'SELECT request_key, body FROM kiosk_offline_tickets WHERE uploaded_at IS NULL ORDER BY issued_at LIMIT ?').all(limit) as Array<{
    request_key: string;
    body: string;
  }>;
  return rows.map((r) => ({ requestKey: r.request_key, body: JSON.parse(r.body) as unknown }));
}

export function markUploaded(db: Db, requestKey: string, outcome: string, at: Date): void {
  prepared(db, 'UPDATE kiosk_offline_tickets SET uploaded_at = ?, outcome = ?, attempts = attempts + 1 WHERE request_key = ? AND uploaded_at IS NULL').run(
    at.toISOString(),
    outcome,
    requestKey,
  );
}

export interface PrefixStatus {
  prefix: string;
  /** Numbers left in the blocks held. */
  left: number;
  /** Numbers printed from blocks / from the fallback series today. */
  usedFromBlocks: number;
  usedFallback: number;
}

export function blockStatus(db: Db, consulate: string, businessDay: string, prefixes: readonly string[]): PrefixStatus[] {
  return prefixes.map((prefix) => {
    const k = { consulate, prefix, businessDay };
    const used = prepared(
      db,
      'SELECT coalesce(sum(next - first), 0) AS n FROM kiosk_number_blocks WHERE consulate = ? AND prefix = ? AND business_day = ?',
    ).get(consulate, prefix, businessDay) as { n: number };
    const fb = prepared(db, 'SELECT last FROM kiosk_fallback_numbers WHERE consulate = ? AND prefix = ? AND business_day = ?').get(
      consulate,
      prefix,
      businessDay,
    ) as { last: number } | undefined;
    return { prefix, left: numbersLeft(db, k), usedFromBlocks: used.n, usedFallback: fb?.last ?? 0 };
  });
}

export function pendingUploadCount(db: Db): number {
  return (prepared(db, 'SELECT count(*) AS n FROM kiosk_offline_tickets WHERE uploaded_at IS NULL').get() as { n: number }).n;
}
