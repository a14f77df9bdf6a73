// The pure rules of a shipped hash chain (issues 15 and 16), one definition for the hub that takes a kiosk's
// journal (store/post-events.ts) and the central service that takes a post's chains (central/ingest/): an
// event follows the one held before it when its id is the next, its prev_hash is that event's link, and (where
// the links are plain SHA-256, before `keyedFrom`) its own link matches its content. Keyed links are HMACs under
// the journal's key, which the receiver does not hold: for those only continuity is checked.
import { createHash } from 'node:crypto';

/** The plain link of an event: SHA-256 over the previous link and the event as stored. */
export function eventHash(prevHash: string, at: string, kind: string, subject: string | null, payload: string): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, at, kind, subject, payload]))
    .digest('hex');
}

export interface ChainTip {
  id: number;
  hash: string;
}

export interface LinkedEvent {
  id: number;
  at: string;
  kind: string;
  subject: string | null;
  payload: string;
  prevHash: string;
  hash: string;
}

/** gap: ids from..to are missing before the event; unlinked: its prev_hash is not the held link; altered: its own link does not match it. */
export type LinkFault = { fault: 'gap'; from: number; to: number } | { fault: 'unlinked' } | { fault: 'altered' };

/** Whether `e` (an id above `last`) follows `last` on the chain; null when it does. */
export function checkNextLink(last: ChainTip, e: LinkedEvent, keyedFrom: number | null): LinkFault | null {
  if (e.id > last.id + 1) return { fault: 'gap', from: last.id + 1, to: e.id - 1 };
  if (e.prevHash !== last.hash) return { fault: 'unlinked' };
  if ((keyedFrom === null || e.id < keyedFrom) && eventHash(e.prevHash, e.at, e.kind, e.subject, e.payload) !== e.hash) return { fault: 'altered' };
  return null;
}

/**
 * Where keyed links start is pinned at the sender's first word: moving it later would let keyed (uncheckable)
 * links pass for plain ones, or the reverse. A chain may become keyed only above what is held.
 */
export function checkKeyedFrom(
  held: number | null,
  said: number | null,
  lastId: number,
): { ok: true; keyedFrom: number | null; changed: boolean } | { ok: false; atId: number } {
  if (said === held) return { ok: true, keyedFrom: held, changed: false };
  if (held === null && said !== null && said > lastId) return { ok: true, keyedFrom: said, changed: true };
  return { ok: false, atId: Math.min(said ?? Infinity, held ?? Infinity, lastId + 1) };
}
