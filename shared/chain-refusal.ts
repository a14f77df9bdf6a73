// What a receiver of a hash chain (the post hub for its kiosks, store/post-events.ts; the central service for its
// posts, central/ingest/ingest.ts) answers to a batch: what it holds now, and, for a batch that does not link to
// that, why and from where to send again.

/** The chain as the receiver holds it after the batch, and what the batch added. */
export interface ChainHeld {
  acceptedThrough: number;
  acceptedHash: string;
  inserted: number;
  duplicates: number;
}

/** A batch that does not link: a gap (events missing before it), a fork (another history), or a chain forked before. */
export type ChainRefusal = {
  ok: false;
  reason: 'gap' | 'fork' | 'forked';
  detail: string;
  expectedFrom: number;
  missing?: { from: number; to: number };
  forkAt?: number;
} & ChainHeld;
