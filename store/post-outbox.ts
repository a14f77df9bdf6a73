// The kiosk's outbox to the post hub (issue 15, item 4): the journal itself is the outbox (events are
// append-only and numbered), so all the kiosk keeps is a cursor, the last event the hub confirmed holding.
// It moves only on the hub's answer; a crash between the hub's answer and the cursor's write re-sends a batch,
// which the hub takes again as duplicates (store/post-events.ts).
import type { ShippedEvent } from '../shared/post-events-api';
import type { Db } from './db';
import { chainStateOf } from './chain-key';
import { lastEvent } from './events';
import { prepared } from './statements';

export interface OutboxCursor {
  /** The last event id the hub confirmed (0: none yet). */
  shippedThrough: number;
  shippedHash: string;
  confirmedAt: string | null;
}

export function outboxCursor(db: Db): OutboxCursor {
  const r = prepared(db, 'SELECT shipped_through, shipped_hash, confirmed_at FROM post_outbox WHERE one = 1').get() as
    { shipped_through: number; shipped_hash: string; confirmed_at: string } | undefined;
  return r
    ? { shippedThrough: r.shipped_through, shippedHash: r.shipped_hash, confirmedAt: r.confirmed_at }
    : { shippedThrough: 0, shippedHash: '', confirmedAt: null };
}

/**
 * Records what the hub holds. It may move the cursor back: a hub restored from an older backup asks for
 * events again, and it is the hub's word, not ours, that says what it holds.
 */
export function setOutboxCursor(db: Db, shippedThrough: number, shippedHash: string, at = new Date()): void {
  prepared(
    db,
    `INSERT INTO post_outbox (one, shipped_through, shipped_hash, confirmed_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (one) DO UPDATE SET shipped_through = excluded.shipped_through, shipped_hash = excluded.shipped_hash, confirmed_at = excluded.confirmed_at`,
  ).run(shippedThrough, shippedHash, at.toISOString());
}

/** An event as shipped (the stored JSON text unchanged: the link covers these exact bytes). */
export type OutgoingEvent = ShippedEvent;

export interface OutgoingBatch {
  /** The journal's newest event when the batch was read (null: empty journal). */
  head: { id: number; hash: string } | null;
  keyedFrom: number | null;
  events: OutgoingEvent[];
}

/** Rough bytes of one event in the request body (its JSON fields plus the names). */
const sizeOf = (e: OutgoingEvent) => e.payload.length + e.at.length + e.kind.length + (e.subject?.length ?? 0) + 2 * 64 + 100;

/**
 * The events after `afterId`, oldest first: at most `maxEvents`, and no more than about `maxBytes` of them
 * (always at least one, however large). Read with the head in one read transaction, so the head is never
 * behind the events sent with it.
 */
export function outgoingBatch(db: Db, afterId: number, limits: { maxEvents: number; maxBytes: number }): OutgoingBatch {
  return db.transaction((): OutgoingBatch => {
    const events: OutgoingEvent[] = [];
    let bytes = 0;
    const rows = prepared(db, 'SELECT id, at, kind, subject, payload, prev_hash AS prevHash, hash FROM events WHERE id > ? ORDER BY id LIMIT ?').iterate(
      afterId,
      limits.maxEvents,
    ) as IterableIterator<OutgoingEvent>;
    for (const e of rows) {
      const size = sizeOf(e);
      if (events.length > 0 && bytes + size > limits.maxBytes) break;
      events.push(e);
      bytes += size;
    }
    const state = chainStateOf(db);
    const keyedFrom = state.keyed ? (state.key?.keyedFrom ?? keyedFromRow(db)) : null;
    return { head: lastEvent(db), keyedFrom, events };
  })();
}

/** A keyed journal opened without its key still says where its keyed links start. */
function keyedFromRow(db: Db): number | null {
  return (prepared(db, 'SELECT keyed_from AS k FROM journal_chain').get() as { k: number } | undefined)?.k ?? null;
}

/** How many events the hub does not hold yet, and the newest one. */
export function outboxLag(db: Db, shippedThrough: number): { head: { id: number; hash: string } | null; lag: number } {
  const head = lastEvent(db);
  const { n } = prepared(db, 'SELECT count(*) AS n FROM events WHERE id > ?').get(shippedThrough) as { n: number };
  return { head, lag: n };
}
