// What a post ships to the central service (issue 16): its chains and, per chain, the last event the central
// service confirmed (migration 018). "post" is this daemon's own journal; "kiosk:K2" a kiosk's journal as the
// hub holds it (post_received_events, the kiosk's own links, relayed unchanged). Positions move only on the
// central service's answer; a crash between its answer and the write re-sends a batch, taken as duplicates.
import type { ShippedEvent } from '../shared/post-events-api';
import { eventHash } from '../shared/event-chain';
import type { Db } from './db';
import { linkOf } from './events';
import { usableKey } from './chain-key';
import { prepared } from './statements';
import { outboxLag, outgoingBatch, type OutgoingBatch } from './post-outbox';

export type CentralOrigin = 'post' | `kiosk:${string}`;

export function centralCursor(db: Db, origin: CentralOrigin): { shippedThrough: number; shippedHash: string } {
  const r = prepared(db, 'SELECT shipped_through AS t, shipped_hash AS h FROM central_outbox WHERE origin = ?').get(origin) as
    { t: number; h: string } | undefined;
  return r ? { shippedThrough: r.t, shippedHash: r.h } : { shippedThrough: 0, shippedHash: '' };
}

/** Records what the central service holds of a chain (it may move back: its word, not ours, says what it holds). */
export function setCentralCursor(db: Db, origin: CentralOrigin, through: number, hash: string, at = new Date()): void {
  prepared(
    db,
    `INSERT INTO central_outbox (origin, shipped_through, shipped_hash, confirmed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (origin) DO UPDATE SET shipped_through = excluded.shipped_through, shipped_hash = excluded.shipped_hash, confirmed_at = excluded.confirmed_at`,
  ).run(origin, through, hash, at.toISOString());
}

/** The kiosks whose chains this hub holds (their archived forks, "K2~fork1", stay here). */
export function relayedKiosks(db: Db): string[] {
  return prepared(db, "SELECT kiosk_id FROM post_kiosk_heads WHERE instr(kiosk_id, '~') = 0 ORDER BY kiosk_id").pluck().all() as string[];
}

/** This journal's chain: the same batches the kiosk ships to its hub. */
export const ownBatch = outgoingBatch;
export const ownLag = outboxLag;

/**
 * The link of this journal's event `id` recomputed from its stored content (with the journal's key from its
 * keyedFrom on): an event edited in place after shipping shows another link than the anchored one, even when
 * its stored hash column was left alone. Undefined: no such event.
 */
export function ownLinkNow(db: Db, id: number): string | undefined {
  const r = prepared(db, 'SELECT id, at, kind, subject, payload, prev_hash FROM events WHERE id = ?').get(id) as
    { id: number; at: string; kind: string; subject: string | null; payload: string; prev_hash: string } | undefined;
  return r && linkOf(usableKey(db), r.id, r.prev_hash, r.at, r.kind, r.subject, r.payload);
}

interface HeadRow {
  last_id: number;
  last_hash: string;
  keyed_from: number | null;
}
const kioskHeadRow = (db: Db, kioskId: string) =>
  prepared(db, 'SELECT last_id, last_hash, keyed_from FROM post_kiosk_heads WHERE kiosk_id = ?').get(kioskId) as HeadRow | undefined;

/** A kiosk's chain as this hub holds it, after `afterId`, bounded like the journal's batches. */
export function kioskBatch(db: Db, kioskId: string, afterId: number, limits: { maxEvents: number; maxBytes: number }): OutgoingBatch {
  return db.transaction((): OutgoingBatch => {
    const h = kioskHeadRow(db, kioskId);
    const events: ShippedEvent[] = [];
    let bytes = 0;
    const rows = prepared(
      db,
      'SELECT id, at, kind, subject, payload, prev_hash AS prevHash, hash FROM post_received_events WHERE kiosk_id = ? AND id > ? ORDER BY id LIMIT ?',
    ).iterate(kioskId, afterId, limits.maxEvents) as IterableIterator<ShippedEvent>;
    for (const e of rows) {
      const size = e.payload.length + e.at.length + e.kind.length + (e.subject?.length ?? 0) + 228;
      if (events.length > 0 && bytes + size > limits.maxBytes) break;
      events.push(e);
      bytes += size;
    }
    return { head: h && h.last_id > 0 ? { id: h.last_id, hash: h.last_hash } : null, keyedFrom: h?.keyed_from ?? null, events };
  })();
}

export function kioskLag(db: Db, kioskId: string, afterId: number): { head: { id: number; hash: string } | null; lag: number } {
  const h = kioskHeadRow(db, kioskId);
  return { head: h && h.last_id > 0 ? { id: h.last_id, hash: h.last_hash } : null, lag: Math.max(0, (h?.last_id ?? 0) - afterId) };
}

/** A kiosk event's link as held; recomputed where plain (the hub cannot recompute the kiosk's keyed links). */
export function kioskLinkNow(db: Db, kioskId: string, id: number): string | undefined {
  const r = prepared(db, 'SELECT at, kind, subject, payload, prev_hash, hash FROM post_received_events WHERE kiosk_id = ? AND id = ?').get(kioskId, id) as
    { at: string; kind: string; subject: string | null; payload: string; prev_hash: string; hash: string } | undefined;
  if (!r) return undefined;
  const keyedFrom = kioskHeadRow(db, kioskId)?.keyed_from ?? null;
  return keyedFrom !== null && id >= keyedFrom ? r.hash : eventHash(r.prev_hash, r.at, r.kind, r.subject, r.payload);
}

export function kioskLinkAt(db: Db, kioskId: string, id: number): string | undefined {
  if (id === 0) return '';
  return (prepared(db, 'SELECT hash FROM post_received_events WHERE kiosk_id = ? AND id = ?').get(kioskId, id) as { hash: string } | undefined)?.hash;
}
