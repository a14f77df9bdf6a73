// A supervisor's way out of a kiosk's forked chain at the hub (issue 15, item 4). A fork (store/post-events.ts)
// stops the hub taking anything more from the kiosk: typically the kiosk PC was restored from its own backup
// and then journaled other events under the same ids. Until now only re-enrolling the kiosk under a new id
// got it shipping again. Accepting the fork keeps both stories:
// - the events the hub received from the accepted point on are NOT deleted: they move to an archived chain
//   `K2~fork1` (same table, same columns, the ids and links untouched), so they stay evidence, in the reports
//   (a payment the restored kiosk no longer knows was still taken) and checkable link by link;
// - the kiosk's head at the hub goes back to the event before that point, so the kiosk's journal as it is now
//   is received from there, checked link by link as always;
// - the decision is journaled (`post.chain-fork-accepted`: who, why, from where, what was archived) and the
//   kiosk's link view shows it (forkAccepted).
import type { Db } from './db';
import { appendEvent } from './events';
import { prepared } from './statements';

export const FORK_ACCEPTED = 'post.chain-fork-accepted';

export interface AcceptForkInput {
  kioskId: string;
  /** The first event id taken again from the kiosk; default: where the fork was found. */
  from?: number;
  by: string;
  reason: string;
  at?: Date;
}

export type AcceptForkResult =
  | { ok: true; kioskId: string; from: number; forkAt: number; archivedAs: string; archived: number; heldThrough: number; eventId: number }
  | { ok: false; reason: 'unknown' | 'not-forked' | 'bad-from'; detail: string };

export interface ForkAcceptance {
  at: string;
  by: string;
  reason: string;
  from: number;
  forkAt: number;
  archivedAs: string;
  archived: number;
}

interface ForkHead {
  last_id: number;
  keyed_from: number | null;
  fork_at_id: number | null;
  fork_reason: string | null;
}

/** The archived chains of a kiosk are `<kioskId>~fork<n>`: `~` is in no kiosk id (server/post/trust enrol ids). */
const archiveLike = (kioskId: string) => `${kioskId.replace(/[%_\\]/g, '\\$&')}~fork%`;

export function acceptFork(db: Db, i: AcceptForkInput): AcceptForkResult {
  const at = i.at ?? new Date();
  return db
    .transaction((): AcceptForkResult => {
      const head = prepared(db, 'SELECT last_id, keyed_from, fork_at_id, fork_reason FROM post_kiosk_heads WHERE kiosk_id = ?').get(i.kioskId) as
        ForkHead | undefined;
      if (!head) return { ok: false, reason: 'unknown', detail: `kiosk ${i.kioskId} never shipped events to this hub (see kiosk hub kiosks)` };
      if (head.fork_at_id === null)
        return { ok: false, reason: 'not-forked', detail: `kiosk ${i.kioskId}'s chain is not forked at this hub: there is nothing to accept` };
      const forkAt = head.fork_at_id;
      const from = i.from ?? forkAt;
      if (!Number.isInteger(from) || from < 1 || from > forkAt)
        return {
          ok: false,
          reason: 'bad-from',
          detail: `--from must be an event id from 1 to ${forkAt} (where kiosk ${i.kioskId}'s chain parted from the hub's copy), not ${from}`,
        };
      const n = (
        prepared(db, "SELECT count(DISTINCT kiosk_id) AS n FROM post_received_events WHERE kiosk_id LIKE ? ESCAPE '\\'").get(archiveLike(i.kioskId)) as {
          n: number;
        }
      ).n;
      const archivedAs = `${i.kioskId}~fork${n + 1}`;
      const archived = prepared(db, 'UPDATE post_received_events SET kiosk_id = ? WHERE kiosk_id = ? AND id >= ?').run(archivedAs, i.kioskId, from).changes;
      const before =
        from === 1
          ? ''
          : ((prepared(db, 'SELECT hash FROM post_received_events WHERE kiosk_id = ? AND id = ?').get(i.kioskId, from - 1) as { hash: string } | undefined)
              ?.hash ?? '');
      // Keyed links pinned at or after the accepted point are the kiosk's word again (pinned at its next batch).
      const keyedFrom = head.keyed_from !== null && head.keyed_from >= from ? null : head.keyed_from;
      prepared(
        db,
        `UPDATE post_kiosk_heads SET last_id = ?, last_hash = ?, keyed_from = ?, fork_at_id = NULL, fork_reason = NULL, forked_at = NULL
         WHERE kiosk_id = ?`,
      ).run(from - 1, before, keyedFrom, i.kioskId);
      const eventId = appendEvent(db, {
        kind: FORK_ACCEPTED,
        subject: i.kioskId,
        at,
        payload: {
          kioskId: i.kioskId,
          from,
          forkAt,
          forkReason: head.fork_reason,
          archivedAs,
          archived,
          heldThrough: head.last_id,
          by: i.by,
          reason: i.reason,
        },
      });
      return { ok: true, kioskId: i.kioskId, from, forkAt, archivedAs, archived, heldThrough: from - 1, eventId };
    })
    .immediate();
}

/** The latest accepted fork of each kiosk, by kiosk id (for the hub's view of its kiosks). */
export function forkAcceptances(db: Db): Map<string, ForkAcceptance> {
  const rows = prepared(db, 'SELECT subject, at, payload FROM events WHERE kind = ? ORDER BY id').all(FORK_ACCEPTED) as Array<{
    subject: string;
    at: string;
    payload: string;
  }>;
  const out = new Map<string, ForkAcceptance>();
  for (const r of rows) {
    const p = JSON.parse(r.payload) as Record<string, unknown>;
    out.set(r.subject, {
      at: r.at,
      by: String(p.by),
      reason: String(p.reason),
      from: Number(p.from),
      forkAt: Number(p.forkAt),
      archivedAs: String(p.archivedAs),
      archived: Number(p.archived),
    });
  }
  return out;
}
